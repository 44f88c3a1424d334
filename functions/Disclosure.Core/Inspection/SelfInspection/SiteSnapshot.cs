namespace Disclosure.Inspection.SelfInspection;

/// <summary>
/// The published portal as an inspector sees it: every file's path (relative to the site root, no leading slash, as the
/// <c>$web</c> container names its blobs) and the HTML of every page. The adapter lists and reads the container; tests
/// give a handful of pages.
/// </summary>
public interface ISiteSnapshot
{
    /// <summary>Every file of the site, pages and attachments alike.</summary>
    Task<IReadOnlySet<string>> ListPathsAsync(CancellationToken ct = default);

    /// <summary>Every HTML page with its markup, read one at a time so a large site is never held in memory at once.</summary>
    IAsyncEnumerable<SitePage> ReadPagesAsync(CancellationToken ct = default);
}

/// <summary>One HTML page of the site: its path (no leading slash) and its markup.</summary>
public sealed record SitePage(string Path, string Html);

/// <summary>
/// Counts messages that failed too often and were moved to poison queues (<c>{queue}-poison</c>): each is a piece of
/// work (a check, a page rendering) that never happened.
/// </summary>
public interface IPoisonQueueCounter
{
    Task<IReadOnlyList<PoisonQueueCount>> CountAsync(CancellationToken ct = default);
}

public sealed record PoisonQueueCount(string Queue, int Messages);

/// <summary>Compliance findings as stored by the review pipeline, counted by rule over a period.</summary>
public interface IReviewFindingSource
{
    Task<IReadOnlyList<FindingCount>> CountByRuleAsync(DateOnly from, DateOnly to, CancellationToken ct = default);
}

public sealed record FindingCount(string RuleId, int Findings);

/// <summary>
/// Where the reports are kept: <c>self-inspection/{yyyy-MM-dd}/report.html|json|csv</c> in the reports container. Saving
/// the same date again replaces the files, so a timer that fires twice leaves one report.
/// </summary>
public interface ISelfInspectionStore
{
    Task SaveAsync(DateOnly date, IReadOnlyList<ReportFile> files, CancellationToken ct = default);

    /// <summary>A stored file, or null.</summary>
    Task<ReportFile?> GetAsync(DateOnly date, string fileName, CancellationToken ct = default);

    /// <summary>
    /// A page of those days, newest first, continuing with the days before <paramref name="before"/> (a page's
    /// <see cref="InspectionDatePage.Next"/>, or null for the newest) without listing the newer ones again.
    /// </summary>
    Task<InspectionDatePage> ListDatesPageAsync(int pageSize, DateOnly? before, CancellationToken ct = default);
}

/// <summary>Report days, newest first; <see cref="Next"/> is the oldest of them when older ones exist, null on the last page.</summary>
public sealed record InspectionDatePage(IReadOnlyList<DateOnly> Dates, DateOnly? Next);

public sealed record ReportFile(string Name, string ContentType, byte[] Content);
