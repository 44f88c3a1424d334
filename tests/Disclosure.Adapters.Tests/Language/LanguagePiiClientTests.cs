using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Disclosure.Adapters.Language;
using Disclosure.Compliance;

namespace Disclosure.Adapters.Tests.Language;

public class LanguagePiiClientTests
{
    private static LanguageClientOptions FastRetries(int maxRetries = 3)
    {
        var options = new LanguageClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        options.Retry.MaxRetries = maxRetries;
        return options;
    }

    private static LanguagePiiClient ClientFor(LocalLanguageService service, string key = "test-key", int maxRetries = 3) =>
        new(new LanguageOptions { Endpoint = service.Endpoint + "/", Key = key }, null, FastRetries(maxRetries));

    [Fact]
    public async Task The_request_has_the_documented_path_api_version_key_header_and_body()
    {
        await using var service = await LocalLanguageService.StartAsync();
        var client = ClientFor(service);
        const string body = "申请人张三，身份证号11010519491231002X，联系电话13800138000。";

        var result = await client.DetectAsync([new TextSource("正文", body)], default);

        var request = Assert.Single(service.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/language/:analyze-text", request.Path);
        Assert.Equal("?api-version=2024-11-01", request.Query);
        Assert.Equal("test-key", request.Headers["Ocp-Apim-Subscription-Key"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        Assert.Equal(
            """{"kind":"PiiEntityRecognition","parameters":{"modelVersion":"latest","stringIndexType":"Utf16CodeUnit","piiCategories":["Default","CNResidentIdentityCardNumber"]},"analysisInput":{"documents":[{"id":"1","language":"zh-hans","text":"申请人张三，身份证号11010519491231002X，联系电话13800138000。"}]}}""",
            request.Body.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        Assert.True(result.IsComplete);
        var id = Assert.Single(result.Entities, e => e.Category == "CNResidentIdentityCardNumber");
        Assert.Equal("正文", id.Source);
        Assert.Equal("11010519491231002X", body.Substring(id.Offset, id.Length));
        Assert.Equal(0.85, id.Confidence);
        var phone = Assert.Single(result.Entities, e => e.Category == "PhoneNumber");
        Assert.Equal("13800138000", body.Substring(phone.Offset, phone.Length));
    }

    [Fact]
    public async Task A_12000_character_text_is_split_at_sentences_and_every_offset_maps_back_exactly()
    {
        await using var service = await LocalLanguageService.StartAsync();
        var text = LongNotice(12_000);
        Assert.Equal(12_000, text.Length);

        var result = await ClientFor(service).DetectAsync([new TextSource("附件：名单.docx", text)], default);

        var documents = service.Requests.SelectMany(r => r.Documents).Select(d => (string)d["text"]!).ToList();
        Assert.True(documents.Count >= 3, $"expected at least 3 pieces, got {documents.Count}");
        Assert.All(documents, d => Assert.InRange(d.Length, 1, LanguagePiiClient.MaxDocumentLength));
        Assert.Equal(text, string.Concat(documents));
        // Every piece but the last ends a sentence, so no number straddles two pieces.
        Assert.All(documents.SkipLast(1), d => Assert.EndsWith("。", d));

        var expected = Regex.Matches(text, "(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9Xx])").Select(m => (m.Index, m.Value)).ToList();
        Assert.True(expected.Count >= 10);
        var found = result.Entities.Where(e => e.Category == "CNResidentIdentityCardNumber").OrderBy(e => e.Offset).ToList();
        Assert.Equal(expected.Select(e => e.Index), found.Select(e => e.Offset));
        Assert.All(found, e => Assert.Equal("11010519491231002X", text.Substring(e.Offset, e.Length)));
        Assert.All(found, e => Assert.Equal("附件：名单.docx", e.Source));
    }

    /// <summary>Sentences of varying length with an ID number in every fourth one and a supplementary-plane character now and then.</summary>
    private static string LongNotice(int length)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < length; i++)
        {
            text.Append(i % 4 == 0 ? $"第{i}项申请人身份证号11010519491231002X已核验" : "经研究决定对下列科技项目予以立项支持" + new string('请', i % 23));
            text.Append(i % 7 == 0 ? "𠮷。" : "。");
        }
        return text.ToString(0, length - 1) + "。";
    }

    [Fact]
    public async Task Seven_sources_go_in_requests_of_at_most_five_documents_and_entities_keep_their_source()
    {
        await using var service = await LocalLanguageService.StartAsync();
        var sources = Enumerable.Range(1, 7).Select(i => new TextSource($"附件：{i}.pdf", $"第{i}份材料，联系电话1380013800{i}。")).ToList();

        var result = await ClientFor(service).DetectAsync(sources, default);

        Assert.Equal([5, 2], service.Requests.Select(r => r.Documents.Count()));
        Assert.Equal(7, result.Entities.Count);
        for (var i = 1; i <= 7; i++)
        {
            var entity = Assert.Single(result.Entities, e => e.Source == $"附件：{i}.pdf");
            Assert.Equal($"1380013800{i}", sources[i - 1].Text.Substring(entity.Offset, entity.Length));
        }
    }

    [Fact]
    public async Task A_throttled_request_waits_for_retry_after_and_then_succeeds()
    {
        await using var service = await LocalLanguageService.StartAsync();
        service.ThenRespond(429, LocalLanguageService.Error("429", "Rate limit is exceeded. Try again in 1 seconds."), retryAfter: "1");
        var watch = Stopwatch.StartNew();

        var result = await ClientFor(service).DetectAsync([new TextSource("正文", "电话13800138000")], default);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {watch.Elapsed}, before Retry-After");
        Assert.Equal(2, service.Requests.Count);
        Assert.Single(result.Entities);
    }

    [Fact]
    public async Task A_server_error_is_retried()
    {
        await using var service = await LocalLanguageService.StartAsync();
        service.ThenRespond(503);
        service.ThenRespond(500, LocalLanguageService.Error("InternalServerError", "Internal error."));

        var result = await ClientFor(service).DetectAsync([new TextSource("正文", "电话13800138000")], default);

        Assert.Equal(3, service.Requests.Count);
        Assert.Single(result.Entities);
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_is_a_transient_error()
    {
        await using var service = await LocalLanguageService.StartAsync();
        for (var i = 0; i < 3; i++) service.ThenRespond(429, LocalLanguageService.Error("429", "Rate limit is exceeded."), retryAfter: "0");

        var error = await Assert.ThrowsAsync<CloudPiiDetectorException>(() =>
            ClientFor(service, maxRetries: 2).DetectAsync([new TextSource("正文", "文本")], default));

        Assert.True(error.IsTransient);
        Assert.False(error.IsConfigurationError);
        Assert.Equal(3, service.Requests.Count);
    }

    [Fact]
    public async Task A_wrong_key_is_a_configuration_error_and_is_not_retried()
    {
        await using var service = await LocalLanguageService.StartAsync(key: "right-key");

        var error = await Assert.ThrowsAsync<CloudPiiDetectorException>(() =>
            ClientFor(service, key: "wrong-key").DetectAsync([new TextSource("正文", "文本")], default));

        Assert.True(error.IsConfigurationError);
        Assert.False(error.IsTransient);
        Assert.Contains("Language:Key", error.Message);
        Assert.Single(service.Requests);
    }

    [Fact]
    public async Task A_rejected_batch_is_a_clear_error_naming_invalid_document_batch()
    {
        await using var service = await LocalLanguageService.StartAsync();
        service.ThenRespond(400, LocalLanguageService.Error("InvalidRequest", "Invalid document in request.", "InvalidDocumentBatch",
            "Batch request contains too many records. Max 5 records are permitted."));

        var error = await Assert.ThrowsAsync<CloudPiiDetectorException>(() =>
            ClientFor(service).DetectAsync([new TextSource("正文", "文本")], default));

        Assert.Equal("InvalidDocumentBatch", error.ErrorCode);
        Assert.Contains("InvalidDocumentBatch", error.Message);
        Assert.Contains("Max 5 records", error.Message);
        Assert.False(error.IsTransient);
        Assert.Single(service.Requests);
    }

    [Fact]
    public async Task A_document_the_service_cannot_analyse_is_a_failure_of_that_source_while_the_others_are_analysed()
    {
        await using var service = await LocalLanguageService.StartAsync();
        service.RejectDocumentsContaining = "损坏";

        var result = await ClientFor(service).DetectAsync(
            [new TextSource("正文", "电话13800138000"), new TextSource("附件：坏.pdf", "损坏的文字13900139000")], default);

        Assert.False(result.IsComplete);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("附件：坏.pdf", failure.Source);
        Assert.Equal("InvalidDocument", failure.Code);
        Assert.Contains("Document text is not valid.", failure.Message);
        var entity = Assert.Single(result.Entities);
        Assert.Equal("正文", entity.Source);
    }

    [Fact]
    public async Task Without_a_key_an_entra_token_for_the_cognitive_services_scope_is_sent_over_https()
    {
        using var certificate = LocalLanguageService.SelfSignedLoopbackCertificate();
        await using var service = await LocalLanguageService.StartAsync(bearerToken: "entra-token", certificate: certificate);
        var credential = new IssuedToken("entra-token");
        var options = FastRetries();
        var thumbprint = certificate.Thumbprint;
        options.Transport = new HttpClientTransport(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == thumbprint,
        });
        var client = new LanguagePiiClient(new LanguageOptions { Endpoint = service.Endpoint.ToString() }, credential, options);

        var result = await client.DetectAsync([new TextSource("正文", "身份证号11010519491231002X")], default);

        Assert.Equal("https", service.Endpoint.Scheme);
        Assert.Single(result.Entities);
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], credential.RequestedScopes.Distinct());
        Assert.False(Assert.Single(service.Requests).Headers.ContainsKey("Ocp-Apim-Subscription-Key"));
    }

