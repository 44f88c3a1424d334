using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Disclosure.Adapters.Tests.Language;

/// <summary>
/// A local stand-in for the Azure AI Language analyze-text endpoint on 127.0.0.1, speaking its documented protocol:
/// it checks the request (path, api-version, credentials, body shape), enforces the service limits (5 documents,
/// 5,120 characters) with the documented error shapes, and finds resident ID and mobile numbers in the texts it is
/// sent, answering with UTF-16 offsets. Failures a test needs (401, 429 with Retry-After, 5xx, a rejected batch) are
/// queued as the next responses.
/// </summary>
internal sealed partial class LocalLanguageService : IAsyncDisposable
{
    public const string Path = "/language/:analyze-text";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> scripted = new();

    public Uri Endpoint { get; private set; } = null!;
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    public string? ExpectedKey { get; init; }
    public string? ExpectedBearerToken { get; init; }
    /// <summary>Documents containing this text come back in results.errors, as the service does for a document it cannot analyse.</summary>
    public string? RejectDocumentsContaining { get; set; }

    public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, JsonNode Body)
    {
        public IEnumerable<JsonNode> Documents => Body["analysisInput"]!["documents"]!.AsArray().Select(d => d!);
    }

    private LocalLanguageService(WebApplication app) => this.app = app;

    public static async Task<LocalLanguageService> StartAsync(string? key = "test-key", string? bearerToken = null, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (certificate is not null) builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null) listen.UseHttps(certificate);
        }));
        var web = builder.Build();
        var service = new LocalLanguageService(web) { ExpectedKey = bearerToken is null ? key : null, ExpectedBearerToken = bearerToken };
        web.Run(service.HandleAsync);
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        service.Endpoint = new Uri(address.Replace("[::]", "127.0.0.1"));
        return service;
    }

    public void ThenRespond(int status, object? error = null, string? retryAfter = null) => scripted.Enqueue(async context =>
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null) context.Response.Headers.RetryAfter = retryAfter;
        if (error is not null) await context.Response.WriteAsJsonAsync(error);
    });

    public static object Error(string code, string message, string? innerCode = null, string? innerMessage = null) => new
    {
        error = innerCode is null
            ? (object)new { code, message }
            : new { code, message, innererror = new { code = innerCode, message = innerMessage ?? message } },
    };

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        JsonNode? body;
        try { body = JsonNode.Parse(text); }
        catch (JsonException) { body = null; }
        Requests.Enqueue(new RecordedRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body ?? new JsonObject()));

        if (request.Method != "POST" || request.Path.Value != Path)
        {
            await Reply(context, 404, Error("404", "Resource not found"));
            return;
        }
        if (ExpectedKey is not null && request.Headers["Ocp-Apim-Subscription-Key"] != ExpectedKey
            || ExpectedBearerToken is not null && request.Headers.Authorization != "Bearer " + ExpectedBearerToken)
        {
            await Reply(context, 401, Error("401", "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."));
            return;
        }
        if (scripted.TryDequeue(out var respond))
        {
            await respond(context);
            return;
        }
        if (request.Query["api-version"] != "2024-11-01")
        {
            await Reply(context, 400, Error("InvalidRequest", "Invalid Request.", "UnsupportedApiVersion", "The requested API version is not supported."));
            return;
        }
        var isJson = request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true;
        if (!isJson || body is null
            || (string?)body["kind"] != "PiiEntityRecognition" || body["analysisInput"]?["documents"] is not JsonArray documents)
        {
            await Reply(context, 400, Error("InvalidRequest", "Invalid Request.", "InvalidRequestBodyFormat", "Request body format is wrong."));
            return;
        }
        if (documents.Count > 5)
        {
            await Reply(context, 400, Error("InvalidRequest", "Invalid document in request.", "InvalidDocumentBatch",
                "Batch request contains too many records. Max 5 records are permitted."));
            return;
        }

        var results = new JsonArray();
        var errors = new JsonArray();
        foreach (var document in documents)
        {
            var id = (string)document!["id"]!;
            var content = (string?)document["text"] ?? "";
            if (content.Length == 0)
                errors.Add(DocumentError(id, "Document text is empty."));
            else if (new StringInfo(content).LengthInTextElements > 5120)
                errors.Add(DocumentError(id, "A document within the request was too large to be processed. Limit document size to: 5120 text elements."));
            else if (RejectDocumentsContaining is { } marker && content.Contains(marker, StringComparison.Ordinal))
                errors.Add(DocumentError(id, "Document text is not valid."));
            else
                results.Add(Analyse(id, content));
        }
        await Reply(context, 200, new JsonObject
        {
            ["kind"] = "PiiEntityRecognitionResults",
            ["results"] = new JsonObject { ["documents"] = results, ["errors"] = errors, ["modelVersion"] = "2025-01-15" },
        });
    }

    private static JsonObject DocumentError(string id, string message) => new()
    {
        ["id"] = id,
        ["error"] = new JsonObject
        {
            ["code"] = "InvalidArgument",
            ["message"] = "Invalid document in request.",
            ["innererror"] = new JsonObject { ["code"] = "InvalidDocument", ["message"] = message },
        },
    };

    [GeneratedRegex("(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9Xx])")]
    private static partial Regex ResidentId();

    [GeneratedRegex("(?<![0-9])1[3-9][0-9]{9}(?![0-9])")]
    private static partial Regex Mobile();

    private static JsonObject Analyse(string id, string text)
    {
        var entities = new JsonArray();
        var redacted = text.ToCharArray();
        foreach (var (regex, category, score) in new[] { (ResidentId(), "CNResidentIdentityCardNumber", 0.85), (Mobile(), "PhoneNumber", 0.8) })
        {
            foreach (Match match in regex.Matches(text))
            {
                entities.Add(new JsonObject
                {
                    ["text"] = match.Value, ["category"] = category, ["offset"] = match.Index, ["length"] = match.Length, ["confidenceScore"] = score,
                });
                for (var i = match.Index; i < match.Index + match.Length; i++) redacted[i] = '*';
            }
        }
        return new JsonObject { ["redactedText"] = new string(redacted), ["id"] = id, ["entities"] = entities, ["warnings"] = new JsonArray() };
    }

    private static async Task Reply(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(body));
    }

    public static X509Certificate2 SelfSignedLoopbackCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
