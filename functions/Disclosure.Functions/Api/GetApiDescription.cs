using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;

namespace Disclosure.Functions.Api;

/// <summary>
/// <c>GET /api/openapi.json</c>, anonymous: the description of the API for systems that integrate with it (an OA system
/// that pushes documents, a provincial platform). It names routes and shapes, nothing a sign-in protects.
/// </summary>
public class GetApiDescription(ApiDescriptionJson description)
{
    [Function(nameof(GetApiDescription))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest req)
    {
        Http.Responses.Harden(req.HttpContext.Response);
        return new ContentResult { Content = description.Text, ContentType = "application/json; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }
}

/// <summary>The document serialised once per process: it only changes with the code.</summary>
public sealed class ApiDescriptionJson
{
    public const OpenApiSpecVersion Version = OpenApiSpecVersion.OpenApi3_0;

    private readonly Lazy<string> _text = new(() => ApiDescription.Build().SerializeAsJsonAsync(Version).GetAwaiter().GetResult());

    public string Text => _text.Value;
}
