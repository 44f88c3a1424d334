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
/// <c>?details</c> adds, for an administrator only, the state of the work (<see cref="OperationsHealth"/>) while storage answers.
/// </summary>
public class Health(StorageHealth storage, RequestPrincipal principals, OperationsHealth operations)
{
    private static readonly string Version =
        typeof(Health).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    [Function(nameof(Health))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req, CancellationToken ct)
    {
        var report = await storage.CheckAsync(ct);
        var status = report.Healthy ? "ok" : "unavailable";
        object body = principals.Resolve(req) is not { IsAdministrator: true } ? new { status }
            // Details need storage; when it is down the services' errors are the details.
            : report.Healthy && req.Query.ContainsKey("details")
                ? new { status, version = Version, blob = "ok", queue = "ok", table = "ok", details = await operations.DescribeAsync(ct) }
                : new
                {
                    status,
                    version = Version,
                    blob = report.Blob ?? "ok",
                    queue = report.Queue ?? "ok",
                    table = report.Table ?? "ok",
                };
        Responses.Harden(req.HttpContext.Response);
        return new ObjectResult(body) { StatusCode = report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable };
    }
}
