using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Disclosure.Portal.Tests.Quality;

/// <summary>
/// Serves a rendered site folder on 127.0.0.1 the way the <c>$web</c> static website does: files by path, a folder's
/// <c>index.html</c> for a folder URL, and <c>404.html</c> for anything missing; optionally the query service beside it.
/// </summary>
internal sealed class StaticSiteServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticSiteServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <param name="api">Answers <c>/api/search</c> as the Functions app does behind the same origin; null: the site alone, so the
    /// path is a 404 as on a static-only deployment.</param>
    /// <param name="intercept">Sees every request first and answers it or passes it on (the second argument).</param>
    public static async Task<StaticSiteServer> StartAsync(string root, RequestDelegate? api = null, Func<HttpContext, RequestDelegate, Task>? intercept = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var files = new PhysicalFileProvider(root);
        if (intercept is not null) app.Use(intercept);
        if (api is not null) app.Map("/api/search", branch => branch.Run(api));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.Run(async context =>
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.SendFileAsync(files.GetFileInfo("404.html"));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new StaticSiteServer(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
