namespace Disclosure.Plan;

/// <summary>
/// What has been done so far, as the obligation calculator needs it: per column the latest publication date,
/// the recorded events that start a working-day deadline, and the tasks an administrator marked complete.
/// </summary>
public sealed record PublicationFacts
{
    public static readonly PublicationFacts None = new();

    /// <summary>Column code → China date of its latest published item.</summary>
    public IReadOnlyDictionary<string, DateOnly> LatestPublishedOn { get; init; } = new Dictionary<string, DateOnly>();
    public IReadOnlyList<RecordedEvent> Events { get; init; } = [];
    /// <summary>Task id → China date it was completed.</summary>
    public IReadOnlyDictionary<string, DateOnly> CompletedTasks { get; init; } = new Dictionary<string, DateOnly>();

    public DateOnly? Latest(string column) => LatestPublishedOn.TryGetValue(column, out var d) ? d : null;
}

/// <summary>
/// An event that obliges a publication (预算批复, 人员变动, 行政许可决定 …). <see cref="DisclosedOn"/> is set when the
/// item disclosing it was published; until then the event has an open deadline.
/// </summary>
public sealed record RecordedEvent
{
    /// <summary>Stable and safe for ids (letters, digits, '-', '.'), e.g. the decision's number transliterated or a GUID.</summary>
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required DateOnly OccurredOn { get; init; }
    public string Title { get; init; } = "";
    public DateOnly? DisclosedOn { get; init; }
}

/// <summary>Where the reminder run learns what has been published; the lead implements it over the items and events tables.</summary>
public interface IPublicationFacts
{
    Task<PublicationFacts> LoadAsync(int year, DateOnly today, CancellationToken ct);
}
