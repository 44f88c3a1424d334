using System.Text.Encodings.Web;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Disclosure.Compliance;

namespace Disclosure.Adapters.Language;

/// <summary>
/// Azure AI Language PII entity recognition (validation.md, "Cloud detector") over the REST API, on Azure.Core's
/// pipeline for authentication, retries and Retry-After. The service's limits shape the requests: at most
/// <see cref="MaxDocumentsPerRequest"/> documents of at most <see cref="MaxDocumentLength"/> characters and
/// <see cref="MaxRequestBytes"/> per request; longer texts are split and the entity offsets mapped back, so findings
/// point into the original text.
/// </summary>
public sealed class LanguagePiiClient : ICloudPiiDetector
{
    public const string ApiVersion = "2024-11-01";
    public const string TokenScope = "https://cognitiveservices.azure.com/.default";
    public const string KeyHeader = "Ocp-Apim-Subscription-Key";
    public const int MaxDocumentsPerRequest = 5;
    /// <summary>The service counts characters; UTF-16 code units are never fewer, so this is safe for any text.</summary>
    public const int MaxDocumentLength = 5120;
    public const int MaxRequestBytes = 1024 * 1024;
    /// <summary>The JSON around the documents (kind, parameters, wrappers), with room to spare.</summary>
    private const int EnvelopeBytes = 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpPipeline pipeline;
    private readonly Uri endpoint;

    public LanguagePiiClient(LanguageOptions options, TokenCredential? credential = null, LanguageClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsEnabled || !Uri.TryCreate(options.Endpoint!.Trim().TrimEnd('/'), UriKind.Absolute, out var uri))
            throw new ArgumentException("Language:Endpoint must be an absolute URL such as https://name.cognitiveservices.azure.com.", nameof(options));
        endpoint = uri;

