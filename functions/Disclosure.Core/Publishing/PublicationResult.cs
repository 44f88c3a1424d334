namespace Disclosure.Publishing;

/// <summary>What started a publication; written into the audit entries it makes.</summary>
public enum PublicationTrigger
{
    Nightly,
    OnDemand,
    SampleData,
    /// <summary>An approved withdrawal takes effect at once (see <see cref="PublicationService.RenderAsync"/>).</summary>
    Withdrawal,
}

/// <summary>The summary of one publication run (the HTTP answer and the log line).</summary>
public sealed record PublicationResult(
    bool AlreadyRunning,
    int ItemsPublished,
    int ItemsRecordedOnly,
    int ItemsWithdrawn,
    int ItemsChangedOnSite,
    bool FullRender,
    int BlobsWritten,
    int BlobsDeleted,
    IReadOnlyList<SkippedItem> Skipped,
    int ItemsExpired = 0,
    IReadOnlyList<SkippedPage>? PagesKept = null)
{
    public static readonly PublicationResult Busy = new(true, 0, 0, 0, 0, false, 0, 0, []);
}

/// <summary>
/// An item this run left out, and why: left 待发布 (the next run tries it again), or left out of what it would have broken
/// (its page, a list, a feed, the search index) while the rest of the run went on.
/// </summary>
public sealed record SkippedItem(string ItemId, string Reason);

/// <summary>A page other than an item's own that this run could not render; the site keeps the one it has.</summary>
public sealed record SkippedPage(string Path, string Reason);

/// <summary>Another publication holds the lock; the work is retried (the queue makes it visible again).</summary>
public sealed class PublicationBusyException() : Exception("另一次发布正在进行，稍后重试。");
