using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Disclosure.Applications;
using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Disclosure.Functions.Applications;

/// <summary>What the application endpoints share: reading bodies within their limit, and the one JSON shape of an application.</summary>
public sealed class ApplicationHttp(HttpWorkbench workbench, ApplicationService applications, CatalogueSettings catalogue, TimeProvider time)
{
    /// <summary>An application is a few fields and a paragraph; 64 KiB leaves room for any honest one.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public HttpWorkbench Workbench => workbench;

    public TimeProvider Time => time;

    /// <summary>409: an event the application's state does not take, or the person may not record (the lifecycle's table).</summary>
    public IActionResult NotOffered(Principal who, HttpRequest req, DisclosureApplication application, ApplicationEventKind? kind)
        => workbench.Message(who, req, StatusCodes.Status409Conflict, "不能登记该事项",
            $"该申请当前为“{application.State.ToChinese()}”，不能登记{(kind is { } k ? $"“{k.ToChinese()}”" : "此事项")}，或者您无权登记。",
            $"/api/applications/{application.Id}", "返回申请");

    /// <summary>An event's form (<see cref="ApplicationEventForms"/>) for <paramref name="application"/> as it is now, filled with <paramref name="value"/>.</summary>
    public IActionResult EventForm(Principal who, DisclosureApplication application, ApplicationEventKind kind, string eventId,
        Func<string, string?> value, IReadOnlyList<FieldError> errors, int status)
    {
        string? ErrorOf(string field) => errors.FirstOrDefault(e => e.Field == field)?.Message;
        var view = View(application, applications.Clock.Read(application), AudienceOf(who));
        var model = new ApplicationEventFormModel(view, kind.Code(), kind.ToChinese(), ApplicationEventForms.ActionPath(application.Id), eventId,
            ApplicationEventForms.Fields(kind, catalogue, value, ErrorOf), errors.Select(e => new FormError("f-" + e.Field, e.Message)).ToList());
        return workbench.Page(who, "application-event", $"{kind.ToChinese()} · {view.Number}", model, status);
    }

    public static IActionResult JsonAnswer(object value, int status = StatusCodes.Status200OK)
        => new ContentResult { Content = JsonSerializer.Serialize(value, value.GetType(), Json), ContentType = "application/json; charset=utf-8", StatusCode = status };

    /// <summary>The office sees everything; the handling department and the applicant see the identity number masked.</summary>
    public ApplicationView View(DisclosureApplication application, ClockReading clock, ApplicationAudience audience)
        => ApplicationView.Of(application, clock, audience, catalogue);

    public static ApplicationAudience AudienceOf(Principal who) => who.IsReviewer ? ApplicationAudience.Office : ApplicationAudience.HandlingDepartment;

    /// <summary>The body as text, or null when it is larger than <see cref="MaxBodyBytes"/>.</summary>
    public static Task<string?> ReadBodyAsync(HttpRequest req, CancellationToken ct) => ReadBodyAsync(req, MaxBodyBytes, ct);

