using System.Diagnostics;
using System.Text;

namespace Disclosure.Tests.Shared;

/// <summary>Runs one of the tests' Node scripts (playwright-core, axe-core from the repo's node_modules): JSON in on stdin, JSON out on stdout.</summary>
public static class NodeScript
{
    /// <summary>The script's stdout; a non-zero exit throws with its stderr, naming the script.</summary>
    public static async Task<string> RunAsync(string script, string request, TimeSpan timeout)
    {
        // A path relative to the checkout's root (where node_modules is), or an absolute one.
        var start = new ProcessStartInfo("node", [Path.Combine(NuHtmlChecker.RepositoryRoot(), script)])
        {
            WorkingDirectory = NuHtmlChecker.RepositoryRoot(), RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(request);
        node.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        await node.WaitForExitAsync(cancel.Token);
        if (node.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(script)} 失败（{node.ExitCode}）：{await stderr}");
        return await stdout;
    }
}
