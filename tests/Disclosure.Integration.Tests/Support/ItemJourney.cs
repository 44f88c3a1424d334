using System.Net.Http.Json;
using System.Text.Json;
using Disclosure.Functions.Http;

namespace Disclosure.Integration.Tests.Support;

/// <summary>Drives a submitted item through the check (and a reviewer's approval when it waits for one) to 待发布.</summary>
public static class ItemJourney
{
    public static async Task UntilReadyToPublishAsync(HttpClient client, string id, string reviewer)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var status = await StatusAsync(client, id, reviewer);
            var state = status.GetProperty("state").GetString();
            if (state == "AwaitingReview")
            {
                using var approve = new HttpRequestMessage(HttpMethod.Post, $"/api/reviews/{id}")
                { Content = JsonContent.Create(new { decision = "approve", version = status.GetProperty("version").GetInt32() }) };
                approve.Headers.Add(RequestPrincipal.Header, reviewer);
                using var answer = await client.SendAsync(approve);
                Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
            }
            else if (state == "ReadyToPublish") return;
            Assert.True(DateTime.UtcNow < deadline, $"the item stayed {state}");
            await Task.Delay(200);
        }
    }

    public static async Task<JsonElement> StatusAsync(HttpClient client, string id, string reader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/submissions/{id}");
        request.Headers.Add(RequestPrincipal.Header, reader);
        request.Headers.Add("Accept", "application/json");
        using var response = await client.SendAsync(request);
        return (await Submissions.JsonOf(response)).GetProperty("item");
    }
}