        HttpPipelinePolicy authentication = string.IsNullOrWhiteSpace(options.Key)
            ? new BearerTokenAuthenticationPolicy(credential ?? new DefaultAzureCredential(), TokenScope)
            : new SubscriptionKeyPolicy(new AzureKeyCredential(options.Key.Trim()));
        pipeline = HttpPipelineBuilder.Build(clientOptions ?? new LanguageClientOptions(), [], [authentication], new ResponseClassifier());
    }

    public async Task<CloudPiiResult> DetectAsync(IReadOnlyList<TextSource> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var chunks = sources
            .SelectMany((source, index) => TextChunker.Split(index, source.Text ?? "", MaxDocumentLength))
            .ToList();
        if (chunks.Count == 0) return CloudPiiResult.Empty;

        var entities = new List<CloudPiiEntity>();
        var failures = new List<CloudPiiFailure>();
        foreach (var batch in Batches(chunks))
        {
            using var document = await SendAsync(batch, cancellationToken);
            ReadResults(document.RootElement, batch, sources, entities, failures);
        }
        return new CloudPiiResult(entities, failures);
    }

    /// <summary>Groups chunks into requests within both the document-count and the request-size limit.</summary>
    internal static IEnumerable<List<TextChunk>> Batches(IReadOnlyList<TextChunk> chunks)
    {
        var batch = new List<TextChunk>();
        var bytes = EnvelopeBytes;
        foreach (var chunk in chunks)
        {
            var size = EncodedSize(chunk.Text) + 64; // id, language and punctuation of the document object
            if (batch.Count > 0 && (batch.Count == MaxDocumentsPerRequest || bytes + size > MaxRequestBytes))
            {
                yield return batch;
                batch = [];
                bytes = EnvelopeBytes;
            }
            batch.Add(chunk);
            bytes += size;
        }
        if (batch.Count > 0) yield return batch;
    }

    private static int EncodedSize(string text) =>
        JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes.Length;

    internal static byte[] RequestBody(IReadOnlyList<TextChunk> batch)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("kind", "PiiEntityRecognition");
            json.WriteStartObject("parameters");
            json.WriteString("modelVersion", "latest");
            // Offsets in UTF-16 code units are .NET string indices, so they map straight back to the text.
            json.WriteString("stringIndexType", "Utf16CodeUnit");
            json.WriteStartArray("piiCategories");
            json.WriteStringValue("Default");
            // Not part of "Default" for zh-hans: the resident identity card number must be asked for by name.
            json.WriteStringValue("CNResidentIdentityCardNumber");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("analysisInput");
            json.WriteStartArray("documents");
            for (var i = 0; i < batch.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("id", DocumentId(i));
                json.WriteString("language", "zh-hans");
                json.WriteString("text", batch[i].Text);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static string DocumentId(int index) => (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<JsonDocument> SendAsync(List<TextChunk> batch, CancellationToken cancellationToken)
    {
        using var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(endpoint);
        request.Uri.AppendPath("/language/:analyze-text", escape: false);
        request.Uri.AppendQuery("api-version", ApiVersion);
        request.Headers.SetValue("Content-Type", "application/json");
        request.Headers.SetValue("Accept", "application/json");
        request.Content = RequestContent.Create(RequestBody(batch));

        try
        {
            await pipeline.SendAsync(message, cancellationToken);
        }
        catch (RequestFailedException e)
        {
            throw new CloudPiiDetectorException(
                $"无法连接 Azure AI Language 服务（{endpoint.Host}）：{e.Message}", e.ErrorCode, isConfigurationError: false, isTransient: true, e);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is RequestFailedException))
        {
            throw new CloudPiiDetectorException(
                $"多次重试后仍无法连接 Azure AI Language 服务（{endpoint.Host}）。", null, isConfigurationError: false, isTransient: true, e);
        }

        var response = message.Response;
        if (response.Status is >= 200 and < 300)
            return await JsonDocument.ParseAsync(response.ContentStream!, cancellationToken: cancellationToken);
        throw Failure(response);
    }

    private CloudPiiDetectorException Failure(Response response)
    {
        var (code, innerCode, detail) = ReadError(response);
        var shownCode = innerCode ?? code;
        var status = response.Status;
        return status switch
        {
            401 or 403 => new CloudPiiDetectorException(
                $"Azure AI Language 拒绝了访问（HTTP {status}，{shownCode}）：请检查设置 Language:Key 是否正确，" +
                $"或未设置密钥时应用的托管标识是否具有该资源的 Cognitive Services User 角色。{detail}",
                shownCode, isConfigurationError: true, isTransient: false),
            404 => new CloudPiiDetectorException(
                $"Azure AI Language 终结点不存在（HTTP 404）：请检查设置 Language:Endpoint（{endpoint}）。{detail}",
                shownCode, isConfigurationError: true, isTransient: false),
            400 when innerCode == "InvalidDocumentBatch" || code == "InvalidDocumentBatch" => new CloudPiiDetectorException(
                $"Azure AI Language 拒绝了整批文档（InvalidDocumentBatch）：每次请求最多 {MaxDocumentsPerRequest} 篇、每篇最多 " +
                $"{MaxDocumentLength} 个字符、总大小不超过 1 MB。{detail}",
                "InvalidDocumentBatch", isConfigurationError: false, isTransient: false),
            429 or >= 500 => new CloudPiiDetectorException(
                $"Azure AI Language 暂时不可用（HTTP {status}，{shownCode}），重试后仍未成功，可稍后再试。{detail}",
                shownCode, isConfigurationError: false, isTransient: true),
            _ => new CloudPiiDetectorException(
                $"Azure AI Language 请求失败（HTTP {status}，{shownCode}）。{detail}",
                shownCode, isConfigurationError: false, isTransient: false),
        };
    }

    /// <summary>Reads <c>{"error":{"code","message","innererror":{"code","message"}}}</c>; an unreadable body yields nulls.</summary>
    private static (string? Code, string? InnerCode, string Detail) ReadError(Response response)
    {
        try
        {
            if (response.Content is null || response.Content.ToMemory().IsEmpty) return (null, null, "");
            using var json = JsonDocument.Parse(response.Content.ToMemory());
            if (!json.RootElement.TryGetProperty("error", out var error)) return (null, null, "");
            var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
            var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
            string? innerCode = null, innerMessage = null;
            if (error.TryGetProperty("innererror", out var inner))
            {
                innerCode = inner.TryGetProperty("code", out var ic) ? ic.GetString() : null;
                innerMessage = inner.TryGetProperty("message", out var im) ? im.GetString() : null;
            }
            return (code, innerCode, $"服务返回：{innerMessage ?? message}");
        }
        catch (JsonException)
        {
            return (null, null, "");
        }
    }

    private static void ReadResults(JsonElement root, List<TextChunk> batch, IReadOnlyList<TextSource> sources,
        List<CloudPiiEntity> entities, List<CloudPiiFailure> failures)
    {
        if (!root.TryGetProperty("results", out var results))
            throw new CloudPiiDetectorException("Azure AI Language 的响应缺少 results。", null, false, false);

        TextChunk? ChunkOf(JsonElement document) =>
            document.TryGetProperty("id", out var id) && int.TryParse(id.GetString(), out var n) && n >= 1 && n <= batch.Count
                ? batch[n - 1]
                : null;

        if (results.TryGetProperty("documents", out var documents))
        {
            foreach (var document in documents.EnumerateArray())
            {
                if (ChunkOf(document) is not { } chunk || !document.TryGetProperty("entities", out var found)) continue;
                foreach (var entity in found.EnumerateArray())
                {
                    var offset = entity.GetProperty("offset").GetInt32();
                    var length = entity.GetProperty("length").GetInt32();
                    if (offset < 0 || length < 0 || offset + length > chunk.Text.Length) continue;
                    entities.Add(new CloudPiiEntity(
                        sources[chunk.SourceIndex].Name,
                        entity.GetProperty("category").GetString() ?? "",
                        chunk.Offset + offset,
                        length,
                        entity.TryGetProperty("confidenceScore", out var score) ? score.GetDouble() : 0));
                }
            }
        }

        if (results.TryGetProperty("errors", out var errors))
        {
            foreach (var failed in errors.EnumerateArray())
            {
                if (ChunkOf(failed) is not { } chunk) continue;
                var error = failed.TryGetProperty("error", out var e) ? e : default;
                var inner = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("innererror", out var i) ? i : default;
                string? Read(JsonElement element, string name) =>
                    element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value.GetString() : null;
                var code = Read(inner, "code") ?? Read(error, "code") ?? "Unknown";
                var message = Read(inner, "message") ?? Read(error, "message") ?? "";
                var range = $"第 {chunk.Offset + 1}–{chunk.Offset + chunk.Text.Length} 个字符";
                failures.Add(new CloudPiiFailure(sources[chunk.SourceIndex].Name, code, $"云端检测未能分析{range}（{code}）：{message}"));
            }
        }
    }

    /// <summary>
    /// Adds the resource key on every try. Azure.Core's own key policy is internal; reading the credential each time
    /// keeps key rotation (<see cref="AzureKeyCredential.Update"/>) working without a restart.
    /// </summary>
    private sealed class SubscriptionKeyPolicy(AzureKeyCredential credential) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue(KeyHeader, credential.Key);
    }
}
