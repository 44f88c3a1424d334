using System.Net;
using System.Text.Json.Nodes;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;

namespace Disclosure.Integration.Tests.Intake;

public class IndexNumberConcurrencyTests
{
    /// <summary>The bureau's catalogue under an issuer code of this test's own, so its serials start at 1 and no other test shares them.</summary>
    private static string CatalogueWithIssuer(string issuer)
    {
        var json = JsonNode.Parse(File.ReadAllText(DataFiles.Combine("catalogue.json")))!;
        json["agency"]!["issuerCode"] = issuer;
        var path = Path.Combine(Path.GetTempPath(), $"catalogue-{issuer}.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [Fact]
    public async Task Two_hundred_concurrent_submissions_get_two_hundred_distinct_consecutive_index_numbers()
    {
        var issuer = "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await using var host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Disclosure:CatalogueFile"] = CatalogueWithIssuer(issuer) }, runQueues: false);
        var client = host.Client();
        client.Timeout = TimeSpan.FromMinutes(5);

        var responses = await Task.WhenAll(Enumerable.Range(1, 200).Select(i =>
            client.SendAsync(Submissions.Json(Submissions.Valid($"并发提交 {i}"), department: i % 2 == 0 ? "bgs" : "xmc"))));

        var numbers = new List<IndexNumber>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.True(IndexNumber.TryParse((await Submissions.JsonOf(response)).GetProperty("indexNumber").GetString(), out var n));
            numbers.Add(n);
        }
        Assert.All(numbers, n => Assert.Equal(issuer, n.IssuerCode));
        Assert.Equal(Enumerable.Range(1, 200), numbers.Select(n => n.Serial).Order());
    }
}
