using Disclosure.Workbench;

namespace Disclosure.Inspection.SelfInspection;

/// <summary>The admin area's list of stored self-inspection reports (template <c>inspection-list</c>).</summary>
[PageModel]
public sealed record InspectionListModel(IReadOnlyList<InspectionListRow> Rows);

[PageModel]
public sealed record InspectionListRow(string Date, string DateText, string Html, string Json, string Csv);
