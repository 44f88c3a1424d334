using System.Text.Json;
using Disclosure.Catalogue;
using Disclosure.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Disclosure.Functions.Intake;

/// <summary>
/// Reads a submission from the three supported bodies: <c>multipart/form-data</c> (the form, with files),
/// <c>application/x-www-form-urlencoded</c>, and <c>application/json</c> (attachments as base64, see README).
/// Oversized bodies are refused before they are read (413), other media types too (415).
/// </summary>
public sealed record SubmissionRequest(SubmissionDraft Draft, string? IdempotencyKey, bool FromForm, int? Version = null)
{
    /// <summary>The form's anti-forgery token (<see cref="Http.FormTokens"/>); JSON bodies carry none.</summary>
    public string? FormToken { get; init; }

    /// <summary>The form field and JSON property naming the version a correction is based on.</summary>
    public const string VersionField = "version";

    /// <summary>Room for the text fields around the attachments, in bytes.</summary>
    public const long FieldAllowance = 4 * 1024 * 1024;
    public const string IdempotencyHeader = "Idempotency-Key";
    /// <summary>A client's retry token: a UUID is 36 characters; anything far longer is not a token.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    public static async Task<(SubmissionRequest? Request, IActionResult? Failure)> ReadAsync(
        HttpRequest request, AttachmentLimits limits, CancellationToken ct)
    {
        var maxBody = limits.MaxTotalBytes + FieldAllowance;
        if (request.ContentLength > maxBody) return (null, TooLarge(limits));
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        var header = request.Headers[IdempotencyHeader].ToString();
        try
        {
            switch (mediaType)
            {
                case "multipart/form-data":
                case "application/x-www-form-urlencoded":
                    var form = await request.ReadFormAsync(new FormOptions
                    {
                        MultipartBodyLengthLimit = maxBody,
                        ValueLengthLimit = (int)Math.Min(int.MaxValue, FieldAllowance),
                        ValueCountLimit = 200,
                        MultipartHeadersCountLimit = 32,
                    }, ct);
                    var files = new List<UploadedFile>();
                    long total = 0;
                    foreach (var file in form.Files.Where(f => f.Length > 0 || f.FileName.Length > 0))
                    {
                        total += file.Length;
                        if (total > limits.MaxTotalBytes + limits.MaxFileBytes) return (null, TooLarge(limits));
                        using var buffer = new MemoryStream();
                        await file.CopyToAsync(buffer, ct);
                        files.Add(new UploadedFile(file.FileName, buffer.ToArray()));
                    }
                    string? F(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
                    var draft = DraftOf(F, files);
                    var key = header.Length > 0 ? header : F(SubmissionFields.IdempotencyKey);
                    if (!TryVersion(F(VersionField), out var formVersion)) return (null, BadVersion());
                    if (Blank(key)?.Length > MaxIdempotencyKeyLength) return (null, BadIdempotencyKey());
                    return (new SubmissionRequest(draft, Blank(key), FromForm: true, formVersion) { FormToken = F(Http.FormTokens.Field) }, null);

                case "application/json":
                    using (var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct))
                    {
                        if (json.RootElement.ValueKind != JsonValueKind.Object) return (null, BadJson("请求体应为 JSON 对象。"));
                        var fields = JsonFields(json.RootElement);
                        var uploads = new List<UploadedFile>();
                        if (fields.TryGetValue(SubmissionFields.Attachments, out var attachments) && attachments.ValueKind != JsonValueKind.Null)
                        {
                            if (attachments.ValueKind != JsonValueKind.Array) return (null, BadJson("attachments 应为数组。"));
                            foreach (var a in attachments.EnumerateArray())
                            {
                                var file = a.ValueKind == JsonValueKind.Object ? JsonFields(a) : [];
                                var fileName = file.TryGetValue("fileName", out var n) && n.ValueKind == JsonValueKind.String ? StringOf(n) : null;
                                var content = file.TryGetValue("contentBase64", out var c) && c.ValueKind == JsonValueKind.String ? StringOf(c) : null;
                                if (string.IsNullOrWhiteSpace(fileName) || content is null)
                                    return (null, BadJson("每个附件都需要 fileName 和 contentBase64。"));
                                uploads.Add(new UploadedFile(fileName, Convert.FromBase64String(content)));
                            }
                        }
                        var jsonKey = header.Length > 0 ? header : JsonText(fields, SubmissionFields.IdempotencyKey);
                        var versionText = fields.TryGetValue(VersionField, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : JsonText(fields, VersionField);
                        if (!TryVersion(versionText, out var jsonVersion)) return (null, BadVersion());
                        if (Blank(jsonKey)?.Length > MaxIdempotencyKeyLength) return (null, BadIdempotencyKey());
                        return (new SubmissionRequest(DraftOf(name => JsonText(fields, name), uploads), Blank(jsonKey), FromForm: false, jsonVersion), null);
                    }

                default:
                    return (null, Http.Responses.Problem(StatusCodes.Status415UnsupportedMediaType, "不支持的内容类型",
                        "请使用 multipart/form-data、application/x-www-form-urlencoded 或 application/json 提交。"));
            }
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TooLarge(limits));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or JsonException or FormatException or BadHttpRequestException)
        {
            return (null, BadJson(Http.HttpTexts.Unreadable(e)));
        }
    }

    /// <summary>The draft from named text fields: the form's fields and the JSON body's properties carry the same names.</summary>
    private static SubmissionDraft DraftOf(Func<string, string?> field, IReadOnlyList<UploadedFile> attachments) => new()
    {
        Title = field(SubmissionFields.Title), Column = field(SubmissionFields.Column), Genre = field(SubmissionFields.Genre),
        Publisher = field(SubmissionFields.Publisher), Department = field(SubmissionFields.Department),
        DocumentNumber = field(SubmissionFields.DocumentNumber), FormedOn = field(SubmissionFields.FormedOn),
        ApprovedOn = field(SubmissionFields.ApprovedOn), DecidedOn = field(SubmissionFields.DecidedOn),
        NoticeStartsOn = field(SubmissionFields.NoticeStartsOn), Reposted = field(SubmissionFields.Reposted),
        ReceivedOn = field(SubmissionFields.ReceivedOn),
        Attribute = field(SubmissionFields.Attribute), Scope = field(SubmissionFields.Scope), Term = field(SubmissionFields.Term),
        PublicUntil = field(SubmissionFields.PublicUntil), Validity = field(SubmissionFields.Validity),
        EffectiveFrom = field(SubmissionFields.EffectiveFrom), ValidUntil = field(SubmissionFields.ValidUntil),
        Keywords = field(SubmissionFields.Keywords), Summary = field(SubmissionFields.Summary), Body = field(SubmissionFields.Body),
        BodyFormat = field(SubmissionFields.BodyFormat), Relation = field(SubmissionFields.Relation),
        RelatedItem = field(SubmissionFields.RelatedItem), Attachments = attachments,
    };

    /// <summary>An object's properties by name, ignoring case as the JSON API always has (the last of duplicates wins).</summary>
    private static Dictionary<string, JsonElement> JsonFields(JsonElement obj)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in obj.EnumerateObject()) fields[property.Name] = property.Value;
        return fields;
    }

    /// <summary>A text field of the JSON body: a string, absent or null; 主题词 may also be an array of strings, 转发 a boolean. Anything else is malformed.</summary>
    private static string? JsonText(Dictionary<string, JsonElement> fields, string name)
    {
        if (!fields.TryGetValue(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => StringOf(value),
            JsonValueKind.Null => null,
            JsonValueKind.Array when name == SubmissionFields.Keywords
                && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
                => string.Join(" ", value.EnumerateArray().Select(StringOf)),
            // 转发 is a yes/no: JSON clients send it as a boolean.
            JsonValueKind.True when name == SubmissionFields.Reposted => "true",
            JsonValueKind.False when name == SubmissionFields.Reposted => "false",
            _ => throw new Http.RequestShapeException($"{name} 应为字符串。"),
        };
    }

    /// <summary>JsonDocument checks a string's UTF-8 and escapes only when it is read: invalid text is a malformed body, not a crash.</summary>
    private static string StringOf(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new Http.RequestShapeException("字符串不是有效的 UTF-8 文本。", e);
        }
    }

    /// <summary>The reason of a withdrawal request, from a form or <c>{"reason": "…"}</c>; a malformed body is 400, not a crash.</summary>
    public static async Task<(string? Reason, IActionResult? Failure)> ReadReasonAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(new FormOptions { ValueCountLimit = 20, MultipartBodyLengthLimit = FieldAllowance }, ct);
                return (form["reason"].ToString(), null);
            }
            var json = await JsonSerializer.DeserializeAsync<WithdrawalJson>(request.Body, JsonSerializerOptions.Web, ct);
            return (json?.Reason, null);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or JsonException or BadHttpRequestException)
        {
            return (null, BadJson(Http.HttpTexts.Unreadable(e)));
        }
    }

    private sealed record WithdrawalJson(string? Reason);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>An absent version is null (the correction endpoint decides whether it needs one); a present one is a positive number.</summary>
    private static bool TryVersion(string? text, out int? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1) return false;
        version = n;
        return true;
    }

    private static IActionResult BadIdempotencyKey() => Http.Responses.ValidationProblem(
        [new FieldError(SubmissionFields.IdempotencyKey, $"幂等键（Idempotency-Key）不能超过 {MaxIdempotencyKeyLength} 个字符。")]);

    private static IActionResult BadVersion() => Http.Responses.ValidationProblem([new FieldError(VersionField, "version 应为所依据的版本号（正整数）。")]);

    private static IActionResult TooLarge(AttachmentLimits limits) =>
        Http.Responses.Problem(StatusCodes.Status413PayloadTooLarge, "提交内容过大",
            $"附件合计不能超过 {limits.MaxTotalBytes / 1024 / 1024} MB，单个文件不超过 {limits.MaxFileBytes / 1024 / 1024} MB。");

    private static IActionResult BadJson(string detail) =>
        Http.Responses.Problem(StatusCodes.Status400BadRequest, "请求格式有误", detail);
}

/// <summary>The JSON body of <c>POST /api/submissions</c>; field names are those of the form.</summary>
