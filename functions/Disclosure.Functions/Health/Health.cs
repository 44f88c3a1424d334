using System.Reflection;
using Disclosure.Adapters.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Health;

/// <summary>For load balancers and people: 200 when blob, queue and table storage all answer, 503 naming the failing one.</summary>
public class Health(StorageHealth storage)
{
    private static readonly string Version =
        typeof(Health).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    [Function(nameof(Health))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req, CancellationToken ct)
    {
        var report = await storage.CheckAsync(ct);
        var body = new
        {
            status = report.Healthy ? "ok" : "unavailable",
            version = Version,
            blob = report.Blob ?? "ok",
            queue = report.Queue ?? "ok",
            table = report.Table ?? "ok",
        };
        return new ObjectResult(body) { StatusCode = report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable };
    }
}
