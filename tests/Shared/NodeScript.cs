using System.Diagnostics;
using System.Text;

namespace Disclosure.Tests.Shared;

/// <summary>Runs one of the tests' Node scripts (playwright-core, axe-core from the repo's node_modules): JSON in on stdin, JSON out on stdout.</summary>
public static class NodeScript
{
    /// <summary>The script's stdout; a non-zero exit throws with its stderr, naming the script.</summary>
    public static Task<string> RunAsync(string script, string request, TimeSpan timeout) => RunAsync(script, request, timeout, onProgress: null);

    /// <summary>
    /// As above, for a script that tells the test how far it got while it runs (a page is open, so the test may now
    /// change what the page shows): a stdout line starting <c>"# "</c> goes to <paramref name="onProgress"/> as it comes
    /// (without the mark); the other lines are the answer.
    /// </summary>
    public static Task<string> RunAsync(string script, string request, TimeSpan timeout, Action<string>? onProgress) =>
        RunAsync(script, [], request, timeout, onProgress);

    /// <summary>A script that takes its request as arguments, with nothing on stdin.</summary>
    public static Task<string> RunAsync(string script, IReadOnlyList<string> arguments, TimeSpan timeout) =>
        RunAsync(script, arguments, "", timeout, onProgress: null);

    private static async Task<string> RunAsync(string script, IReadOnlyList<string> arguments, string request, TimeSpan timeout, Action<string>? onProgress)
    {
        // A path relative to the checkout's root (where node_modules is), or an absolute one.
        var start = new ProcessStartInfo("node", [Path.Combine(NuHtmlChecker.RepositoryRoot(), script), .. arguments])
        {
            WorkingDirectory = NuHtmlChecker.RepositoryRoot(), RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = onProgress is null ? node.StandardOutput.ReadToEndAsync() : AnswerAsync(node.StandardOutput, onProgress);
        var stderr = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(request);
        node.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        await node.WaitForExitAsync(cancel.Token);
        if (node.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(script)} 失败（{node.ExitCode}）：{await stderr}");
        return await stdout;
    }

    private static async Task<string> AnswerAsync(StreamReader output, Action<string> onProgress)
    {
        var answer = new StringBuilder();
        while (await output.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(ProgressMark, StringComparison.Ordinal)) onProgress(line[ProgressMark.Length..]);
            else answer.AppendLine(line);
        }
        return answer.ToString();
    }

    private const string ProgressMark = "# ";
}
