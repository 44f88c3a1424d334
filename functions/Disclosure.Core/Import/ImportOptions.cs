namespace Disclosure.Import;

/// <summary>Settings section <c>Import</c>: what the office decided about items a 历史导入 brings in.</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>
    /// <c>Import__HoldItemsWithFindings</c>: an imported item on which the automated checks find something for a person
    /// (an ID number already public on the old site) waits in the review queue (待审核) instead of being published with
    /// the others. Either way the findings are reported to the item's department. Items without findings are published
    /// by the next run: they were reviewed when the earlier system published them.
    /// </summary>
    public bool HoldItemsWithFindings { get; set; } = true;
}
