using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Statistics;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Statistics;

/// <summary>
/// Known items with known audit trails, and each figure of the statistics checked: submitted by month, returns from the
/// audit trail, published on time or late against the catalogue's deadline rule (20 working days of the 调休 calendar),
/// and unpublished items counted overdue in the month their deadline passed; a department sees its own.
/// </summary>
public class DisclosureStatisticsTests
{
    private static readonly CatalogueSettings Bureau = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryItemStore _items = new();
    private int _serial;

    private static DateTimeOffset China(int year, int month, int day) => new(year, month, day, 10, 0, 0, TimeSpan.FromHours(8));

    private async Task SeedAsync(string department, string column, DateOnly formedOn, DateTimeOffset submittedAt, DateOnly? publishedOn,
        ItemState state, params DateTimeOffset[] returnedAt)
    {
        var serial = ++_serial;
        var item = new DisclosureItem
        {
            Id = $"{serial:D32}", IndexNumber = new IndexNumber("000000000", 2026, serial), Title = $"统计用信息{serial}", ColumnCode = column,
            Genre = column == "gzdt" ? "动态" : "通知", Publisher = "市科学技术局", DepartmentCode = department, FormedOn = formedOn,
            SubmittedBy = "王科员", SubmittedAt = submittedAt, UpdatedAt = submittedAt, State = ItemState.Submitted,
        };
        var stored = await _items.CreateAsync(item, ItemChange.Of(new AuditEntry { ItemId = item.Id, EventId = $"s{serial}", At = submittedAt, Actor = "王科员", Action = AuditAction.Submitted, To = ItemState.Submitted }));
        var n = 0;
        foreach (var at in returnedAt)
        {
            stored = await _items.UpdateAsync(stored.Item with { State = ItemState.Returned }, stored.ETag, ItemChange.Of(new AuditEntry
            {
                ItemId = item.Id, EventId = $"r{serial}-{n++}", At = at, Actor = "李审核", Action = AuditAction.ReviewRejected, From = ItemState.AwaitingReview, To = ItemState.Returned,
            }));
        }
        if (state == stored.Item.State) return;
        var final = stored.Item with { State = state, PublishedOn = publishedOn, PublishedVersion = publishedOn is null ? null : 1 };
        await _items.UpdateAsync(final, stored.ETag, ItemChange.Of(new AuditEntry { ItemId = item.Id, EventId = $"f{serial}", At = submittedAt.AddDays(1), Actor = "系统", Action = "seed", To = state }));
    }

    private async Task SeedTheYearAsync()
    {
        // A: 通知公告, 成文 11-02, due 20 working days later (11-30); returned once on 11-05, published 11-10: on time.
        await SeedAsync("bgs", "tzgg", new DateOnly(2026, 11, 2), China(2026, 11, 3), new DateOnly(2026, 11, 10), ItemState.Published, China(2026, 11, 5));
        // B: 成文 09-01 (due before the National Day holiday ends), submitted 10-09, published 10-20: late, in October.
        await SeedAsync("bgs", "tzgg", new DateOnly(2026, 9, 1), China(2026, 10, 9), new DateOnly(2026, 10, 20), ItemState.Published);
        // C: 工作动态, 成文 10-12, submitted 10-13, still waiting for review on 12-04: its deadline (11-09) passed in November.
        await SeedAsync("bgs", "gzdt", new DateOnly(2026, 10, 12), China(2026, 10, 13), null, ItemState.AwaitingReview);
        // D: another department's, submitted in November, not yet due; returned twice (in November and December).
        await SeedAsync("cwc", "tzgg", new DateOnly(2026, 11, 20), China(2026, 11, 21), null, ItemState.Returned, China(2026, 11, 25), China(2026, 12, 2));
        // E: last year's item, published last year: in no 2026 figure.
        await SeedAsync("bgs", "tzgg", new DateOnly(2025, 6, 2), China(2025, 6, 3), new DateOnly(2025, 6, 10), ItemState.Published);
    }

