using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Publishing;
using Disclosure.Integration.Tests.Support;
using Disclosure.Telemetry;

namespace Disclosure.Integration.Tests.Foundation;

/// <summary>Issue 17: one trace follows an item from submission to publication, tagged with its id and 索引号 and nothing personal.</summary>
[Collection(nameof(PublishingCollection))]
public class ItemJourneyTelemetryTests
{
    private static readonly string Reviewer = RequestPrincipal.Encode("李审核", "bgs", Role.Reviewer);

    [Fact]
    public async Task Intake_check_review_and_publication_of_one_item_share_one_trace_tagged_with_its_id_and_index_number()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DisclosureTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await TestHosts.StartAsync();
        using var client = host.Client();

        const string title = "关于公布2026年度科技创新券兑付结果的通知";
        using var submitted = await client.SendAsync(Submissions.Json(Submissions.Valid(title)));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await Submissions.JsonOf(submitted)).GetProperty("id").GetString()!;

        await ItemJourney.UntilReadyToPublishAsync(client, id, Reviewer);

        using var publish = new HttpRequestMessage(HttpMethod.Post, "/api/publications");
        publish.Headers.Add(RequestPrincipal.Header, Reviewer);
        using var published = await client.SendAsync(publish);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        var indexNumber = (await StatusAsync(client, id)).GetProperty("indexNumber").GetString();

        var journey = stopped.Where(a => Equals(a.GetTagItem(DisclosureTelemetry.ItemIdTag), id)).ToList();
        foreach (var step in new[] { "item.intake", "item.check", "item.review", "item.publication" })
            Assert.Contains(journey, a => a.OperationName == step);
        Assert.Single(journey.Select(a => a.TraceId).Distinct());
        Assert.All(journey, a => Assert.Equal(indexNumber, a.GetTagItem(DisclosureTelemetry.IndexNumberTag)));
        // Nothing personal or from the document leaves in telemetry: no tag holds the title or the submitter's name.
        Assert.All(journey.SelectMany(a => a.TagObjects), tag => Assert.DoesNotContain(title, tag.Value?.ToString() ?? ""));
        Assert.Contains(stopped, a => a.OperationName == "publication" && a.GetTagItem("publication.blobs_written") is int written && written > 0);
    }

    private static Task<JsonElement> StatusAsync(HttpClient client, string id) => ItemJourney.StatusAsync(client, id, Reviewer);
}
