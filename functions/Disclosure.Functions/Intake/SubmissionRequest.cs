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
public sealed record SubmissionRequest(SubmissionDraft Draft, string? IdempotencyKey, bool FromForm)
{
    /// <summary>Room for the text fields around the attachments, in bytes.</summary>
    public const long FieldAllowance = 4 * 1024 * 1024;
    public const string IdempotencyHeader = "Idempotency-Key";

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
                    var draft = new SubmissionDraft
                    {
                        Title = F(SubmissionFields.Title), Column = F(SubmissionFields.Column), Genre = F(SubmissionFields.Genre),
                        Publisher = F(SubmissionFields.Publisher), Department = F(SubmissionFields.Department),
                        DocumentNumber = F(SubmissionFields.DocumentNumber), FormedOn = F(SubmissionFields.FormedOn),
                        Attribute = F(SubmissionFields.Attribute), Scope = F(SubmissionFields.Scope), Term = F(SubmissionFields.Term),
                        PublicUntil = F(SubmissionFields.PublicUntil), Validity = F(SubmissionFields.Validity),
                        Keywords = F(SubmissionFields.Keywords), Summary = F(SubmissionFields.Summary), Body = F(SubmissionFields.Body),
                        BodyFormat = F(SubmissionFields.BodyFormat), Relation = F(SubmissionFields.Relation),
                        RelatedItem = F(SubmissionFields.RelatedItem), Attachments = files,
                    };
                    var key = header.Length > 0 ? header : F(SubmissionFields.IdempotencyKey);
                    return (new SubmissionRequest(draft, Blank(key), FromForm: true), null);

                case "application/json":
                    var json = await JsonSerializer.DeserializeAsync<SubmissionJson>(request.Body, JsonSerializerOptions.Web, ct);
                    if (json is null) return (null, BadJson("请求体为空。"));
                    var uploads = new List<UploadedFile>();
                    foreach (var a in json.Attachments ?? [])
                    {
                        if (a is null || string.IsNullOrWhiteSpace(a.FileName) || a.ContentBase64 is null)
                            return (null, BadJson("每个附件都需要 fileName 和 contentBase64。"));
                        uploads.Add(new UploadedFile(a.FileName, Convert.FromBase64String(a.ContentBase64)));
                    }
                    return (new SubmissionRequest(json.ToDraft(uploads), Blank(header.Length > 0 ? header : json.IdempotencyKey), FromForm: false), null);

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
            return (null, BadJson("请求体格式有误，无法解析：" + e.Message));
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
            return (null, BadJson("请求体格式有误，无法解析：" + e.Message));
        }
    }

    private sealed record WithdrawalJson(string? Reason);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static IActionResult TooLarge(AttachmentLimits limits) =>
        Http.Responses.Problem(StatusCodes.Status413PayloadTooLarge, "提交内容过大",
            $"附件合计不能超过 {limits.MaxTotalBytes / 1024 / 1024} MB，单个文件不超过 {limits.MaxFileBytes / 1024 / 1024} MB。");

    private static IActionResult BadJson(string detail) =>
        Http.Responses.Problem(StatusCodes.Status400BadRequest, "请求格式有误", detail);
}

/// <summary>The JSON body of <c>POST /api/submissions</c>; field names are those of the form.</summary>
public sealed record SubmissionJson
{
    public string? Title { get; init; }
    public string? Column { get; init; }
    public string? Genre { get; init; }
    public string? Publisher { get; init; }
    public string? Department { get; init; }
    public string? DocumentNumber { get; init; }
    public string? FormedOn { get; init; }
    public string? Attribute { get; init; }
    public string? Scope { get; init; }
    public string? Term { get; init; }
    public string? PublicUntil { get; init; }
    public string? Validity { get; init; }
    public JsonElement? Keywords { get; init; }
    public string? Summary { get; init; }
    public string? Body { get; init; }
    public string? BodyFormat { get; init; }
    public string? Relation { get; init; }
    public string? RelatedItem { get; init; }
    public string? IdempotencyKey { get; init; }
    public IReadOnlyList<JsonAttachment>? Attachments { get; init; }

    public SubmissionDraft ToDraft(IReadOnlyList<UploadedFile> attachments) => new()
    {
        Title = Title, Column = Column, Genre = Genre, Publisher = Publisher, Department = Department,
        DocumentNumber = DocumentNumber, FormedOn = FormedOn, Attribute = Attribute, Scope = Scope, Term = Term,
        PublicUntil = PublicUntil, Validity = Validity, Summary = Summary, Body = Body, BodyFormat = BodyFormat,
        Relation = Relation, RelatedItem = RelatedItem, Attachments = attachments,
        // 主题词 may be sent as one string or as an array of strings.
        Keywords = Keywords is { ValueKind: JsonValueKind.Array } array
            ? string.Join(" ", array.EnumerateArray().Select(e => e.ToString()))
            : Keywords?.ToString(),
    };
}

public sealed record JsonAttachment(string? FileName, string? ContentBase64);
