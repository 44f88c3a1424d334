using System.Net.Http.Json;
using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Items;

namespace Disclosure.Integration.Tests.Support;

/// <summary>
/// 条例第十七条: an item is published only after people have signed every step of its review chain. A test that needs an
/// item 待发布 signs it as reviewers would, through <c>POST /api/reviews/{id}</c>, each step by a different person (none
/// of them the submitter) — never by switching the review off.
/// </summary>
public static class ReviewChain
{
    /// <summary>The person who signs the <paramref name="step"/>th step: a reviewer who is also a leader, so any step's role fits.</summary>
    public static string Signer(int step) => RequestPrincipal.Encode($"测试审核人{step}", "bgs", Role.Reviewer, Role.Leader);

    public static string SignerId(int step) => $"test-reviewer-{step}";

    /// <summary>Signs each step of the item's chain until it is no longer 待审核; the state it reached.</summary>
    public static async Task<ItemState> SignAsync(HttpClient client, string itemId, int version = 1)
    {
        for (var step = 1; step <= 10; step++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/reviews/{Uri.EscapeDataString(itemId)}")
            {
                Content = JsonContent.Create(new { decision = "approve", version }),
            };
            request.Headers.Add(RequestPrincipal.Header, Signer(step));
            request.Headers.Add(RequestPrincipal.IdHeader, SignerId(step));
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"step {step} of {itemId}: {(int)response.StatusCode} {text}");
            var state = Enum.Parse<ItemState>(JsonDocument.Parse(text).RootElement.GetProperty("state").GetString()!);
            if (state != ItemState.AwaitingReview) return state;
        }
        throw new InvalidOperationException($"{itemId} still waits for review after ten signatures");
    }
}
