using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Disclosure.LocalHost.Storage;

/// <summary>
/// The embedded storage: when nothing answers on the configured endpoints, Azurite (pinned in package.json) is started
/// in memory and stopped with the host. Without Node.js or the npm packages this fails with what to install.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";
    // The well-known development account key that every storage emulator accepts; not a secret.
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly string _location;

    private Azurite(Process process, string location, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _location = location;
        ConnectionString = ConnectionStringFor(blobPort, queuePort, tablePort);
    }

    public string ConnectionString { get; }

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";

    /// <summary>Whether all three endpoints of a connection string accept connections.</summary>
    public static async Task<bool> AnswersAsync(string connectionString)
    {
        var endpoints = Endpoints(connectionString);
        var results = await Task.WhenAll(endpoints.Select(IsListeningAsync));
        return results.All(x => x);
    }

    public static Uri[] Endpoints(string connectionString) =>
    [
        new BlobServiceClient(connectionString).Uri,
        new QueueServiceClient(connectionString).Uri,
        new TableServiceClient(connectionString).Uri,
    ];

    /// <summary>
    /// Starts Azurite on the given ports (0 = free ports) and waits until it answers: in memory (tests), or keeping its
    /// data in <paramref name="dataDirectory"/> (the local host, so submissions survive a restart). Telemetry is off: a
    /// government intranet sends nothing to anyone.
    /// </summary>
    public static async Task<Azurite> StartAsync(int blobPort = 0, int queuePort = 0, int tablePort = 0, string? dataDirectory = null,
        CancellationToken ct = default)
    {
        var script = Path.Combine(RepositoryRoot.NodeModules(), "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
            throw new InvalidOperationException($"Azurite is not installed ({script} is missing). Run 'npm ci' in {RepositoryRoot.Find()} first.");
        var node = FindNode() ?? throw new InvalidOperationException(
            "Node.js is required to run Azurite, the local storage emulator: install Node.js 18 or newer (e.g. 'apt-get install nodejs npm'), then run 'npm ci'.");
        blobPort = blobPort == 0 ? FreePort() : blobPort;
        queuePort = queuePort == 0 ? FreePort() : queuePort;
        tablePort = tablePort == 0 ? FreePort() : tablePort;
        var location = Directory.CreateTempSubdirectory("azurite-").FullName;
        var watchdog = Path.Combine(location, "exit-with-parent.js");
        await File.WriteAllTextAsync(watchdog, ExitWithParent, ct);
        var info = new ProcessStartInfo(node)
        {
            // Our end of its stdin is the watchdog's lifeline: see ExitWithParent.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // In-memory mode refuses --location; anything Azurite still writes lands in this folder, removed on dispose.
            WorkingDirectory = location,
        };
        string[] persistence = dataDirectory is null
            ? ["--inMemoryPersistence"]
            : ["--location", Directory.CreateDirectory(dataDirectory).FullName];
        foreach (var arg in (string[])
                 [
                     "--require", watchdog, script, .. persistence, "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry", "--silent",
                     "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(),
                     "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(),
                     "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(),
                 ])
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Azurite did not start.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new Azurite(process, location, blobPort, queuePort, tablePort);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await AnswersAsync(azurite.ConnectionString))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await azurite.DisposeAsync();
                string log;
                lock (output) log = output.ToString();
                throw new InvalidOperationException($"Azurite did not come up on ports {blobPort}/{queuePort}/{tablePort}:\n{log}");
            }
            await Task.Delay(100, ct);
        }
        return azurite;
    }

    /// <summary>
    /// Preloaded into Azurite's Node process. Its stdin is a pipe from us: when it closes — we dispose Azurite, or the
    /// process that started it ended without disposing it (killed, crashed) — Azurite shuts down as on SIGTERM (its
    /// servers close and its data is written), instead of holding its ports and memory for ever. The pipe is unref'd so
    /// that it never keeps Azurite alive by itself. Ctrl+C in a terminal reaches the whole process group: Azurite ignores
    /// it (its own SIGINT handler is not installed), so it does not close under the host's last requests; the host stops
    /// it through the pipe once its own work has stopped.
    /// </summary>
    private const string ExitWithParent = """
        const stop = () => { process.kill(process.pid, 'SIGTERM'); setTimeout(() => process.exit(0), 10000).unref(); };
        process.stdin.on('end', stop);
        process.stdin.on('error', stop);
        process.stdin.resume();
        process.stdin.unref();
        process.on('SIGINT', () => {});
        const once = process.once.bind(process);
        process.once = (event, listener) => (event === 'SIGINT' ? process : once(event, listener));
        """;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Closing its stdin asks it to shut down cleanly (see ExitWithParent), so data on disk is complete.
                try { _process.StandardInput.Close(); } catch (IOException) { }
                try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15)); }
                catch (TimeoutException) { _process.Kill(entireProcessTree: true); }
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException) { }
        _process.Dispose();
        try { Directory.Delete(_location, recursive: true); } catch (IOException) { }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> IsListeningAsync(Uri endpoint)
    {
        try
        {
            using var client = new TcpClient();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(endpoint.Host, endpoint.Port, cts.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string? FindNode()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "node.exe" } : ["node"];
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(n => Path.Combine(dir, n)))
            .FirstOrDefault(File.Exists);
    }
}
