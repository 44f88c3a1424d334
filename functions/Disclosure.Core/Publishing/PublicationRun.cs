namespace Disclosure.Publishing;

/// <summary>How a publication run ended, as the administrators' health details show it.</summary>
public enum PublicationRunOutcome
{
    Completed,
    /// <summary>The run finished but left items or pages out (named in the alert to the operators).</summary>
    CompletedWithItemsLeftOut,
    /// <summary>The run stopped with an error; the next run completes what it left (the site is recomputed from state).</summary>
    Failed,
}

/// <summary>
/// One publication run as recorded for operators: when it ran, what started it, how it ended and how much it wrote.
/// <see cref="Error"/> holds only the exception's type, never its message, which may quote an item.
/// </summary>
public sealed record PublicationRun(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    PublicationTrigger Trigger,
    PublicationRunOutcome Outcome,
    int ItemsPublished,
    int BlobsWritten,
    int BlobsDeleted,
    int ItemsLeftOut,
    string? Error = null);

/// <summary>
/// Where the last publication run is kept. Only the holder of the publication lock writes it, so there is one writer at a
/// time and the last write is the last run.
/// </summary>
public interface IPublicationRunLog
{
    Task RecordAsync(PublicationRun run, CancellationToken ct);

    /// <summary>The last run recorded, or null before the first one.</summary>
    Task<PublicationRun?> LastAsync(CancellationToken ct);
}
