using System.Text;
using System.Xml.Linq;
using Disclosure.Adapters.Publishing;
using Disclosure.Audit;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.Publishing;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Publishing;

/// <summary>
/// Issue 14, against Table and Blob storage: a title with a control character once made the Atom writer throw after
/// every item had been recorded 已发布, so that run and every later one failed and a pending withdrawal was never applied.
/// </summary>
[Collection(nameof(PublishingCollection))]
public class PoisonedItemTests
{
    [Fact]
    public async Task A_run_with_a_control_character_in_one_title_among_fifty_publishes_them_all_and_completes_a_pending_withdrawal()
    {
        await using var host = await TestHosts.StartAsync();
        var items = host.Services.GetRequiredService<IItemStore>();
        var publication = host.Services.GetRequiredService<PublicationService>();
        var site = (await TestStorage.BlobsAsync()).GetBlobContainerClient(BlobSiteStore.SiteContainer);
        var withdrawn = await PublicationFlowTests.CreateReadyAsync(host, "误含身份证号须撤回的通知",
            file: ("名单.pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n")));
        await publication.PublishAsync(PublicationTrigger.OnDemand, "李审核", CancellationToken.None);
        var attachment = site.GetBlobClient($"files/att-{withdrawn.Id}/名单.pdf");
        Assert.True((await attachment.ExistsAsync()).Value);
        var ready = new List<DisclosureItem>();
        for (var i = 0; i < 50; i++)
            ready.Add(await PublicationFlowTests.CreateReadyAsync(host, i == 17 ? $"第{i}号\u0001控制字符通知" : $"第{i}号批量通知"));
        var stored = (await items.GetAsync(withdrawn.Id))!;
        await items.UpdateAsync(stored.Item with { State = ItemState.Withdrawn, UpdatedAt = DateTimeOffset.UtcNow }, stored.ETag, ItemChange.Of(new AuditEntry
        {
            ItemId = withdrawn.Id, EventId = "withdrawal-approved", At = DateTimeOffset.UtcNow, Actor = "李审核", Action = AuditAction.ReviewApproved,
            From = ItemState.Published, To = ItemState.Withdrawn, Version = stored.Item.Version,
        }));

        var run = await publication.PublishAsync(PublicationTrigger.Nightly, null, CancellationToken.None);

        Assert.DoesNotContain(run.Skipped, s => ready.Any(i => i.Id == s.ItemId));
        foreach (var item in ready)
        {
            Assert.Equal(ItemState.Published, (await items.GetAsync(item.Id))!.Item.State);
            var page = (await site.GetBlobClient($"items/{item.Id}.html").DownloadContentAsync()).Value.Content.ToString();
            Assert.Contains(item.Title.Replace("\u0001", "", StringComparison.Ordinal), page, StringComparison.Ordinal);
            Assert.DoesNotContain("&#x1;", page, StringComparison.Ordinal);
        }
        var feed = XDocument.Parse((await site.GetBlobClient("feeds/all.xml").DownloadContentAsync()).Value.Content.ToString());
        Assert.Contains(feed.Descendants(), e => e.Name.LocalName == "title" && e.Value == "第17号控制字符通知");
        Assert.False((await attachment.ExistsAsync()).Value);
        Assert.Contains("已撤回", (await site.GetBlobClient($"items/{withdrawn.Id}.html").DownloadContentAsync()).Value.Content.ToString());
    }
}