    private DisclosureStatistics Statistics() => new(_items, _items, Bureau, Calendar, _time);

    [Fact]
    public void The_deadlines_the_figures_rest_on_are_the_calendars()
    {
        var deadlines = new Disclosure.Deadlines.ItemDeadlines(Bureau, Calendar);
        var rule = deadlines.RuleFor("tzgg", "通知");
        Assert.Equal(CalendarAnswer<DateOnly>.Of(new DateOnly(2026, 11, 30)), deadlines.Due(rule, new DateOnly(2026, 11, 2)));
        Assert.True(deadlines.Due(rule, new DateOnly(2026, 9, 1)).TryGetValue(out var dueB, out _) && dueB < new DateOnly(2026, 10, 20));
        Assert.True(deadlines.Due(deadlines.RuleFor("gzdt", "动态"), new DateOnly(2026, 10, 12)).TryGetValue(out var dueC, out _) && dueC.Month == 11);
    }

    [Fact]
    public async Task A_department_sees_its_own_figures_by_month_and_column()
    {
        await SeedTheYearAsync();
        var report = await Statistics().ForYearAsync(2026, "bgs");

        Assert.Equal("办公室", report.ScopeName);
        Assert.Equal(
            [
                ("2026-10", "gzdt", 1, 0, 0, 0, 0),
                ("2026-10", "tzgg", 1, 0, 1, 0, 1),
                ("2026-11", "gzdt", 0, 0, 0, 0, 1),
                ("2026-11", "tzgg", 1, 1, 1, 1, 0),
            ],
            report.Rows.Select(r => (r.Month, r.ColumnCode, r.Submitted, r.Returned, r.Published, r.PublishedOnTime, r.Overdue)).OrderBy(r => r.Month).ThenBy(r => r.ColumnCode));
        Assert.Equal((3, 1, 2, 1, 2), (report.Total.Submitted, report.Total.Returned, report.Total.Published, report.Total.PublishedOnTime, report.Total.Overdue));
        Assert.Equal(12, report.Months.Count);
        Assert.Equal((2, 1, 1), (report.Months[9].Submitted, report.Months[9].Published, report.Months[9].Overdue));
        Assert.Equal(0, report.DeadlineUnknown);
    }

    [Fact]
    public async Task The_office_sees_every_department_together()
    {
        await SeedTheYearAsync();
        var report = await Statistics().ForYearAsync(2026, null);

        Assert.Equal("全部处室", report.ScopeName);
        Assert.Equal((4, 3, 2, 1, 2), (report.Total.Submitted, report.Total.Returned, report.Total.Published, report.Total.PublishedOnTime, report.Total.Overdue));
        var novemberNotices = report.Rows.Single(r => r.Month == "2026-11" && r.ColumnCode == "tzgg");
        Assert.Equal((2, 2), (novemberNotices.Submitted, novemberNotices.Returned));
        Assert.Equal(1, report.Rows.Single(r => r.Month == "2026-12" && r.ColumnCode == "tzgg").Returned);
        Assert.Equal(1, (await Statistics().ForYearAsync(2025, null)).Total.Published);
        // The returns come from one read of the year's audit trail: the page read every item's trail, one by one.
        Assert.Equal(0, _items.PerItemAuditReads);
    }

    [Fact]
    public async Task The_chart_has_a_bar_per_month_and_series_and_says_the_totals_in_its_description()
    {
        await SeedTheYearAsync();
        var report = await Statistics().ForYearAsync(2026, "bgs");
        var chart = StatisticsChart.From(report);

        Assert.Equal(36, chart.Bars.Count);
        Assert.Contains(chart.Bars, b => b.Label == "10月逾期 1 条" && double.Parse(b.Height, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains(chart.Bars, b => b.Label == "1月报送 0 条" && b.Height == "0");
        Assert.Contains("共报送 3 条，退回 1 次，发布 2 条（按时 1 条），逾期 2 条", chart.Description);
    }
}
