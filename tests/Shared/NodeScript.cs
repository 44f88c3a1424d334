using System.Diagnostics;

namespace Disclosure.Tests.Shared;

// Linked into the test projects that drive a browser: one way to run a Node script of the repository with JSON on stdin.

public static class NodeScript
{
    /// <summary>Runs <paramref name="script"/> with <paramref name="stdin"/> from the repository root; its standard output, or an exception naming the script and its errors.</summary>
    public static async Task<string> RunAsync(string script, string stdin, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = NuHtmlChecker.RepositoryRoot(), RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(stdin);
        node.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        await node.WaitForExitAsync(cancel.Token);
        if (node.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(script)} 失败（{node.ExitCode}）：{await stderr}");
        return await stdout;
    }
}
