using System.Text.Json;

namespace Disclosure.Tests.Shared;

/// <summary>What axe-core found wrong on one page (workbench-axe.mjs in headless Chromium).</summary>
public sealed record AxeResult(string Path, int Status, IReadOnlyList<string> Violations);

/// <summary>axe-core (WCAG 2.1 AA) over pages of a running host, with the request headers a signed-in person's browser sends.</summary>
public static class WorkbenchAxe
{
    public static async Task<IReadOnlyList<AxeResult>> CheckAsync(string baseUrl, IEnumerable<string> pages, IReadOnlyDictionary<string, string>? headers = null)
    {
        if (!File.Exists(NarrowScreen.ChromiumPath)) throw new InvalidOperationException($"缺少 {NarrowScreen.ChromiumPath}：请安装 Debian 软件包 chromium");
        var root = NuHtmlChecker.RepositoryRoot();
        var request = JsonSerializer.Serialize(new { repoRoot = root, baseUrl, headers = headers ?? new Dictionary<string, string>(), pages });
        var stdout = await NodeScript.RunAsync(System.IO.Path.Combine("tests", "Shared", "workbench-axe.mjs"), request, TimeSpan.FromMinutes(4));
        using var report = JsonDocument.Parse(stdout);
        return report.RootElement.EnumerateArray().Select(p => new AxeResult(
            p.GetProperty("path").GetString()!, p.GetProperty("status").GetInt32(),
            p.GetProperty("violations").EnumerateArray().Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("help").GetString()}): "
                + string.Join("; ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("target").GetString() + " — " + n.GetProperty("summary").GetString()))).ToList())).ToList();
    }
}
