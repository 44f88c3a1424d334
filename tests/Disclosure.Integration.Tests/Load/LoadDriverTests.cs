using Disclosure.LoadDriver;
using Xunit.Abstractions;

namespace Disclosure.Integration.Tests.Load;

/// <summary>
/// The load driver at a size that fits the test run (60 items, 8 clients, until every clean item is 已发布 and every
/// blocked one 已退回; <c>DISCLOSURE_LOAD_ITEMS</c> and
/// <c>DISCLOSURE_LOAD_CLIENTS</c> make it bigger), on its own local host and Azurite, so no other test's host takes its
/// queue messages.
/// </summary>
public class LoadDriverTests(ITestOutputHelper output)
{
    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var n) && n > 0 ? n : fallback;

    [Fact]
    public async Task Concurrent_submissions_are_each_published_exactly_once_or_returned_none_lost_none_duplicated_each_with_its_own_index_number()
    {
        var options = new LoadOptions
        {
            Items = Setting("DISCLOSURE_LOAD_ITEMS", 60), Clients = Setting("DISCLOSURE_LOAD_CLIENTS", 8),
            Until = FinalState.Published, Timeout = TimeSpan.FromMinutes(3),
        };
        var log = new StringWriter();
        var report = await LoadRun.RunAsync(options, log);
        output.WriteLine(log.ToString());

        Assert.True(report.Passed, log.ToString());
        Assert.Equal(options.Items, report.Accepted);
        Assert.Equal((0, 0, 0, 0), (report.Lost, report.Duplicated, report.BlockedThatPassed, report.NotFinal));
        Assert.Equal(options.Items, report.DistinctIndexNumbers);
        var blocked = options.Items / options.BlockedEvery;
        Assert.Equal(options.Items - blocked, report.PublishedOnce);
        Assert.Equal(blocked, report.BlockedReturned);
        Assert.Equal(new Dictionary<string, int> { ["Published"] = options.Items - blocked, ["Returned"] = blocked }, report.States);
        Assert.True(report.Publications >= 2, "at least one run that published and the one that found nothing new");
        Assert.True(report.P50 > TimeSpan.Zero && report.P50 <= report.P95 && report.P95 <= report.P99);
        // Every published item found by its title through the portal's query service, as the only result.
        Assert.Equal((options.Items - blocked, options.Items - blocked), (report.Search!.Found, report.Search.Queries - report.Search.Busy));
    }
}