    /// <summary>The token an Entra ID credential would issue; the test checks the scope asked for and the header sent.</summary>
    private sealed class IssuedToken(string token) : TokenCredential
    {
        public List<string> RequestedScopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            RequestedScopes.AddRange(requestContext.Scopes);
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    [Fact]
    public async Task Nothing_is_sent_when_there_is_no_text()
    {
        await using var service = await LocalLanguageService.StartAsync();
        var result = await ClientFor(service).DetectAsync([new TextSource("正文", ""), new TextSource("标题", "  \n ")], default);
        Assert.Same(CloudPiiResult.Empty, result);
        Assert.Empty(service.Requests);
    }

    [Fact]
    public void Batches_also_stay_under_one_megabyte_per_request()
    {
        // Pieces are at most 5,120 characters in practice, which keeps five of them far below 1 MB; the size guard
        // is what keeps that true if the limits change, so it is checked with oversized pieces here.
        var chunks = Enumerable.Range(0, 4).Select(i => new TextChunk(i, 0, new string('a', 400_000))).ToList();
        var batches = LanguagePiiClient.Batches(chunks).ToList();
        Assert.Equal([2, 2], batches.Select(b => b.Count));
        Assert.All(batches, b => Assert.True(LanguagePiiClient.RequestBody(b).Length <= LanguagePiiClient.MaxRequestBytes));

        var chinese = Enumerable.Range(0, 3).Select(i => new TextChunk(i, 0, new string('公', 200_000))).ToList();
        Assert.All(LanguagePiiClient.Batches(chinese), b => Assert.True(LanguagePiiClient.RequestBody(b).Length <= LanguagePiiClient.MaxRequestBytes));
        Assert.Equal(3, LanguagePiiClient.Batches(chinese).Count());
    }

    [Fact]
    public void An_endpoint_that_is_not_a_url_is_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new LanguagePiiClient(new LanguageOptions { Endpoint = "", Key = "k" }));
        Assert.Throws<ArgumentException>(() => new LanguagePiiClient(new LanguageOptions { Endpoint = "not a url", Key = "k" }));
    }
}
