using System.Diagnostics;

namespace Disclosure.Portal.Tests.Support;

public static class RepoPaths
{
    /// <summary>The repository root: the folder with package.json and node_modules (run <c>npm ci</c> there first).</summary>
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
                return dir.FullName;
        }
        throw new InvalidOperationException("找不到仓库根目录（package.json）");
    }

    /// <summary>Runs Node with the repository's node_modules and returns standard output; fails the test on a non-zero exit.</summary>
    public static async Task<string> NodeAsync(params string[] args)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"node exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
