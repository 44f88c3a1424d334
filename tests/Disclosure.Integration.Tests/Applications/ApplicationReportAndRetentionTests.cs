using System.Net;
using System.Text;
using System.Text.Json;
using Disclosure.Applications;
using Disclosure.Functions.Applications;
using Disclosure.Identity;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Integration.Tests.Plan;
using Disclosure.Integration.Tests.Support;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Applications;

/// <summary>
/// Through the local host on Azurite: the annual report's table 三 comes from the register (its real wiring), and the
/// retention timer blanks an applicant's personal data once, with an audit entry.
/// </summary>
public class ApplicationReportAndRetentionTests
{
    private static HttpRequestMessage AsOffice(HttpMethod method, string url, object? body = null, string? key = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request.As("周公开", "bgs", Role.Reviewer);
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected)
    {
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<string> RepliedLetterAsync(HttpClient client, string kind, string idNumber, string receivedOn, string repliedOn, string outcome)
    {
        var letter = new
        {
            applicantKind = kind, name = "某某基金会", idDocumentType = "统一社会信用代码", idDocumentNumber = idNumber,
            phone = "0571-88888888", informationSought = "2025年度科普专项资金分配结果", deliveryForm = "纸质", channel = "letter", receivedOn,
        };
        var id = (await SendAsync(client, AsOffice(HttpMethod.Post, "/api/applications", letter), HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        await SendAsync(client, AsOffice(HttpMethod.Post, $"/api/applications/{id}/events",
            new { kind = "replied", on = repliedOn, outcome, reason = "属于公开出版物，已告知获取途径（《条例》第三十六条）。" }, Guid.NewGuid().ToString("N")), HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task A_reply_recorded_through_the_api_appears_in_table_three_of_that_years_generated_report()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
        await using var host = await TestHosts.StartAsync(null, runQueues: false, services: s => s.AddSingleton<TimeProvider>(clock));
        using var client = host.Client();
        await RepliedLetterAsync(client, "public-welfare-organisation", "53330000MJ000E001X", "2026-10-12", "2026-10-20", "三(五)3");

        var register = await SendAsync(client, AsOffice(HttpMethod.Get, "/api/applications/report/2026"), HttpStatusCode.OK);
        var registered = register.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "三(五)3")
            .GetProperty("columns").GetProperty("PublicWelfareOrganisations").GetInt32();
        var report = await host.Services.GetRequiredService<AnnualReportService>().GenerateAsync(2026);

        Assert.True(registered >= 1);
        Assert.Equal(registered, report.Model.Applications.Value(ApplicationRow.NotProcessedPublication, ApplicantColumn.PublicWelfareOrganisations));
        Assert.True(report.Model.Applications.Value(ApplicationRow.NotProcessed, null) >= 1);
    }

    [Fact]
    public async Task The_retention_timer_blanks_the_applicants_personal_data_once_with_an_audit_entry()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        await using var host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Applications:RetentionDays"] = "30" }, runQueues: false,
            services: s => s.AddSingleton<TimeProvider>(clock));
        using var client = host.Client();
        var id = await RepliedLetterAsync(client, "public-welfare-organisation", "53330000MJ000J002X", "2026-09-01", "2026-09-15", "三(五)3");
        var timer = new DeleteExpiredApplicantData(host.Services.GetRequiredService<ApplicationRetention>(), NullLogger<DeleteExpiredApplicantData>.Instance);

        await timer.Run(new TimerInfo(), CancellationToken.None);
        await timer.Run(new TimerInfo(), CancellationToken.None);

        var record = await SendAsync(client, AsOffice(HttpMethod.Get, $"/api/applications/{id}"), HttpStatusCode.OK);
        var text = record.GetRawText();
        Assert.DoesNotContain("53330000MJ000J002X", text);
        Assert.DoesNotContain("某某基金会", text);
        Assert.DoesNotContain("0571-88888888", text);
        var audit = await host.Services.GetRequiredService<ApplicationService>().AuditAsync(id, CancellationToken.None);
        var erased = Assert.Single(audit, e => e.Action == "personal-data-erased");
        Assert.Equal("2026-09-15", erased.Details["concludedOn"]);
        var application = (await host.Services.GetRequiredService<ApplicationService>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal(ApplicationState.Replied, application.State);
        Assert.Equal(ApplicantKind.PublicWelfareOrganisation, application.Applicant.Kind);
    }
}
