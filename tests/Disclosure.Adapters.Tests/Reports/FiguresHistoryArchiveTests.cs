using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Adapters.Tests.Reports;

/// <summary>
/// The 修改记录 beyond what the figures record keeps is in archived parts: every save once, newest first across the
/// pages; a part is written before the conditional save that drops its saves from the record, so a save that loses its
/// race loses nothing and duplicates nothing.
/// </summary>
public class FiguresHistoryArchiveTests(ReportsAzurite azurite) : IClassFixture<ReportsAzurite>
{
    private const int Part = FiguresHistory.SavesPerArchivedPart;

    [Fact]
    public async Task Every_save_is_on_one_page_newest_first_across_the_record_and_its_parts()
    {
        var (store, service) = FiguresHistoryBoundTests.New(azurite.ConnectionString);
        // The record reaches twice a part at the save 2 × Part, and again a part later: two parts archived, 10 + Part kept.
        for (var n = 1; n <= 3 * Part + 10; n++)
            Assert.True((await service.SaveFiguresAsync(2025, FiguresHistoryBoundTests.Save(n), "管理员")).Saved);

        var record = (await store.GetFiguresAsync(2025))!;
        Assert.Equal(2 * Part, record.HistoryArchived);
        Assert.Equal(Part + 10, record.History.Count);

        var values = new List<string>();
        var pages = new List<int?> { null };
        var page = await service.GetFiguresHistoryAsync(2025, null);
        while (true)
        {
            Assert.NotNull(page);
            values.AddRange(page.Saves.Select(s => s.Changes.Single().After));
            if (page.OlderPart is not { } older) break;
            pages.Add(older);
            page = await service.GetFiguresHistoryAsync(2025, older);
        }
        Assert.Equal([null, 1, 0], pages);
        Assert.Equal(Enumerable.Range(1, 3 * Part + 10).Reverse().Select(n => n.ToString()), values);
        Assert.Null(await service.GetFiguresHistoryAsync(2025, 2));
        Assert.Null(await service.GetFiguresHistoryAsync(2024, null));
    }

    [Fact]
    public async Task Of_two_saves_based_on_one_version_that_fills_the_record_one_wins_and_nothing_is_lost_or_doubled()
    {
        var (store, service) = FiguresHistoryBoundTests.New(azurite.ConnectionString);
        for (var n = 1; n < 2 * Part; n++)
            Assert.True((await service.SaveFiguresAsync(2025, FiguresHistoryBoundTests.Save(n), "管理员")).Saved);
        var seen = (await store.GetFiguresVersionAsync(2025))!.Version;

        var first = await service.SaveFiguresAsync(2025, FiguresHistoryBoundTests.Save(1000), "甲", FiguresBasis.On(seen));
        var second = await service.SaveFiguresAsync(2025, FiguresHistoryBoundTests.Save(2000), "乙", FiguresBasis.On(seen));

        Assert.True(first.Saved);
        Assert.Equal(FiguresSaveOutcome.Stale, second.Outcome);
        var record = (await store.GetFiguresAsync(2025))!;
        Assert.Equal(Part, record.HistoryArchived);
        var all = (await service.GetFiguresHistoryAsync(2025, null))!.Saves.Concat((await service.GetFiguresHistoryAsync(2025, 0))!.Saves)
            .Select(s => s.Changes.Single().After).ToList();
        Assert.Equal(Enumerable.Range(1, 2 * Part - 1).Reverse().Select(n => n.ToString()).Prepend("1000"), all);
    }
}
