using Disclosure.Items;
using Disclosure.Publishing;

namespace Disclosure.Portal.Tests.Pages;

/// <summary>
/// The affected-pages render must cover every file a full render would change, with the same bytes, and its size must
/// not depend on how many items the catalogue holds.
/// </summary>
public class AffectedPagesTests
{
    private static readonly PortalRenderer Renderer = new();

    /// <summary>Renders everything before and after <paramref name="change"/> and checks RenderChange against the difference.</summary>
    private static IReadOnlyList<SiteFile> AssertChangeCoversDifference(SamplePortal sample, Func<SamplePortal, PortalChange> change)
    {
        var before = Renderer.RenderSite(sample.Snapshot()).ToDictionary(f => f.Path, f => f.Sha256Hex());
        var portalChange = change(sample);
        var snapshot = sample.Snapshot();
        var after = Renderer.RenderSite(snapshot).ToDictionary(f => f.Path, f => f.Sha256Hex());
        var changed = after.Where(kv => !before.TryGetValue(kv.Key, out var old) || old != kv.Value).Select(kv => kv.Key).ToList();
        Assert.NotEmpty(changed);

        var partial = Renderer.RenderChange(snapshot, portalChange);
        var partialByPath = partial.ToDictionary(f => f.Path, f => f.Sha256Hex());
        foreach (var path in changed)
        {
            Assert.True(partialByPath.ContainsKey(path), $"局部生成遗漏了变化的页面 {path}");
        }
        foreach (var (path, hash) in partialByPath) Assert.Equal(after[path], hash);
        Assert.Equal(
            partial.Where(f => f.Path.StartsWith("items/", StringComparison.Ordinal)).Select(f => f.Path).Order(),
            PortalRenderer.ItemPagesAffectedBy(snapshot, portalChange).Select(id => PortalPaths.FilePath(PortalPaths.Item(id))).Order());
        return partial;
    }

    [Fact]
    public void Publishing_an_ordinary_item_renders_every_page_it_changes()
    {
        AssertChangeCoversDifference(SamplePortal.Full(), s => new PortalChange(s.Add("gzdt", "新动态", new DateOnly(2025, 12, 20)).Id));
    }

    [Fact]
    public void Publishing_the_first_item_of_a_new_column_page_also_renders_the_page_before_it()
    {
        var sample = SamplePortal.Full();
        for (var n = 0; n < 15; n++) sample.Add("gzdt", $"补充动态{n}", new DateOnly(2025, 12, 1));
        var files = AssertChangeCoversDifference(sample, s => new PortalChange(s.Add("gzdt", "第61条动态", new DateOnly(2025, 12, 21)).Id));
        Assert.Contains(files, f => f.Path == "columns/gzdt/p/4.html");
        Assert.Contains(files, f => f.Path == "columns/gzdt/p/3.html");
    }

    [Fact]
    public void Publishing_an_interpretation_renders_the_policy_page_with_its_new_link()
    {
        var files = AssertChangeCoversDifference(SamplePortal.Full(), s =>
        {
            var policy = s.Published.Single(i => i.Title == "市科技创新券管理办法");
            return new PortalChange(s.Add("zcjd", "第二篇解读", new DateOnly(2025, 12, 2), i => i with
            {
                Genre = "解读", Relation = Relation.Interprets, RelatedItemId = policy.Id,
            }).Id);
        });
        Assert.Contains(files, f => f.Path.StartsWith("items/", StringComparison.Ordinal) && f.Path.Contains("it000002"));
    }

    [Fact]
    public void Publishing_a_repeal_renders_the_original_and_its_catalogue_entries()
    {
        AssertChangeCoversDifference(SamplePortal.Full(), s =>
        {
            var original = s.Published.Single(i => i.Title == "市科技创新券管理办法");
            return new PortalChange(s.Add("zcfg", "市科技创新券管理办法（2026年修订）", new DateOnly(2026, 1, 5), i => i with
            {
                Genre = "行政规范性文件", Relation = Relation.Amends, RelatedItemId = original.Id,
            }).Id);
        });
    }

    [Fact]
    public void Withdrawing_an_old_item_renders_only_its_own_column_page()
    {
        var files = AssertChangeCoversDifference(SamplePortal.Full(), s =>
        {
            var item = s.Published.Single(i => i.Title == "科技工作动态第3期");
            s.Withdraw(item);
            return new PortalChange(item.Id, item);
        });
        Assert.Equal(["columns/gzdt/p/1.html"], files.Where(f => f.Path.StartsWith("columns/gzdt/p/", StringComparison.Ordinal)).Select(f => f.Path));
    }

    [Fact]
    public void The_end_of_a_policys_public_period_renders_its_notice_and_removes_the_link_from_its_interpretation()
    {
        var files = AssertChangeCoversDifference(SamplePortal.Full(), s =>
        {
            var policy = s.Published.Single(i => i.Title == "市科技创新券管理办法");
            s.Expire(policy with { PublicUntil = new DateOnly(2025, 12, 31) });
            return new PortalChange(policy.Id, policy);
        });
        Assert.Contains(files, f => f.Path == $"items/{SamplePortal.Full().Published.Single(i => i.Relation == Relation.Interprets).Id}.html");
    }

    [Fact]
    public void Withdrawing_an_interpretation_removes_the_link_from_its_policy()
    {
        AssertChangeCoversDifference(SamplePortal.Full(), s =>
        {
            var reading = s.Published.Single(i => i.Relation == Relation.Interprets);
            s.Withdraw(reading);
            return new PortalChange(reading.Id, reading);
        });
    }

    [Fact]
    public void A_backdated_item_renders_every_page_from_its_slot_onwards()
    {
        AssertChangeCoversDifference(SamplePortal.Full(), s => new PortalChange(s.Add("gzdt", "补发的旧动态", new DateOnly(2025, 6, 10)).Id));
    }

    [Fact]
    public void A_correction_that_moves_an_item_to_another_column_renders_both_columns()
    {
        AssertChangeCoversDifference(SamplePortal.Full(), s =>
        {
            var item = s.Published.Single(i => i.Title == "科技工作动态第10期");
            var corrected = item with { ColumnCode = "tzgg", Version = 2, Genre = "通知" };
            s.Published[s.Published.IndexOf(item)] = corrected;
            return new PortalChange(item.Id, item);
        });
    }

    [Fact]
    public void The_number_of_files_one_new_item_changes_does_not_grow_with_the_catalogue()
    {
        int FilesChangedByOneItem(int catalogueSize)
        {
            var sample = new SamplePortal();
            var columns = SamplePortal.Settings.Columns.Select(c => c.Code).ToArray();
            var start = new DateOnly(2020, 1, 1);
            for (var n = 0; n < catalogueSize; n++) sample.Add(columns[n % columns.Length], $"信息{n}", start.AddDays(n / 5));
            var item = sample.Add("gzdt", "最新动态", start.AddDays(catalogueSize / 5 + 1));
            return PortalRenderer.PagesAffectedBy(sample.Snapshot(), new PortalChange(item.Id)).Count;
        }

        // Sizes at which the new item starts no new page (a new page also renders the one before it): 500 items fill
        // ten 目录 pages of the year exactly, so the 501st would.
        var small = FilesChangedByOneItem(510);
        var large = FilesChangedByOneItem(5_010);
        Assert.Equal(small, large);
        Assert.InRange(large, 5, 12);
    }
}
