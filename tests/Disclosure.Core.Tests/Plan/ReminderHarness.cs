using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Notifications;
using Disclosure.Plan;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Plan;

/// <summary>The reminder run wired as in production, with the in-memory outbox and a scripted publication log.</summary>
public sealed class ReminderHarness
{
    public static readonly WorkingDayCalendar WorkingDays = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
    public static readonly CatalogueSettings CatalogueData = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    public static DisclosurePlan SeedPlan() => PlanLoader.Load(PlanLoader.FileFor(2026));

    /// <summary>The seed plan's departments and leadership group with only the given columns and no phase tasks.</summary>
    public static DisclosurePlan PlanWith(params PlanColumn[] columns)
    {
        var seed = SeedPlan();
        return seed with { Columns = columns, Phases = seed.Phases.Select(p => p with { Tasks = [] }).ToList() };
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 12, 30, 0, 0, 0, TimeSpan.Zero));
    public InMemoryOutbox Outbox { get; } = new();
    public ScriptedFacts Facts { get; } = new();
    public ReminderOptions Options { get; }
    public ReminderRun Run { get; }

    public ReminderHarness(DisclosurePlan plan, ReminderOptions? options = null)
    {
        Options = options ?? new ReminderOptions();
        var store = new InMemoryPlanStore();
        store.TrySaveAsync(plan.Year, PlanLoader.Serialize(plan), null).GetAwaiter().GetResult();
        var plans = new PlanService(store, CatalogueData);
        Run = new ReminderRun(plans, Facts, WorkingDays, Outbox, new OutboxNotifier(Outbox, Time), Options);
    }

    /// <summary>The timer's instant for a China date: 22:30 UTC the evening before = 06:30 China time.</summary>
    public static DateTimeOffset TimerInstant(DateOnly chinaDay)
        => new DateTimeOffset(chinaDay.ToDateTime(new TimeOnly(6, 30)), ChinaTime.Offset).ToUniversalTime();

    /// <summary>Runs the timer for the day <paramref name="runs"/> times (a duplicate or a second host) and returns what it recorded.</summary>
    public async Task<IReadOnlyList<OutboxDelivery>> RunOnAsync(DateOnly day, int runs = 1, TimeSpan? late = null)
    {
        var before = Outbox.All.Select(d => d.DeliveryId).ToHashSet();
        for (var i = 0; i < runs; i++)
        {
            var at = TimerInstant(day) + (late ?? TimeSpan.Zero) + TimeSpan.FromMinutes(i);
            if (at > Time.GetUtcNow()) Time.SetUtcNow(at);
            await Run.RunAsync(Time.GetUtcNow());
        }
        return Outbox.All.Where(d => !before.Contains(d.DeliveryId)).ToList();
    }

    /// <summary>Every day of the year, twice a day; the recorded deliveries by China day.</summary>
    public async Task<SortedDictionary<DateOnly, List<OutboxDelivery>>> RunYearAsync(int year = 2026, int runsPerDay = 2,
        Action<DateOnly>? beforeDay = null)
    {
        var byDay = new SortedDictionary<DateOnly, List<OutboxDelivery>>();
        for (var day = new DateOnly(year, 1, 1); day.Year == year; day = day.AddDays(1))
        {
            beforeDay?.Invoke(day);
            var recorded = await RunOnAsync(day, runsPerDay);
            if (recorded.Count > 0) byDay[day] = recorded.ToList();
        }
        return byDay;
    }

    public static List<DateOnly> DaysFor(SortedDictionary<DateOnly, List<OutboxDelivery>> byDay, string recipient)
        => byDay.Where(kv => kv.Value.Any(d => d.RecipientCode == recipient)).Select(kv => kv.Key).ToList();

    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
