using Disclosure.Templating;

namespace Disclosure.Inspection.SelfInspection;

/// <summary>
/// The report as one self-contained HTML document (<c>Templates/self-inspection-report.liquid</c>): no script, no
/// external file, charts drawn as inline SVG with a title and a description, each followed by its figures as a table
/// (so a screen reader and a printout both have the numbers). Printing keeps sections together and drops the screen colours.
/// </summary>
public static class SelfInspectionHtml
{
    private const string Template = "Inspection/SelfInspection/Templates/self-inspection-report";
    private static readonly EmbeddedTemplates Templates = ReportTemplates.Create(SelfInspectionPage.ViewTypes);

    public static string Render(SelfInspectionReport report) => Templates.Render(Template, SelfInspectionPage.From(report));
}
