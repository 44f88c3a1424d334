using System.Net;
using System.Text;
using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Plan;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Applications;

/// <summary>
/// Art. 44 through the local host against Azurite: three applicants given the same information make a proposal on the
/// register, and the action turns it into a submission that waits for review like any other, once however often it is sent.
/// </summary>
public class ProactiveConversionFlowTests
{
    private static HttpRequestMessage Json(HttpMethod method, string url, object body, string? key = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static HttpRequestMessage AsOffice(HttpRequestMessage request) => request.As("周公开", "bgs", Role.Reviewer, Role.Submitter);

    private static async Task<string> RepliedAsync(HttpClient client, string idNumber, string informationSought, string outcome)
    {
        var letter = new
        {
            applicantKind = "natural-person", name = "王五", idDocumentType = "居民身份证", idDocumentNumber = idNumber, phone = "13700000000",
            informationSought, deliveryForm = "电子邮件", channel = "letter", receivedOn = "2026-11-02",
        };
        using var registered = await client.SendAsync(AsOffice(Json(HttpMethod.Post, "/api/applications", letter, Guid.NewGuid().ToString("N"))));
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        var id = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        using var replied = await client.SendAsync(AsOffice(Json(HttpMethod.Post, $"/api/applications/{id}/events",
            new { kind = "replied", on = "2026-11-18", outcome, reason = outcome == "三(一)" ? null : "名单中个人联系方式已隐去" }, Guid.NewGuid().ToString("N"))));
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
        return id;
    }

    [Fact]
    public async Task Information_three_applicants_were_given_is_proposed_and_becomes_one_submission_awaiting_review()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 13, 0, 0, TimeSpan.Zero));
        await using var host = await TestHosts.StartAsync(null, runQueues: false, environment: "Development", services: s => s.AddSingleton<TimeProvider>(clock));
        using var client = host.Client();
        // The Azurite tables are shared between tests: this test's information is its own.
        var information = $"2025年度高新技术企业认定名单（批次{Guid.NewGuid():N}）";

        var first = await RepliedAsync(client, "110102199001010011", information, "三(一)");
        await RepliedAsync(client, "110104199001010022", information.Replace("（", " (").Replace("）", ")"), "三(二)");
        var refused = await RepliedAsync(client, "110106199001010033", information, "三(三)4");

        async Task<JsonElement?> ProposalAsync()
        {
            using var list = await client.SendAsync(AsOffice(new HttpRequestMessage(HttpMethod.Get, "/api/applications/proposals")));
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(3, json.GetProperty("minimumApplicants").GetInt32());
            return json.GetProperty("proposals").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(p => p!.Value.GetProperty("informationSought").GetString() == information);
        }

        // Two applicants given it, a third refused: no proposal yet, and the action says why.
        Assert.Null(await ProposalAsync());
        var staff = new { column = "jgzn", genre = "公告", formedOn = "2026-11-18" };
        using (var early = await client.SendAsync(AsOffice(Json(HttpMethod.Post, $"/api/applications/{first}/proactive-disclosure", staff))))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            Assert.Contains("第四十四条", await early.Content.ReadAsStringAsync());
        }
        Assert.NotEmpty(refused);

        await RepliedAsync(client, "110108199001010044", information, "三(一)");
        var proposal = await ProposalAsync();
        Assert.NotNull(proposal);
        Assert.Equal(3, proposal.Value.GetProperty("applicants").GetInt32());
        Assert.Equal($"/api/applications/{first}/proactive-disclosure", proposal.Value.GetProperty("action").GetString());
        Assert.DoesNotContain("王五", proposal.Value.GetRawText());

        using var created = await client.SendAsync(AsOffice(Json(HttpMethod.Post, $"/api/applications/{first}/proactive-disclosure", staff)));
        var answer = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Accepted, $"{(int)created.StatusCode}: {answer}");
        var itemId = JsonDocument.Parse(answer).RootElement.GetProperty("id").GetString()!;
        Assert.Equal($"/api/submissions/{itemId}", created.Headers.Location!.ToString());

        var stored = await host.Services.GetRequiredService<IItemStore>().GetAsync(itemId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(information, stored.Item.Title);
        Assert.Equal(ItemState.Submitted, stored.Item.State);
        Assert.Equal(DisclosureAttribute.Proactive, stored.Item.Attribute);

        // Sent again (a retry, a second click): the same submission, not a second one.
        using var again = await client.SendAsync(AsOffice(Json(HttpMethod.Post, $"/api/applications/{first}/proactive-disclosure", staff)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(itemId, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());
    }

    /// <summary>
    /// Issue 17: Art. 44 was JSON only. The office sees the proposals on a page, opens the submission form pre-filled from
    /// the register, adds 栏目/体裁/成文日期 and submits; a second post of the same form makes no second item; a form
    /// without its token is refused with what was typed kept.
    /// </summary>
    [Fact]
    public async Task The_office_turns_a_proposal_into_a_submission_from_the_pages_alone()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 13, 0, 0, TimeSpan.Zero));
        await using var host = await TestHosts.StartAsync(null, runQueues: false, environment: "Development", services: s => s.AddSingleton<TimeProvider>(clock));
        using var api = host.Client();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var information = $"2025年度科技型中小企业名单（批次{Guid.NewGuid():N}）";
        var first = await RepliedAsync(api, "110102199001010011", information, "三(一)");
        await RepliedAsync(api, "110104199001010022", information, "三(一)");
        await RepliedAsync(api, "110108199001010044", information, "三(二)");
        var office = RequestPrincipal.Encode("周公开", "bgs", Role.Reviewer, Role.Submitter);

        var (listStatus, list, _) = await WorkbenchForms.SendAsync(browser, HttpMethod.Get, "/api/applications/proposals", office);
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Contains(information, list);
        Assert.Contains($"href=\"/api/applications/{first}/proactive-disclosure/new\"", list);
        Assert.DoesNotContain("王五", list);
        var (_, home, _) = await WorkbenchForms.SendAsync(browser, HttpMethod.Get, "/api/workbench", office);
        Assert.Contains("href=\"/api/applications/proposals\"", home);

        var (formStatus, form, _) = await WorkbenchForms.SendAsync(browser, HttpMethod.Get, $"/api/applications/{first}/proactive-disclosure/new", office);
        Assert.Equal(HttpStatusCode.OK, formStatus);
        Assert.Contains($"value=\"{information}\"", form); // the title, from the register
        Assert.Contains("第四十四条纳入主动公开范围", form); // the body, from the register
        var fields = WorkbenchForms.HiddenFields(form);
        fields[Disclosure.Intake.SubmissionFields.Title] = information;
        fields[Disclosure.Intake.SubmissionFields.Column] = "jgzn";
        fields[Disclosure.Intake.SubmissionFields.Genre] = "公告";
        fields[Disclosure.Intake.SubmissionFields.FormedOn] = "2026-11-18";
        fields[Disclosure.Intake.SubmissionFields.Attribute] = "主动公开";

        // A browser's post without this person's token (Sec-Fetch-Site says a browser sent it): refused, the form kept.
        using (var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{first}/proactive-disclosure")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { [FormTokens.Field] = "not-a-token" }),
        })
        {
            forged.Headers.Add(RequestPrincipal.Header, office);
            forged.Headers.Add("Sec-Fetch-Site", "same-origin");
            forged.Headers.Accept.ParseAdd("text/html");
            using var refused = await browser.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains($"value=\"{information}\"", await refused.Content.ReadAsStringAsync());
        }

        var (sentStatus, _, location) = await WorkbenchForms.SendAsync(browser, HttpMethod.Post, $"/api/applications/{first}/proactive-disclosure", office, fields);
        Assert.Equal(HttpStatusCode.SeeOther, sentStatus);
        var itemId = Assert.IsType<string>(location)["/api/submissions/".Length..location.IndexOf('?')];
        Assert.StartsWith("/api/submissions/", location);
        var stored = Assert.IsType<StoredItem>(await host.Services.GetRequiredService<IItemStore>().GetAsync(itemId, CancellationToken.None));
        Assert.Equal((information, DisclosureAttribute.Proactive), (stored.Item.Title, stored.Item.Attribute));

        var (againStatus, _, againLocation) = await WorkbenchForms.SendAsync(browser, HttpMethod.Post, $"/api/applications/{first}/proactive-disclosure", office, fields);
        Assert.Equal(HttpStatusCode.SeeOther, againStatus);
        Assert.StartsWith($"/api/submissions/{itemId}", againLocation); // the same submission, not a second one

        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { ["proposals.html"] = list, ["proposal-form.html"] = form }));
    }
}
