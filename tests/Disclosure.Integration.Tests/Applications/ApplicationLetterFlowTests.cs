using System.Net;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Plan;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Applications;

/// <summary>
/// The letters through the local host against Azurite: the office downloads the 答复书 of a recorded reply as a DOCX
/// attachment under its Chinese name; a department's person may not; an event without a letter has none.
/// </summary>
public class ApplicationLetterFlowTests
{
    private const string IdNumber = "110109199003071234";

    private static HttpRequestMessage Json(HttpMethod method, string url, object body, string key)
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static HttpRequestMessage AsOffice(HttpRequestMessage request) => request.As("周公开", "bgs", Role.Reviewer);

    [Fact]
    public async Task The_office_downloads_the_reply_letter_of_a_refusal_with_its_basis_and_remedies()
    {
        // 20 November 2026, an hour no other application test uses (the per-client limit is per hour in the shared Azurite).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
        await using var host = await TestHosts.StartAsync(null, runQueues: false, environment: "Development", services: s => s.AddSingleton<TimeProvider>(clock));
        using var client = host.Client();

        var letter = new
        {
            applicantKind = "natural-person", name = "李四", idDocumentType = "居民身份证", idDocumentNumber = IdNumber,
            phone = "13900000000", informationSought = "某项目的评审专家意见", deliveryForm = "纸质", channel = "letter", receivedOn = "2026-11-02",
        };
        using var registered = await client.SendAsync(AsOffice(Json(HttpMethod.Post, "/api/applications", letter, Guid.NewGuid().ToString("N"))));
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        var record = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement;
        var id = record.GetProperty("id").GetString()!;
        var number = record.GetProperty("number").GetString()!;

        var replyId = Guid.NewGuid().ToString("N");
        using var replied = await client.SendAsync(AsOffice(Json(HttpMethod.Post, $"/api/applications/{id}/events",
            new { kind = "replied", on = "2026-11-19", outcome = "三(三)4", reason = "该信息含有评审专家的个人信息，专家不同意公开" }, replyId)));
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);

        using var download = await client.SendAsync(AsOffice(new HttpRequestMessage(HttpMethod.Get, $"/api/applications/{id}/letters/{replyId}")));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", download.Content.Headers.ContentType!.MediaType);
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal($"{number}政府信息公开申请答复书.docx", disposition.FileNameStar);

        using var document = WordprocessingDocument.Open(new MemoryStream(await download.Content.ReadAsByteArrayAsync()), false);
        var text = document.MainDocumentPart!.Document!.Body!.InnerText;
        Assert.Contains("李四：", text);
        Assert.Contains(number, text);
        Assert.Contains("2026年11月2日收到", text);
        Assert.Contains("第十五条", text);
        Assert.Contains("专家不同意公开", text);
        Assert.Contains("六十日内依法申请行政复议", text);
        Assert.Contains("六个月内依法向人民法院提起行政诉讼", text);
        Assert.DoesNotContain(IdNumber, text);

        // The letter names the applicant: a department's person may not download it.
        using var byDepartment = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/applications/{id}/letters/{replyId}").As("吴承办", "xmc", Role.Submitter));
        Assert.Equal(HttpStatusCode.Forbidden, byDepartment.StatusCode);

        // Registration (its event id is the application's) has no letter; an unknown event none either.
        using var noLetter = await client.SendAsync(AsOffice(new HttpRequestMessage(HttpMethod.Get, $"/api/applications/{id}/letters/{id}")));
        Assert.Equal(HttpStatusCode.NotFound, noLetter.StatusCode);
        using var unknown = await client.SendAsync(AsOffice(new HttpRequestMessage(HttpMethod.Get, $"/api/applications/{id}/letters/nothing")));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
