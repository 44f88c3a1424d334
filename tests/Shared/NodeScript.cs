using System.Diagnostics;

namespace Disclosure.Tests.Shared;

/// <summary>Runs one of the tests' Node scripts from the checkout's root (where node_modules is), JSON in on stdin, JSON out on stdout.</summary>
public static class NodeScript
{
    public static async Task<string> RunAsync(string relativePath, string input, TimeSpan timeout)
    {
        var root = NuHtmlChecker.RepositoryRoot();
        var name = Path.GetFileName(relativePath);
        var start = new ProcessStartInfo("node", [Path.Combine(root, relativePath)])
        {
            WorkingDirectory = root, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(input);
        node.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        await node.WaitForExitAsync(cancel.Token);
        if (node.ExitCode != 0) throw new InvalidOperationException($"{name} 失败（{node.ExitCode}）：{await stderr}");
        return await stdout;
    }
}
