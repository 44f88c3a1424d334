using System.Net;
using System.Text;
using System.Text.Json;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Plan;
using Disclosure.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Applications;

/// <summary>
/// <c>GET /api/applications/report/{year}</c> through the local host on Azurite shows table 四 in full beside table 三:
/// a 行政复议 decided 纠正 and a 复议后起诉 not yet decided each land in their cell and their 总计, and a paid fee in 六.
/// The shared Azurite holds other tests' applications, so the test compares the figures before and after its own (only
/// this test files challenges, so table 四 changes by exactly its own).
/// </summary>
public class ApplicationReportTableFourTests
{
    private static HttpRequestMessage AsOffice(HttpMethod method, string url, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        return request.As("周公开", "bgs", Role.Reviewer);
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected)
    {
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static Dictionary<string, int> Cells(JsonElement report)
    {
        var cells = new Dictionary<string, int>();
        foreach (var row in report.GetProperty("tableFour").EnumerateArray())
            foreach (var cell in new[] { "upheld", "corrected", "other", "pending", "total" })
                cells[$"{row.GetProperty("challenge").GetString()}.{cell}"] = row.GetProperty(cell).GetInt32();
        return cells;
    }

    [Fact]
    public async Task Table_four_shows_each_challenge_under_its_result_with_its_total_beside_table_three_and_the_fees()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero));
        await using var host = await TestHosts.StartAsync(null, runQueues: false, services: s => s.AddSingleton<TimeProvider>(clock));
        using var client = host.Client();
        var before = await SendAsync(client, AsOffice(HttpMethod.Get, "/api/applications/report/2026"), HttpStatusCode.OK);
        Assert.Equal(["reconsideration", "litigation-direct", "litigation-after-reconsideration"],
            before.GetProperty("tableFour").EnumerateArray().Select(r => r.GetProperty("challenge").GetString()));
        Assert.Equal(["行政复议", "行政诉讼", "行政诉讼"], before.GetProperty("tableFour").EnumerateArray().Select(r => r.GetProperty("group").GetString()));

        var letter = new
        {
            applicantKind = "natural-person", name = "钱七", idDocumentType = "居民身份证", idDocumentNumber = "110104196606066666", phone = "13600000000",
            informationSought = "2026年度行政许可办理情况", deliveryForm = "纸质", channel = "letter", receivedOn = "2026-11-02",
        };
        var id = (await SendAsync(client, AsOffice(HttpMethod.Post, "/api/applications", letter), HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        foreach (var e in new object[]
        {
            new { kind = "fee-notified", on = "2026-11-03", pages = 40 },
            new { kind = "fee-paid", on = "2026-11-04" },
            new { kind = "replied", on = "2026-11-10", outcome = "三(三)3", reason = "涉及商业秘密，依《条例》第十五条不予公开" },
            new { kind = "challenge-filed", on = "2026-11-12", challenge = "reconsideration" },
            new { kind = "challenge-decided", on = "2026-11-20", challenge = "reconsideration", result = "corrected" },
            new { kind = "challenge-filed", on = "2026-11-25", challenge = "litigation-after-reconsideration" },
        })
            await SendAsync(client, AsOffice(HttpMethod.Post, $"/api/applications/{id}/events", e), HttpStatusCode.OK);

        var after = await SendAsync(client, AsOffice(HttpMethod.Get, "/api/applications/report/2026"), HttpStatusCode.OK);

        var (was, now) = (Cells(before), Cells(after));
        var changed = now.Where(kv => kv.Value != was[kv.Key]).ToDictionary(kv => kv.Key, kv => kv.Value - was[kv.Key]);
        Assert.Equal(new Dictionary<string, int>
        {
            ["reconsideration.corrected"] = 1, ["reconsideration.total"] = 1,
            ["litigation-after-reconsideration.pending"] = 1, ["litigation-after-reconsideration.total"] = 1,
        }, changed);
        // Other tests running meanwhile may add fees and replies of 2026 too (never remove them): at least this one's.
        Assert.True(after.GetProperty("fees").GetProperty("notices").GetInt32() >= before.GetProperty("fees").GetProperty("notices").GetInt32() + 1);
        Assert.True(after.GetProperty("fees").GetProperty("yuan").GetDecimal() >= before.GetProperty("fees").GetProperty("yuan").GetDecimal() + 100m); // 40 pages: 10 at 10 yuan
        int Row(JsonElement report, string code) => report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == code).GetProperty("total").GetInt32();
        Assert.True(Row(after, "三(三)3") >= Row(before, "三(三)3") + 1);
    }
}
