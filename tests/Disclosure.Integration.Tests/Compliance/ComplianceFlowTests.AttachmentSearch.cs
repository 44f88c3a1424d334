using Disclosure.Adapters.Publishing;
using Disclosure.Compliance;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.Publishing;
using Disclosure.Publishing.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Compliance;

public partial class ComplianceFlowTests
{
    /// <summary>
    /// Issue 19: the body says only "详见附件"; the phrase is in the attached PDF. The check keeps the text it extracted,
    /// the publication indexes it, and the result names the attachment.
    /// </summary>
    [Fact]
    public async Task A_phrase_only_in_an_attached_pdf_is_found_by_the_portal_search_and_the_result_names_the_attachment()
    {
        var marker = "Salamander" + Guid.NewGuid().ToString("N")[..8];
        var pdf = Pdf("Results of the wetland survey", $"{marker} wetland survey grant ledger");
        var item = await SubmitAsync(Draft("关于公布湿地调查评审结果的通知", "详见附件。", new UploadedFile("评审结果.pdf", pdf)));
        var waiting = await WaitForStateAsync(item.Id, ItemState.AwaitingReview);
        var record = await Host.Services.GetRequiredService<IComplianceRecords>().GetAsync(item.Id, waiting.Version, CancellationToken.None);
        Assert.Contains(marker, Assert.Single(record!.AttachmentTexts).Text);

        Assert.Equal(System.Net.HttpStatusCode.OK, (await DecideAsync(item.Id, waiting.Version, "oid-li", "李审核", Role.Reviewer)).Status);
        await WaitForStateAsync(item.Id, ItemState.ReadyToPublish);
        await Host.Services.GetRequiredService<PublicationService>().PublishAsync(PublicationTrigger.OnDemand, "李审核", CancellationToken.None);
        Assert.Equal(ItemState.Published, (await Items.GetAsync(item.Id))!.Item.State);

        var site = (await TestStorage.BlobsAsync()).GetBlobContainerClient(BlobSiteStore.SiteContainer);
        var results = await new SearchIndexReader(new BlobSiteFiles(site)).SearchAsync($"{marker} grant ledger");
        var hit = Assert.Single(results.Hits);
        Assert.Equal(SiteUrls.Item(item.Id), hit.Meta.Url);
        Assert.Equal("评审结果.pdf", hit.Attachment);
    }
}
