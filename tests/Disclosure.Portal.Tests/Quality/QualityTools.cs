using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Disclosure.Portal.Tests.Quality;

/// <summary>
/// The real tools the quality tests run: the Nu HTML Checker (vnu-jar), axe-core and playwright-core from the repo's
/// pinned node_modules, Chromium and Java from Debian. Missing tools are installed (as root) or the test fails naming
/// what to install; a test is never skipped silently.
/// </summary>
internal static class QualityTools
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _ready;

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string VnuJar => Path.Combine(RepoRoot, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

    public static async Task EnsureInstalledAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_ready) return;
            if (!File.Exists(VnuJar) || !Directory.Exists(Path.Combine(RepoRoot, "node_modules", "playwright-core"))
                || !File.Exists(Path.Combine(RepoRoot, "node_modules", "axe-core", "axe.min.js")))
            {
                // npm ci replaces node_modules wholesale; the lock keeps parallel test runs from doing it at once.
                await RunChecked("flock", ["/tmp/disclosure-npm-ci.lock", "npm", "ci", "--no-audit", "--no-fund"], RepoRoot, TimeSpan.FromMinutes(10));
            }
            await EnsureDebianPackage(ChromiumPath, "chromium");
            await EnsureDebianPackage("/usr/bin/java", "default-jre-headless");
            _ready = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task EnsureDebianPackage(string executable, string package)
    {
        if (File.Exists(executable)) return;
        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
            throw new InvalidOperationException($"缺少 {executable}：请先安装 Debian 软件包 {package}（apt-get install -y {package}）");
        // One apt run at a time across processes: apt holds its own lock and fails rather than waits.
        var script = $"test -x {executable} || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y {package})";
        await RunChecked("flock", ["/tmp/disclosure-apt-chromium.lock", "sh", "-c", script], RepoRoot, TimeSpan.FromMinutes(15));
        if (!File.Exists(executable)) throw new InvalidOperationException($"安装 {package} 后仍找不到 {executable}");
    }

    /// <summary>The Nu HTML Checker's errors in these files ("url: message «extract»"); empty when they are valid HTML.</summary>
    public static async Task<IReadOnlyList<string>> NuErrorsAsync(IEnumerable<string> files)
    {
        var result = await Run("java", ["-jar", VnuJar, "--errors-only", "--format", "json", .. files], RepoRoot, TimeSpan.FromMinutes(5));
        // vnu writes its JSON report to stderr.
        var json = result.StdErr.Trim().Length > 0 ? result.StdErr : result.StdOut;
        using var report = JsonDocument.Parse(json);
        var errors = report.RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("type").GetString() is "error" or "non-document-error")
            .Select(m => $"{m.GetProperty("url").GetString()}: {m.GetProperty("message").GetString()}"
                + (m.TryGetProperty("extract", out var extract) ? $" «{extract.GetString()}»" : ""))
            .ToList();
        if (errors.Count == 0 && result.ExitCode != 0) errors.Add($"vnu exited with {result.ExitCode}: {result.StdErr}");
        return errors;
    }

    public static async Task<ProcessResult> Run(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout, string? stdin = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"无法启动 {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} 运行超过 {timeout.TotalSeconds} 秒");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs Node with the repository's node_modules; returns standard output and fails the test on a non-zero exit.</summary>
    public static async Task<string> NodeAsync(params string[] args)
    {
        var result = await Run("node", args, RepoRoot, TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0) throw new InvalidOperationException($"node exited with {result.ExitCode}: {result.StdErr}");
        return result.StdOut;
    }

    private static async Task RunChecked(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout)
    {
        var result = await Run(file, args, workingDirectory, timeout);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} 失败（{result.ExitCode}）：{result.StdErr}{result.StdOut}");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json"))) return dir.FullName;
        }
        throw new InvalidOperationException("找不到仓库根目录（含 package.json 的目录）");
    }
}

internal sealed record ProcessResult(int ExitCode, string StdOut, string StdErr);
