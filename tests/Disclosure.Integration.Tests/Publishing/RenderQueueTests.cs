using Disclosure.Adapters.Publishing;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.Publishing;
using Disclosure.Work;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Publishing;

[Collection(nameof(PublishingCollection))]
public class RenderQueueTests
{
    [Fact]
    public async Task A_render_pages_message_renders_the_approved_version_and_keeps_it_out_of_public_view_until_the_publication()
    {
        var renders = new RenderOutcomes();
        await using var host = await TestHosts.StartAsync(services: renders.AddTo);
        var item = await PublicationFlowTests.CreateReadyAsync(host, "关于页面生成检查的通知");
        var queue = host.Services.GetRequiredService<IWorkQueue>();
        var page = (await TestStorage.BlobsAsync()).GetBlobContainerClient(BlobSiteStore.SiteContainer).GetBlobClient($"items/{item.Id}.html");

        await queue.EnqueueAsync(WorkQueues.RenderPages, $$"""{"itemId":"{{item.Id}}","version":1}""");

        Assert.Equal(RenderOutcome.Ready, await renders.WaitAsync(item.Id, 1, TimeSpan.FromSeconds(30)));
        // Rendering is a check: the public site does not have the page before the publication.
        Assert.False((await page.ExistsAsync()).Value);
        Assert.Equal(ItemState.ReadyToPublish, (await host.Services.GetRequiredService<IItemStore>().GetAsync(item.Id))!.Item.State);
        // The publication renders and writes the page.
        var run = await host.Services.GetRequiredService<PublicationService>().PublishAsync(PublicationTrigger.OnDemand, "李审核", CancellationToken.None);
        Assert.False(run.AlreadyRunning);
        Assert.Contains("关于页面生成检查的通知", (await page.DownloadContentAsync()).Value.Content.ToString());
    }
}
