using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;

namespace Disclosure.Adapters.Tests.Notifications;

/// <summary>Paths of the repository the tests run from (node_modules is installed at the root by <c>npm ci</c>).</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && Directory.Exists(Path.Combine(dir.FullName, "functions")))
                return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>Azurite's Table service on a free port with in-memory persistence, owned by the test class.</summary>
public sealed class AzuriteTables : IAsyncLifetime
{
    private Process? _node;
    private DirectoryInfo? _workDir;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var port = Repo.FreePort();
        var script = Path.Combine(Repo.Root, "node_modules", "azurite", "dist", "src", "table", "main.js");
        var psi = new ProcessStartInfo("node", [script, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--disableTelemetry"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // In memory, but Azurite may still drop files in its working directory: keep them out of the repository.
            WorkingDirectory = (_workDir = Directory.CreateTempSubdirectory("azurite-")).FullName,
        };
        _node = Process.Start(psi) ?? throw new InvalidOperationException("azurite did not start");
        var output = new System.Text.StringBuilder();
        _node.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        _node.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        _node.BeginOutputReadLine();
        _node.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_node.HasExited)
            {
                await Task.Delay(200);
            }
            catch (SocketException ex)
            {
                lock (output) throw new InvalidOperationException("azurite-table did not start: " + output, ex);
            }
        }
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    public Task DisposeAsync()
    {
        if (_node is { HasExited: false })
        {
            _node.Kill(entireProcessTree: true);
            _node.WaitForExit(5000);
        }
        _node?.Dispose();
        try { _workDir?.Delete(recursive: true); } catch (IOException) { /* best effort */ }
        return Task.CompletedTask;
    }
}

/// <summary>A real HTTP endpoint on 127.0.0.1 that records what robots would receive and answers as they do.</summary>
public sealed class RobotListener : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<(string Path, string Query, string Body, string ContentType)> _requests = Channel.CreateUnbounded<(string, string, string, string)>();
    private readonly Task _loop;

    public RobotListener(Func<string, (int Status, string Body)>? reply = null)
    {
        Port = Repo.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        reply ??= _ => (200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                using var reader = new StreamReader(ctx.Request.InputStream, System.Text.Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                _requests.Writer.TryWrite((ctx.Request.Url!.AbsolutePath, ctx.Request.Url.Query, body, ctx.Request.ContentType ?? ""));
                var (status, answer) = reply(ctx.Request.Url.AbsolutePath);
                ctx.Response.StatusCode = status;
                ctx.Response.ContentType = "application/json; charset=utf-8";
                var bytes = System.Text.Encoding.UTF8.GetBytes(answer);
                await ctx.Response.OutputStream.WriteAsync(bytes);
                ctx.Response.Close();
            }
        });
    }

    public int Port { get; }
    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public async Task<(string Path, string Query, string Body, string ContentType)> NextAsync()
        => await _requests.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        // Close alone: on Linux, Stop and then Close each unregister the prefix, and the second finds no endpoint and binds
        // the port again, which a parallel test may hold by then (CI saw "Address already in use" here).
        _listener.Close();
        try { await _loop.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { /* listener closed */ }
    }
}
