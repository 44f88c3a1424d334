using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Disclosure.Adapters.Tests.Reports;

/// <summary>
/// Azurite's Blob and Table services on free loopback ports with in-memory persistence, started from the repository's
/// pinned node_modules (npm ci) and stopped with the test class.
/// </summary>
public sealed class ReportsAzurite : IAsyncLifetime
{
    // Azurite's well-known development account (documented, not a secret).
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _node;
    private readonly StringBuilder _output = new();

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot();
        int blobPort = FreePort(), tablePort = FreePort(), queuePort = FreePort();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script)) throw new InvalidOperationException($"Azurite not installed: run `npm ci` in {root}");

        var psi = new ProcessStartInfo("node",
        [
            script,
            "--blobHost", "127.0.0.1", "--blobPort", Port(blobPort),
            "--tableHost", "127.0.0.1", "--tablePort", Port(tablePort),
            "--queueHost", "127.0.0.1", "--queuePort", Port(queuePort),
            // In memory, so nothing is left on disk; Azurite refuses --location together with it.
            "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--disableTelemetry",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        _node = Process.Start(psi) ?? throw new InvalidOperationException("azurite did not start");
        _node.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _node.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _node.BeginOutputReadLine();
        _node.BeginErrorReadLine();

        await WaitForPortAsync(blobPort);
        await WaitForPortAsync(tablePort);
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
                           $"BlobEndpoint=http://127.0.0.1:{Port(blobPort)}/{Account};TableEndpoint=http://127.0.0.1:{Port(tablePort)}/{Account};";
    }

    private async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_node!.HasExited)
            {
                await Task.Delay(200);
            }
            catch (SocketException)
            {
                lock (_output) throw new InvalidOperationException("azurite did not listen on " + port + ": " + _output);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_node is null) return;
        if (!_node.HasExited) _node.Kill(entireProcessTree: true);
        await _node.WaitForExitAsync();
        _node.Dispose();
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && Directory.Exists(Path.Combine(dir.FullName, "functions")))
                return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
