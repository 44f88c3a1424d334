using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Disclosure.Applications;
using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Disclosure.Functions.Applications;

/// <summary>What the application endpoints share: reading bodies within their limit, and the one JSON shape of an application.</summary>
public sealed class ApplicationHttp(HttpWorkbench workbench, ApplicationService applications, CatalogueSettings catalogue)
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

    public static IActionResult JsonAnswer(object value, int status = StatusCodes.Status200OK)
        => new ContentResult { Content = JsonSerializer.Serialize(value, value.GetType(), Json), ContentType = "application/json; charset=utf-8", StatusCode = status };

    /// <summary>The office sees everything; the handling department and the applicant see the identity number masked.</summary>
    public ApplicationView View(DisclosureApplication application, ClockReading clock, ApplicationAudience audience)
        => ApplicationView.Of(application, clock, audience, catalogue);

    public static ApplicationAudience AudienceOf(Principal who) => who.IsReviewer ? ApplicationAudience.Office : ApplicationAudience.HandlingDepartment;

    /// <summary>The body as text, or null when it is larger than <see cref="MaxBodyBytes"/>.</summary>
    public static async Task<string?> ReadBodyAsync(HttpRequest req, CancellationToken ct)
    {
        if (req.ContentLength > MaxBodyBytes) return null;
        var buffer = new byte[MaxBodyBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await req.Body.ReadAsync(buffer.AsMemory(total), ct)) > 0) total += read;
        return total > MaxBodyBytes ? null : Encoding.UTF8.GetString(buffer, 0, total);
    }

    public static IActionResult TooLarge()
        => Responses.Problem(StatusCodes.Status413PayloadTooLarge, "申请内容过大", $"申请内容不能超过 {MaxBodyBytes / 1024} KiB。");

    public static bool IsForm(HttpRequest req) => req.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    public static bool IsJson(HttpRequest req) => req.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The draft and its idempotency key from a form (the key a hidden field) or JSON (the Idempotency-Key header); null when the body is unreadable.</summary>
    public static (ApplicationDraft? Draft, string? IdempotencyKey) ParseDraft(HttpRequest req, string body)
    {
        var header = req.Headers["Idempotency-Key"].ToString();
        if (IsForm(req))
        {
            var form = QueryHelpers.ParseQuery(body);
            string? F(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
            var draft = new ApplicationDraft
            {
                ApplicantKind = F(ApplicationFields.ApplicantKind), Name = F(ApplicationFields.Name), IdDocumentType = F(ApplicationFields.IdDocumentType),
                IdDocumentNumber = F(ApplicationFields.IdDocumentNumber), Phone = F(ApplicationFields.Phone), Email = F(ApplicationFields.Email),
                Address = F(ApplicationFields.Address), InformationSought = F(ApplicationFields.InformationSought),
                DeliveryForm = F(ApplicationFields.DeliveryForm), Channel = F(ApplicationFields.Channel), ReceivedOn = F(ApplicationFields.ReceivedOn),
                Website = F(ApplicationFields.Website),
            };
            return (draft, header.Length > 0 ? header : F("idempotencyKey"));
        }
        try
        {
            return (JsonSerializer.Deserialize<ApplicationDraft>(body, Json), header.Length > 0 ? header : null);
        }
        catch (JsonException)
        {
            return (null, null);
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
