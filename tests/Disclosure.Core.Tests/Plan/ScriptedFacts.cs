using Disclosure.Plan;

namespace Disclosure.Tests.Plan;

/// <summary>
/// What the departments published during a test year, told as a log; answers as of the day asked, as the items
/// table would (nothing published after "today" is visible).
/// </summary>
public sealed class ScriptedFacts : IPublicationFacts
{
    public List<(string Column, DateOnly On)> Publications { get; } = [];
    public List<RecordedEvent> Events { get; } = [];
    public Dictionary<string, DateOnly> CompletedTasks { get; } = [];

    public Task<PublicationFacts> LoadAsync(int year, DateOnly today, CancellationToken ct)
        => Task.FromResult(new PublicationFacts
        {
            LatestPublishedOn = Publications.Where(p => p.On <= today).GroupBy(p => p.Column).ToDictionary(g => g.Key, g => g.Max(p => p.On)),
            Events = Events.Where(e => e.OccurredOn <= today)
                .Select(e => e.DisclosedOn > today ? e with { DisclosedOn = null } : e).ToList(),
            CompletedTasks = CompletedTasks.Where(t => t.Value <= today).ToDictionary(),
        });
}