    /// <summary>The body as text, or null when it is larger than <paramref name="maxBytes"/> (read no further than that).</summary>
    public static async Task<string?> ReadBodyAsync(HttpRequest req, long maxBytes, CancellationToken ct)
    {
        if (req.ContentLength > maxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await req.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static IActionResult TooLarge()
        => Responses.Problem(StatusCodes.Status413PayloadTooLarge, "申请内容过大", $"申请内容不能超过 {MaxBodyBytes / 1024} KiB。");

    /// <summary>An application with identity proofs may be larger, by the files it may carry and no more.</summary>
    public static IActionResult TooLargeWithProofs()
        => Responses.Problem(StatusCodes.Status413PayloadTooLarge, "申请内容过大",
            $"申请内容（含身份证明材料）过大：{IdentityProofRules.Label}最多 {IdentityProofRules.MaxFiles} 个文件，每个不超过 {IdentityProofRules.MaxFileBytes / 1024 / 1024} MB。");

    public static bool IsForm(HttpRequest req) => IsUrlEncoded(req) || IsMultipart(req);

    public static bool IsUrlEncoded(HttpRequest req) => req.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The form with identity-proof files (<c>enctype="multipart/form-data"</c>).</summary>
    public static bool IsMultipart(HttpRequest req) => req.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;

    public static bool IsJson(HttpRequest req) => req.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// The draft and its idempotency key from the form (urlencoded, or multipart with identity-proof files; the key a
    /// hidden field) or JSON (proofs as base64; the key the Idempotency-Key header); or the answer to give instead: 413
    /// beyond the size limit, 400 when the body cannot be read.
    /// </summary>
    public static async Task<(ApplicationDraft? Draft, string? IdempotencyKey, IActionResult? Failure)> ReadDraftAsync(HttpRequest req, CancellationToken ct)
    {
        var header = req.Headers["Idempotency-Key"].ToString();
        if (IsMultipart(req))
        {
            if (req.ContentLength > IdentityProofRules.MaxBodyBytes) return (null, null, TooLargeWithProofs());
            IFormCollection form;
            try
            {
                form = await req.ReadFormAsync(new FormOptions
                {
                    MultipartBodyLengthLimit = IdentityProofRules.MaxBodyBytes,
                    ValueLengthLimit = MaxBodyBytes,
                    ValueCountLimit = 50,
                    MultipartHeadersCountLimit = 16,
                }, ct);
            }
            catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
            {
                return (null, null, TooLargeWithProofs());
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                return (null, null, Responses.Problem(StatusCodes.Status400BadRequest, "申请内容有误", HttpTexts.Unreadable(e)));
            }
            var proofs = new List<IdentityProofUpload>();
            foreach (var file in form.Files.GetFiles(IdentityProofRules.Field))
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                proofs.Add(new IdentityProofUpload { FileName = file.FileName, Content = buffer.ToArray() });
            }
            string? M(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
            return (DraftOf(M) with { IdentityProofs = proofs }, header.Length > 0 ? header : M("idempotencyKey"), null);
        }
        if (IsUrlEncoded(req))
        {
            if (await ReadBodyAsync(req, ct) is not { } text) return (null, null, TooLarge());
            var form = QueryHelpers.ParseQuery(text);
            string? F(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
            return (DraftOf(F), header.Length > 0 ? header : F("idempotencyKey"), null);
        }
        if (await ReadBodyAsync(req, IdentityProofRules.MaxBodyBytes, ct) is not { } body) return (null, null, TooLargeWithProofs());
        try
        {
            if (JsonSerializer.Deserialize<ApplicationDraft>(body, Json) is not { } draft) return (null, null, NotJson());
            // Only the files may make a body larger than an application's fields: everything else keeps the 64 KiB limit.
            var files = draft.IdentityProofs?.Sum(p => (long)(p.ContentBase64?.Length ?? 0)) ?? 0;
            if (Encoding.UTF8.GetByteCount(body) - files > MaxBodyBytes) return (null, null, TooLarge());
            return (draft, header.Length > 0 ? header : null, null);
        }
        catch (JsonException)
        {
            return (null, null, NotJson());
        }
    }

    private static IActionResult NotJson() => Responses.Problem(StatusCodes.Status400BadRequest, "申请内容有误", "请求内容不是有效的 JSON。");

    /// <summary>The draft from the form's named fields.</summary>
    private static ApplicationDraft DraftOf(Func<string, string?> field) => new()
    {
        ApplicantKind = field(ApplicationFields.ApplicantKind), Name = field(ApplicationFields.Name), IdDocumentType = field(ApplicationFields.IdDocumentType),
        IdDocumentNumber = field(ApplicationFields.IdDocumentNumber), Phone = field(ApplicationFields.Phone), Email = field(ApplicationFields.Email),
        Address = field(ApplicationFields.Address), InformationSought = field(ApplicationFields.InformationSought),
        DeliveryForm = field(ApplicationFields.DeliveryForm), Channel = field(ApplicationFields.Channel), ReceivedOn = field(ApplicationFields.ReceivedOn),
        Website = field(ApplicationFields.Website),
    };

    /// <summary>The applicant's Art. 44 suggestion: the status token and an optional reason, from the status page's form or JSON.</summary>
    public sealed record Suggestion(string? Token, string? Reason);

    public static Suggestion? ParseSuggestion(HttpRequest req, string body)
    {
        if (IsUrlEncoded(req))
        {
            var form = QueryHelpers.ParseQuery(body);
            return new Suggestion(form.TryGetValue("token", out var t) ? t.ToString() : null, form.TryGetValue("reason", out var r) ? r.ToString() : null);
        }
        try
        {
            return JsonSerializer.Deserialize<Suggestion>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static EventRequest? ParseEvent(HttpRequest req, string body)
    {
        EventRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<EventRequest>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
        var key = req.Headers["Idempotency-Key"].ToString();
        return request is null ? null : key.Length > 0 ? request with { Id = key } : request;
    }

    /// <summary>The public's identity for the per-client limit: the connection's address (App Service puts the client's there).</summary>
    public static string ClientOf(HttpRequest req) => req.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public Task<DisclosureApplication?> FindAsync(string id, CancellationToken ct) => applications.GetAsync(id, ct);
}
