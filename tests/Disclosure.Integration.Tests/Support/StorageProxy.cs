using Disclosure.LocalHost.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Disclosure.Integration.Tests.Support;

/// <summary>
/// A real HTTP proxy in front of one Azurite service (blob, queue or table) that answers 503 Server Busy, as Azure
/// Storage does when it is unavailable, to every request while <see cref="Down"/> is set, or to those
/// <see cref="FailWhen"/> picks. Otherwise it forwards the request unchanged.
/// </summary>
public sealed class StorageProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _refused;

    public int Port { get; }
    public volatile bool Down;
    public Func<HttpRequest, bool>? FailWhen;
    public int Refused => Volatile.Read(ref _refused);

    private StorageProxy(WebApplication app, int port) { _app = app; Port = port; }

    /// <summary>The Azurite connection string with one service (0 blob, 1 queue, 2 table) routed through a new proxy.</summary>
    public static async Task<(StorageProxy Proxy, string Connection)> InFrontOfAsync(string connectionString, int service)
    {
        var endpoint = Azurite.Endpoints(connectionString)[service];
        var proxy = await StartAsync(endpoint);
        return (proxy, connectionString.Replace($"127.0.0.1:{endpoint.Port}", $"127.0.0.1:{proxy.Port}", StringComparison.Ordinal));
    }

    public static async Task<StorageProxy> StartAsync(Uri upstreamEndpoint)
    {
        var port = Azurite.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new HttpClient { BaseAddress = new Uri($"{upstreamEndpoint.Scheme}://{upstreamEndpoint.Authority}") };
        StorageProxy? proxy = null;
        app.Run(async context =>
        {
            if (proxy!.Down || proxy.FailWhen?.Invoke(context.Request) == true)
            {
                Interlocked.Increment(ref proxy._refused);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers["x-ms-error-code"] = "ServerBusy";
                return;
            }
            var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
            if (context.Request.ContentLength > 0 || context.Request.Headers.ContainsKey("Transfer-Encoding"))
                forward.Content = new StreamContent(context.Request.Body);
            foreach (var h in context.Request.Headers)
            {
                if (h.Key is "Host") continue;
                if (!forward.Headers.TryAddWithoutValidation(h.Key, h.Value.ToArray())) forward.Content?.Headers.TryAddWithoutValidation(h.Key, h.Value.ToArray());
            }
            using var answer = await upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)answer.StatusCode;
            foreach (var h in answer.Headers.Concat(answer.Content.Headers))
                if (h.Key is not ("Transfer-Encoding" or "Connection")) context.Response.Headers[h.Key] = h.Value.ToArray();
            await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        await app.StartAsync();
        proxy = new StorageProxy(app, port);
        return proxy;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
