using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace Disclosure.Tests.Shared;

// Shared by Disclosure.Adapters.Tests (the SMTP channel) and Disclosure.Integration.Tests (e-mail end to end through
// the local host): linked into both projects.

/// <summary>The Node smtp-server + mailparser capture script, as a process the test owns.</summary>
public sealed class SmtpCapture : IAsyncDisposable
{
    private readonly Process _node;
    private readonly Channel<JsonElement> _messages = Channel.CreateUnbounded<JsonElement>();

    public int Port { get; private set; }

    /// <summary>Where package.json is: node resolves smtp-server and mailparser from its node_modules (<c>npm ci</c>).</summary>
    private static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "package.json")) && Directory.Exists(Path.Combine(dir.FullName, "functions")))
                    return dir.FullName;
            throw new InvalidOperationException("repository root not found");
        }
    }

    private SmtpCapture(Process node) => _node = node;

    public static async Task<SmtpCapture> StartAsync()
    {
        var script = Path.Combine(RepositoryRoot, "tests", "Shared", "smtp-capture.mjs");
        var psi = new ProcessStartInfo("node", [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        var capture = new SmtpCapture(Process.Start(psi) ?? throw new InvalidOperationException("node did not start"));
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            while (await capture._node.StandardOutput.ReadLineAsync() is { } line)
            {
                var json = JsonDocument.Parse(line).RootElement.Clone();
                if (json.TryGetProperty("port", out var port)) ready.TrySetResult(port.GetInt32());
                else capture._messages.Writer.TryWrite(json);
            }
            ready.TrySetException(new InvalidOperationException("smtp-capture exited: " + await capture._node.StandardError.ReadToEndAsync()));
        });
        capture.Port = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return capture;
    }

    /// <summary>
    /// The next message received; <see cref="TimeoutException"/> when none arrives in time. The read is cancelled on
    /// timeout (not merely abandoned), so a message arriving later is there for the next call.
    /// </summary>
    public async Task<JsonElement> NextMessageAsync(TimeSpan? timeout = null)
    {
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            return await _messages.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (wait.IsCancellationRequested)
        {
            throw new TimeoutException("no message received in time");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _node.StandardInput.Close();
            await _node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            _node.Kill(entireProcessTree: true);
        }
        _node.Dispose();
    }
}
