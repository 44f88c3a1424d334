using System.Reflection;
using Disclosure.Adapters.Storage;
using Disclosure.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Health;

/// <summary>
/// For load balancers and people: 200 when blob, queue and table storage all answer, 503 when one does not. Anyone gets
/// the status; only an administrator gets which service failed, its error text and the build, since those tell an
/// attacker what runs where (the probe is the one path App Service Authentication lets through without a sign-in).
/// </summary>
public class Health(StorageHealth storage, RequestPrincipal principals)
{
    private static readonly string Version =
        typeof(Health).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    [Function(nameof(Health))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req, CancellationToken ct)
    {
        var report = await storage.CheckAsync(ct);
        var status = report.Healthy ? "ok" : "unavailable";
        object body = principals.Resolve(req) is { IsAdministrator: true }
            ? new
            {
                status,
                version = Version,
                blob = report.Blob ?? "ok",
                queue = report.Queue ?? "ok",
                table = report.Table ?? "ok",
            }
            : new { status };
        Responses.Harden(req.HttpContext.Response);
        return new ObjectResult(body) { StatusCode = report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable };
    }
}
