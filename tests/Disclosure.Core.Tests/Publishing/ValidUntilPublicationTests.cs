using Disclosure.Items;
using Disclosure.Publishing;

namespace Disclosure.Tests.Publishing;

/// <summary>
/// 有效期 of a 行政规范性文件 (issue 15; 国办发〔2017〕47号: an expired document is marked as such on its page). Unlike the
/// 公开时限, the document stays public: from the day after its 有效期 its page and every list say 失效, whatever the
/// stored statement says, and the first nightly run after that day writes them again on its own.
/// </summary>
public class ValidUntilPublicationTests
{
    private const string Title = "市科学技术局关于科技计划项目管理的办法";
    private static readonly DateOnly LastDay = new(2026, 12, 10);

    // 2026-11-30 02:00 in China, the nightly run's hour.
    private readonly PublicationBed _bed = new(new DateTimeOffset(2026, 11, 29, 18, 0, 0, TimeSpan.Zero));

    private Task<PublicationResult> NightlyAsync() => _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);

    private Task<DisclosureItem> ReadyAsync(DateOnly? validUntil) =>
        _bed.ReadyAsync(Title, "第一条 为规范科技计划项目管理，制定本办法。", "李处长", ("approved", "审核员"),
            i => i with
            {
                ColumnCode = "zcfg", Genre = "行政规范性文件", DepartmentCode = "zcfgc", FormedOn = new DateOnly(2021, 11, 20),
                EffectiveFrom = new DateOnly(2021, 12, 11), ValidUntil = validUntil,
            },
            null, Guid.NewGuid().ToString("N"));

    private static string ValidityCell(string page) =>
        page[(page.IndexOf("<dt>有效性</dt>", StringComparison.Ordinal) + "<dt>有效性</dt>".Length)..][..60];

    [Fact]
    public async Task A_document_past_its_validity_period_shows_expired_from_the_next_day_on_its_page_and_in_the_lists()
    {
        var item = await ReadyAsync(LastDay);
        await NightlyAsync();
        var page = _bed.Text($"items/{item.Id}.html");
        Assert.Contains(">有效</dd>", ValidityCell(page));
        Assert.Contains("<dt>施行日期</dt><dd><time datetime=\"2021-12-11\">2021-12-11</time></dd>", page);
        Assert.Contains("<dt>有效期</dt><dd>至 <time datetime=\"2026-12-10\">2026-12-10</time></dd>", page);

        // 2026-12-11 02:00 in China: the run writes the page and its lists again, and the statement (有效) does not matter.
        _bed.Time.SetUtcNow(new DateTimeOffset(2026, 12, 10, 18, 0, 0, TimeSpan.Zero));
        _bed.Site.ResetCounters();
        await NightlyAsync();

        Assert.True(_bed.Site.Writes > 0);
        page = _bed.Text($"items/{item.Id}.html");
        Assert.Contains(">失效</dd>", ValidityCell(page));
        Assert.Contains("本文件已失效。", page);
        Assert.Contains(Title, page); // still public: an expired document keeps its page
        Assert.Contains("失效", _bed.Text("catalogue/zcfg/p/1.html"));
        Assert.Equal(Validity.InForce, (await _bed.Items.GetAsync(item.Id))!.Item.Validity); // the statement is not rewritten

        // Nothing changes the next night.
        _bed.Time.SetUtcNow(new DateTimeOffset(2026, 12, 11, 18, 0, 0, TimeSpan.Zero));
        _bed.Site.ResetCounters();
        await NightlyAsync();
        Assert.Equal(0, _bed.Site.Writes);
    }

    [Fact]
    public async Task On_the_last_day_of_its_validity_period_the_document_is_still_in_force()
    {
        _bed.Time.SetUtcNow(new DateTimeOffset(2026, 12, 9, 18, 0, 0, TimeSpan.Zero)); // 2026-12-10 02:00 in China
        var item = await ReadyAsync(LastDay);
        await NightlyAsync();
        Assert.Contains(">有效</dd>", ValidityCell(_bed.Text($"items/{item.Id}.html")));
    }
}
