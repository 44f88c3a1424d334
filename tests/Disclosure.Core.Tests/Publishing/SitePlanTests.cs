using Disclosure.Items;
using Disclosure.Publishing;

namespace Disclosure.Tests.Publishing;

/// <summary>What the site is to show, decided from state alone: no store, no clock, no rendering.</summary>
public class SitePlanTests
{
    private static readonly DateOnly Today = new(2026, 3, 11);
    private static readonly DateOnly PublishedOn = new(2026, 3, 2);
    private int _serial;

    private DisclosureItem Published(string title, Func<DisclosureItem, DisclosureItem>? change = null)
    {
        var item = new DisclosureItem
        {
            Id = $"item-{++_serial}",
            IndexNumber = new IndexNumber("000000000", 2026, _serial),
            Title = title,
            ColumnCode = "tzgg",
            Genre = "通知",
            Publisher = "市科学技术局",
            DepartmentCode = "bgs",
            FormedOn = new DateOnly(2026, 3, 1),
            State = ItemState.Published,
            PublishedOn = PublishedOn,
            PublishedVersion = 1,
            SubmittedBy = "张三",
            SubmittedAt = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(8)),
        };
        return change is null ? item : change(item);
    }

    private static SiteManifest Showing(params (DisclosureItem Item, SiteItemEntry Entry)[] shown)
    {
        return new SiteManifest { Items = shown.ToDictionary(s => s.Item.Id, s => s.Entry, StringComparer.Ordinal) };
    }

    private static SiteItemEntry Page(int version = 1) => new(version, Withdrawn: false, PublishedOn, []);

    private static SitePlan Decide(SiteManifest manifest, params DisclosureItem[] items) => Decide(manifest, [], items);

    private static SitePlan Decide(SiteManifest manifest, IReadOnlyList<DisclosureItem> versions, params DisclosureItem[] items)
    {
        var current = items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var needed = SitePlan.VersionsNeeded(current.Values, manifest);
        // Only what the plan asked for is given, as the publication fetches it.
        var fetched = versions.Where(v => needed.Contains(v.Id)).GroupBy(v => v.Id)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<DisclosureItem>)[.. g], StringComparer.Ordinal);
        return SitePlan.Decide(current, fetched, manifest, Today);
    }

    [Fact]
    public void A_withdrawn_item_gets_the_withdrawn_notice_only_if_the_site_showed_it()
    {
        var shown = Published("已公开后撤回的通知", i => i with { State = ItemState.Withdrawn });
        var neverShown = Published("未上网即撤回的通知", i => i with { State = ItemState.Withdrawn });

        var plan = Decide(Showing((shown, Page())), shown, neverShown);

        var notice = Assert.Single(plan.Desired.Values);
        Assert.Equal((shown.Id, true, ItemState.Withdrawn), (notice.Item.Id, notice.Withdrawn, notice.Item.State));
        Assert.Equal(shown.Id, Assert.Single(plan.Withdrawn).Id);
        Assert.Empty(plan.Published);
        var change = Assert.Single(plan.Changes);
        Assert.Equal(shown.Id, change.View.Item.Id);
        Assert.Null(change.Change.PreviousVersion);
    }

    [Fact]
    public void An_item_not_for_the_public_never_has_its_page_on_the_site()
    {
        var onRequest = Published("依申请公开的信息", i => i with { Attribute = DisclosureAttribute.OnRequest });
        var forApplicants = Published("面向申请人的信息", i => i with { Scope = DisclosureScope.Applicant });

        Assert.Empty(Decide(new SiteManifest(), onRequest, forApplicants).Desired);
        // Corrected to 依申请公开 after it was shown: its address shows a notice, never the page.
        var plan = Decide(Showing((onRequest, Page())), onRequest);
        var notice = Assert.Single(plan.Desired.Values);
        Assert.True(notice.Withdrawn);
        Assert.Empty(plan.Published);
    }

    [Fact]
    public void An_item_whose_public_period_ended_gets_the_expired_notice_only_if_the_site_showed_it()
    {
        var shown = Published("公示期已满的公示", i => i with { PublicUntil = Today.AddDays(-1) });
        var neverShown = Published("未上网即到期的公示", i => i with { PublicUntil = Today.AddDays(-1) });
        var lastDay = Published("今天最后一天的公示", i => i with { PublicUntil = Today });

        var plan = Decide(Showing((shown, Page()), (lastDay, Page())), shown, neverShown, lastDay);

        Assert.Equal([shown.Id, lastDay.Id], plan.Desired.Keys.Order(StringComparer.Ordinal));
        var expired = plan.Desired[shown.Id];
        Assert.Equal((true, false), (expired.Expired, expired.Withdrawn));
        Assert.Equal(shown.Id, Assert.Single(plan.Expired).Id);
        Assert.Equal(lastDay.Id, Assert.Single(plan.Published).Id);
        Assert.Equal(shown.Id, Assert.Single(plan.Changes).View.Item.Id);
    }

    [Fact]
    public void A_correction_under_review_leaves_the_published_version_on_the_site()
    {
        var v1 = Published("原标题的通知");
        var v2 = v1 with { Version = 2, Title = "更正后的通知", State = ItemState.AwaitingReview };

        Assert.Contains(v1.Id, SitePlan.VersionsNeeded([v2], Showing((v1, Page()))));
        var plan = Decide(Showing((v1, Page())), [v1, v2], v2);

        var shown = Assert.Single(plan.Published);
        Assert.Equal((1, "原标题的通知", ItemState.Published, (DateOnly?)PublishedOn), (shown.Version, shown.Title, shown.State, shown.PublishedOn));
        Assert.Empty(plan.Changes);
    }

    [Fact]
    public void A_published_correction_is_a_change_that_names_the_version_the_site_showed()
    {
        var v1 = Published("原标题的通知");
        var v2 = v1 with { Version = 2, Title = "更正后的通知", PublishedVersion = 2 };

        var plan = Decide(Showing((v1, Page())), [v1, v2], v2);

        var change = Assert.Single(plan.Changes);
        Assert.Equal((2, "更正后的通知"), (change.View.Item.Version, change.View.Item.Title));
        Assert.Equal((1, "原标题的通知"), (change.Change.PreviousVersion!.Version, change.Change.PreviousVersion.Title));
        Assert.Equal(1, change.Before!.Version);
    }

    [Fact]
    public void An_item_the_manifest_shows_as_it_is_is_no_change()
    {
        var item = Published("已在网站上的通知");
        var withdrawn = Published("已显示撤回说明的通知", i => i with { State = ItemState.Withdrawn });
        var expired = Published("已显示到期说明的公示", i => i with { PublicUntil = Today.AddDays(-5) });
        var manifest = Showing((item, Page()), (withdrawn, new SiteItemEntry(1, true, PublishedOn, [])),
            (expired, new SiteItemEntry(1, false, PublishedOn, [], Expired: true)));

        var plan = Decide(manifest, item, withdrawn, expired);

        Assert.Equal(3, plan.Desired.Count);
        Assert.Empty(plan.Changes);
        Assert.Empty(SitePlan.VersionsNeeded([item, withdrawn, expired], manifest));
    }

    [Fact]
    public void A_newly_published_item_is_a_change_without_a_previous_version()
    {
        var item = Published("新发布的通知");

        var change = Assert.Single(Decide(new SiteManifest(), item).Changes);

        Assert.Equal((item.Id, false), (change.View.Item.Id, change.View.OffSite));
        Assert.Null(change.Before);
        Assert.Null(change.Change.PreviousVersion);
    }

    [Fact]
    public void An_item_the_last_run_kept_out_is_a_change_in_its_own_slot_until_it_is_shown()
    {
        var item = Published("上次未能生成页面的通知");

        var change = Assert.Single(Decide(Showing((item, Page() with { KeptOut = true })), item).Changes);

        // Its previous version is itself: it keeps its slot, so only the pages of that slot are rendered again.
        Assert.Same(change.View.Item, change.Change.PreviousVersion);
        Assert.Empty(Decide(Showing((item, Page())), item).Changes);
    }

    [Fact]
    public void The_last_snapshot_changed_by_the_plan_is_the_snapshot_of_the_plan_kept_out_items_included()
    {
        var unchanged = Published("未变的通知");
        var keptOut = Published("本次页面无法生成的通知");
        var withdrawn = Published("本次撤回的通知");
        var expired = Published("公示期已满的公示", i => i with { PublicUntil = Today.AddDays(-1) });
        var added = Published("新发布的通知");
        var addedKeptOut = Published("新发布但页面无法生成的通知");
        var manifest = Showing([.. new[] { unchanged, keptOut, withdrawn, expired }.Select(i => (i, Page() with { Shown = i }))]);
        var last = new PortalSnapshot(PublicationBed.Catalogue, [unchanged, keptOut, withdrawn, expired], [], _ => "", today: Today.AddDays(-1));
        var plan = Decide(manifest, unchanged, keptOut, withdrawn with { State = ItemState.Withdrawn }, expired, added, addedKeptOut);
        var read = new[] { withdrawn.Id, added.Id, addedKeptOut.Id };
        var left = new HashSet<string>([keptOut.Id, addedKeptOut.Id], StringComparer.Ordinal);

        var changed = last.With(plan.SnapshotChanges(read, left, manifest), _ => "", Today);
        var made = new PortalSnapshot(PublicationBed.Catalogue, plan.Published.Where(i => !left.Contains(i.Id)), plan.Withdrawn, _ => "", plan.Expired,
            plan.Published.Where(i => left.Contains(i.Id) && SitePlan.HasSlot(manifest, i.Id)), Today);

        Assert.Equal(made.Published.Select(i => i.Id), changed.Published.Select(i => i.Id));
        Assert.Equal([unchanged.Id, added.Id], changed.Published.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal([keptOut.Id], changed.KeptOutById.Keys);
        Assert.Equal(made.NoticeById.Keys.Order(StringComparer.Ordinal), changed.NoticeById.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([withdrawn.Id], changed.WithdrawnById.Keys);
        Assert.Equal([expired.Id], changed.ExpiredById.Keys);
        Assert.Equal(made.ColumnSlots["tzgg"].Select(i => i.Id), changed.ColumnSlots["tzgg"].Select(i => i.Id));
        Assert.Equal(made.ShownInColumn("tzgg"), changed.ShownInColumn("tzgg"));
    }

    [Fact]
    public void Planning_the_items_read_and_those_whose_date_has_come_gives_the_plan_of_every_item()
    {
        var unchanged = Published("未变的通知");
        var lapsing = Published("昨日到期的办法", i => i with { ValidUntil = Today.AddDays(-1) });
        var ending = Published("昨日公示期满的公示", i => i with { PublicUntil = Today.AddDays(-1) });
        var later = Published("下月到期的公示", i => i with { PublicUntil = Today.AddDays(30) });
        var withdrawn = Published("本次撤回的通知");
        var added = Published("新发布的通知");
        var shown = new[] { unchanged, lapsing, ending, later, withdrawn };
        var manifest = Showing([.. shown.Select(i => (i, Page() with { Shown = i }))]);
        var now = new[] { unchanged, lapsing, ending, later, withdrawn with { State = ItemState.Withdrawn }, added };
        var read = now.Where(i => i.Id == withdrawn.Id || i.Id == added.Id).ToDictionary(i => i.Id, StringComparer.Ordinal);
        var current = now.ToDictionary(i => i.Id, StringComparer.Ordinal);

        var due = DatedViews.Of(manifest.Items).Due(Today).ToList();
        var candidates = SiteDelta.Candidates(read, due, current);
        var planned = SitePlan.DecideFor(candidates, new Dictionary<string, IReadOnlyList<DisclosureItem>>(), manifest, Today);
        var every = SitePlan.Decide(current, new Dictionary<string, IReadOnlyList<DisclosureItem>>(), manifest, Today);

        Assert.Equal([lapsing.Id, ending.Id], due.Order(StringComparer.Ordinal));
        Assert.Equal(every.Changes.Select(c => (c.View, c.Change.ItemId, c.Change.PreviousVersion?.Id)),
            planned.Changes.Select(c => (c.View, c.Change.ItemId, c.Change.PreviousVersion?.Id)));
        Assert.Equal(4, planned.Changes.Count);
        Assert.Equal(every.Desired.Keys.Order(StringComparer.Ordinal), planned.Desired.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, view) in every.Desired) Assert.Equal(view, planned.Desired[id]);
    }
}
