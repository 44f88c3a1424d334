using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs.Models;
using Disclosure.Adapters.Storage;
using Disclosure.Applications;
using Disclosure.Functions.Applications;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Plan;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Applications;

/// <summary>
/// Identity proofs through the local host on Azurite: attached to the public form (multipart) or the JSON API (base64),
/// checked by content, kept in the private <c>applicant-documents</c> container, downloadable by the office only, never
/// stored for a refused application, and deleted by the retention timer with the applicant's other personal data.
/// </summary>
public partial class IdentityProofFlowTests
{
    [GeneratedRegex("name=\"idempotencyKey\" value=\"([^\"]+)\"")]
    private static partial Regex IdempotencyKey();

    /// <summary>A PDF whose bytes no other test writes, so the container can be searched for it without counting anyone else's.</summary>
    private static byte[] UniquePdf(out string marker)
    {
        marker = Guid.NewGuid().ToString("N");
        return Encoding.ASCII.GetBytes($"%PDF-1.4\n% {marker}\n%%EOF\n");
    }

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01];

    private static async Task<LocalFunctionsHost> StartAsync(string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Applications:PerClientPerHour"] = "1000" };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));
        return await TestHosts.StartAsync(all, runQueues: false, environment: environment, services: s => s.AddSingleton<TimeProvider>(clock));
    }

    private static MultipartFormDataContent Form(string key, string informationSought, params (string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["idempotencyKey"] = key, ["applicantKind"] = "natural-person", ["name"] = "李四", ["idDocumentType"] = "居民身份证",
            ["idDocumentNumber"] = "110109198807154321", ["phone"] = "13900000000", ["informationSought"] = informationSought,
            ["deliveryForm"] = "纸质", ["website"] = "",
        })
            form.Add(new StringContent(value), name);
        foreach (var (name, content) in files) form.Add(new ByteArrayContent(content), IdentityProofRules.Field, name);
        return form;
    }

    private static HttpRequestMessage Html(HttpMethod method, string url, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return request;
    }

    /// <summary>Every blob of the proofs container whose bytes hold <paramref name="marker"/>.</summary>
    private static async Task<List<string>> BlobsHoldingAsync(string marker)
    {
        var container = (await TestStorage.BlobsAsync()).GetBlobContainerClient(StorageNames.ApplicantDocumentsContainer);
        var found = new List<string>();
        if (!await container.ExistsAsync()) return found;
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, CancellationToken.None))
        {
            var bytes = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
            if (Encoding.ASCII.GetString(bytes).Contains(marker)) found.Add(blob.Name);
        }
        return found;
    }

    [Fact]
    public async Task The_public_form_attaches_proofs_that_only_the_office_can_download()
    {
        await using var host = await StartAsync(environment: "Production");
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var formHtml = await client.GetStringAsync("/api/applications/new");
        Assert.Contains("enctype=\"multipart/form-data\"", formHtml);
        Assert.Contains("type=\"file\" id=\"f-identityProof\" name=\"identityProof\"", formHtml);
        var key = IdempotencyKey().Match(formHtml).Groups[1].Value;
        var pdf = UniquePdf(out var marker);

        using var posted = await client.SendAsync(Html(HttpMethod.Post, "/api/applications", Form(key, "本局2026年政府采购意向公开清单", ("身份证正面.pdf", pdf), ("身份证反面.jpg", Jpeg))));

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var statusUrl = posted.Headers.Location!.ToString();
        var id = statusUrl.Split('/', '?')[3];
        var applicantPage = await (await client.SendAsync(Html(HttpMethod.Get, statusUrl))).Content.ReadAsStringAsync();
        Assert.Contains("已提交 2 个文件", applicantPage);
        Assert.DoesNotContain("/identity-proofs/", applicantPage); // the link may be forwarded: the files are the office's
        Assert.Equal([$"{id}/proof-1.pdf"], await BlobsHoldingAsync(marker));
        var container = (await TestStorage.BlobsAsync()).GetBlobContainerClient(StorageNames.ApplicantDocumentsContainer);
        Assert.Equal(PublicAccessType.None, (await container.GetPropertiesAsync()).Value.PublicAccess);

        var officePage = await (await client.SendAsync(Html(HttpMethod.Get, $"/api/applications/{id}").As("周公开", "bgs", Role.Reviewer))).Content.ReadAsStringAsync();
        Assert.Contains($"<a href=\"/api/applications/{id}/identity-proofs/proof-1.pdf\">身份证正面.pdf</a>", officePage);
        Assert.Contains($"<a href=\"/api/applications/{id}/identity-proofs/proof-2.jpg\">身份证反面.jpg</a>", officePage);
        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { ["form.html"] = formHtml, ["office.html"] = officePage }));

        using var download = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/applications/{id}/identity-proofs/proof-1.pdf").As("周公开", "bgs", Role.Reviewer));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.True(download.Headers.CacheControl!.NoStore);

        using var byDepartment = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/applications/{id}/identity-proofs/proof-1.pdf").As("吴承办", "xmc", Role.Submitter));
        Assert.Equal(HttpStatusCode.Forbidden, byDepartment.StatusCode);
        using var byNobody = await client.GetAsync($"/api/applications/{id}/identity-proofs/proof-1.pdf");
        Assert.Equal(HttpStatusCode.Unauthorized, byNobody.StatusCode);
        using var byToken = await client.GetAsync($"/api/applications/{id}/identity-proofs/proof-1.pdf?{statusUrl.Split('?')[1]}");
        Assert.Equal(HttpStatusCode.Unauthorized, byToken.StatusCode);
    }

    [Fact]
    public async Task A_refused_application_leaves_no_file_behind_and_the_form_says_why_next_to_the_field()
    {
        await using var host = await StartAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var pdf = UniquePdf(out var marker);
        var program = Encoding.ASCII.GetBytes("MZ\u0090\0 a program renamed to look like a photo");

        // A valid proof beside a file that only claims to be a picture: nothing is stored, the form comes back.
        using var refused = await client.SendAsync(Html(HttpMethod.Post, "/api/applications", Form(Guid.NewGuid().ToString("N"), "某项信息", ("证件.pdf", pdf), ("照片.jpg", program))));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"f-identityProof-error\">身份证明材料“照片.jpg”不是 PDF、JPEG 或 PNG 文件", page);
        Assert.Contains("<a href=\"#f-identityProof\">", page);
        Assert.Contains("请重新选择文件", page);

        // Another field wrong, the files fine: still nothing stored.
        using var incomplete = await client.SendAsync(Html(HttpMethod.Post, "/api/applications", Form(Guid.NewGuid().ToString("N"), "", ("证件.pdf", pdf))));
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);

        // Too many files through the JSON API: 400 problem+json naming the field.
        var json = new
        {
            applicantKind = "natural-person", name = "李四", idDocumentType = "居民身份证", idDocumentNumber = "110109198807154321", phone = "13900000000",
            informationSought = "某项信息", deliveryForm = "纸质",
            identityProofs = Enumerable.Range(1, IdentityProofRules.MaxFiles + 1).Select(i => new { fileName = $"{i}.pdf", contentBase64 = Convert.ToBase64String(pdf) }).ToArray(),
        };
        using var tooMany = await client.PostAsync("/api/applications", new StringContent(JsonSerializer.Serialize(json), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("application/problem+json", tooMany.Content.Headers.ContentType!.MediaType);
        Assert.Contains("identityProof", await tooMany.Content.ReadAsStringAsync());

        // A body beyond what the files may add up to is refused before it is read.
        using var huge = new MultipartFormDataContent { { new ByteArrayContent(new byte[IdentityProofRules.MaxBodyBytes + 1]), IdentityProofRules.Field, "big.pdf" } };
        using var tooLarge = await client.PostAsync("/api/applications", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        // The files' allowance is the files' alone: JSON fields beyond 64 KiB are still too large beside a small proof.
        var padded = new
        {
            applicantKind = "natural-person", name = "李四", idDocumentType = "居民身份证", idDocumentNumber = "110109198807154321", phone = "13900000000",
            informationSought = new string('长', 30_000), deliveryForm = "纸质",
            identityProofs = new[] { new { fileName = "a.pdf", contentBase64 = Convert.ToBase64String(pdf) } },
        };
        using var paddedAnswer = await client.PostAsync("/api/applications", new StringContent(JsonSerializer.Serialize(padded), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, paddedAnswer.StatusCode);

        Assert.Empty(await BlobsHoldingAsync(marker));
    }

    [Fact]
    public async Task The_json_api_takes_base64_proofs_and_the_retention_timer_deletes_them()
    {
        await using var host = await StartAsync(settings: new Dictionary<string, string?> { ["Applications:RetentionDays"] = "30" });
        using var client = host.Client();
        var pdf = UniquePdf(out var marker);
        var letter = new
        {
            applicantKind = "natural-person", name = "王五", idDocumentType = "居民身份证", idDocumentNumber = "110105197701011111", phone = "13700000000",
            informationSought = "2025年度行政处罚决定汇总", deliveryForm = "纸质", channel = "letter", receivedOn = "2026-08-03",
            identityProofs = new[] { new { fileName = "身份证复印件.pdf", contentBase64 = Convert.ToBase64String(pdf) } },
        };
        using var registered = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/applications")
        { Content = new StringContent(JsonSerializer.Serialize(letter), Encoding.UTF8, "application/json") }.As("周公开", "bgs", Role.Reviewer));
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        var record = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement;
        var id = record.GetProperty("id").GetString()!;
        Assert.Equal(1, record.GetProperty("identityProofCount").GetInt32());
        Assert.Equal([$"{id}/proof-1.pdf"], await BlobsHoldingAsync(marker));

        var reply = new { id = Guid.NewGuid().ToString("N"), kind = "replied", on = "2026-08-20", outcome = "三(一)" };
        using var replied = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{id}/events")
        { Content = new StringContent(JsonSerializer.Serialize(reply), Encoding.UTF8, "application/json") }.As("周公开", "bgs", Role.Reviewer));
        Assert.True(replied.StatusCode == HttpStatusCode.OK, await replied.Content.ReadAsStringAsync());

        var timer = new DeleteExpiredApplicantData(host.Services.GetRequiredService<ApplicationRetention>(), NullLogger<DeleteExpiredApplicantData>.Instance);
        await timer.Run(new TimerInfo(), CancellationToken.None);

        Assert.Empty(await BlobsHoldingAsync(marker));
        using var gone = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/applications/{id}/identity-proofs/proof-1.pdf").As("周公开", "bgs", Role.Reviewer));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
