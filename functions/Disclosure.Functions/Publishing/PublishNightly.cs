using Disclosure.Publishing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Publishing;

/// <summary>
/// The nightly publication (default 02:00 China Standard Time, <c>NightlyPublicationSchedule</c> = <c>0 0 18 * * *</c>
/// UTC): every 待发布 item becomes 已发布 and the portal is brought up to date.
/// </summary>
public class PublishNightly(PublicationService publication, ILogger<PublishNightly> log)
{
    [Function(nameof(PublishNightly))]
    public async Task Run([TimerTrigger("%NightlyPublicationSchedule%")] TimerInfo timer, CancellationToken ct)
    {
        var result = await publication.PublishAsync(PublicationTrigger.Nightly, null, ct);
        if (result.AlreadyRunning)
        {
            log.LogWarning("Nightly publication skipped: another publication is running");
            return;
        }
        log.LogInformation(
            "Nightly publication: {Published} published, {RecordedOnly} recorded only, {Withdrawn} withdrawn, {Expired} past their 公开时限, {Changed} changed on the site, {Written} blobs written, {Deleted} deleted, full render {Full}",
            result.ItemsPublished, result.ItemsRecordedOnly, result.ItemsWithdrawn, result.ItemsExpired, result.ItemsChangedOnSite, result.BlobsWritten, result.BlobsDeleted, result.FullRender);
        // Each is alerted to the operators once per item and version (PublicationFaults); the log names them every run.
        foreach (var skipped in result.Skipped) log.LogWarning("Item {ItemId} left out of this publication: {Reason}", skipped.ItemId, skipped.Reason);
        foreach (var page in result.PagesKept ?? []) log.LogWarning("Page {Path} kept as it was: {Reason}", page.Path, page.Reason);
    }
}
