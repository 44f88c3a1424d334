using Disclosure.Adapters.Publishing;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.Work;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Publishing;

[Collection(nameof(PublishingCollection))]
public class RenderQueueTests
{
    [Fact]
    public async Task A_render_pages_message_stages_the_approved_version_out_of_public_view()
    {
        await using var host = await TestHosts.StartAsync();
        var item = await PublicationFlowTests.CreateReadyAsync(host, "关于预览暂存页面的通知");
        var queue = host.Services.GetRequiredService<IWorkQueue>();

        await queue.EnqueueAsync(WorkQueues.RenderPages, $$"""{"itemId":"{{item.Id}}","version":1}""");

        var page = await StagedPages.WaitAsync(item.Id, 1, TimeSpan.FromSeconds(30));
        Assert.NotNull(page);
        Assert.Contains("关于预览暂存页面的通知", page);
        // Staging is a preview: the public site does not have the page before the publication.
        Assert.False((await (await TestStorage.BlobsAsync()).GetBlobContainerClient(BlobSiteStore.SiteContainer)
            .GetBlobClient($"items/{item.Id}.html").ExistsAsync()).Value);
        Assert.Equal(ItemState.ReadyToPublish, (await host.Services.GetRequiredService<IItemStore>().GetAsync(item.Id))!.Item.State);
    }
}
