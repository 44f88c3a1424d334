using Disclosure.Items;
using Disclosure.Publishing;

namespace Disclosure.Tests.Redirects;

/// <summary>
/// Issue 19 in the redirect step: a run for a change that starts from the manifest this process's last pass made its
/// redirects for, with the book unchanged, passes over neither the book nor every item unless an item it read gained a
/// page an old address was waiting for, or lost its page. One service for all the runs of a test, as on one host.
/// </summary>
public partial class RedirectPublicationTests
{
    private PublicationService? _host;

    private Task<PublicationResult> PublishOnHostAsync() => (_host ??= Service()).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);

    [Fact]
    public async Task A_run_for_a_change_that_touches_no_old_address_does_not_list_the_book_and_writes_no_redirect()
    {
        var mapped = await ReadyAsync("有旧网址的通知");
        await MapAsync("/art/old.html", mapped);
        await PublishOnHostAsync();
        var listings = _book.Listings;
        var rules = _records.RuleWrites;

        await ReadyAsync("没有旧网址的新通知");
        var run = await PublishOnHostAsync();

        Assert.Equal(1, run.ItemsPublished);
        Assert.Equal(listings, _book.Listings);
        Assert.Equal(rules, _records.RuleWrites);
        Assert.Contains($"/items/{mapped.Id}.html", Text("art/old.html"));
    }

    [Fact]
    public async Task An_old_address_waiting_for_its_item_is_redirected_by_the_run_for_the_change_that_publishes_it()
    {
        var waiting = await AwaitingReviewAsync("待审核的通知", "/art/waiting.html");
        await ReadyAsync("先发布的通知");
        await PublishOnHostAsync();
        Assert.False(_bed.Site.Blobs.ContainsKey("art/waiting.html"));

        await SetStateAsync(waiting, ItemState.ReadyToPublish);
        await PublishOnHostAsync();

        Assert.Contains($"/items/{waiting.Id}.html", Text("art/waiting.html"));
    }

    [Fact]
    public async Task A_load_between_runs_is_redirected_by_the_next_run_for_a_change()
    {
        var published = await ReadyAsync("已发布的通知");
        await PublishOnHostAsync();

        await MapAsync("/art/loaded-later.html", published);
        await ReadyAsync("又一条通知");
        await PublishOnHostAsync();

        Assert.Contains($"/items/{published.Id}.html", Text("art/loaded-later.html"));
    }

    [Fact]
    public async Task A_manifest_another_host_stored_since_makes_the_next_run_pass_over_the_book_again()
    {
        var elsewhere = await AwaitingReviewAsync("在另一台主机上发布的通知", "/art/elsewhere.html");
        await ReadyAsync("第一条通知");
        await PublishOnHostAsync();

        // Another host publishes the item and stops after its manifest, before its redirect step.
        await SetStateAsync(elsewhere, ItemState.ReadyToPublish);
        await Service(redirects: false).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);
        Assert.False(_bed.Site.Blobs.ContainsKey("art/elsewhere.html"));

        // This host's next run, for an unrelated item, starts from a manifest its last pass did not make redirects for.
        await ReadyAsync("回到第一台主机的通知");
        await PublishOnHostAsync();

        Assert.Contains($"/items/{elsewhere.Id}.html", Text("art/elsewhere.html"));
    }
}
