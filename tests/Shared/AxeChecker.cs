using System.Text.Json;

namespace Disclosure.Tests.Shared;

// Linked into the test projects that serve pages: one way to run axe-core over what a server answers (axe-check.mjs).

/// <summary>What axe found on one page: each violation as a sentence; empty when the page passes WCAG 2.1 A and AA.</summary>
public sealed record AxeResult(string Path, int Status, int Passes, IReadOnlyList<string> Violations)
{
    public IEnumerable<string> Problems()
    {
        if (Status != 200) yield return $"{Path}: HTTP {Status}";
        // axe that checked nothing would pass every page.
        if (Passes < 10) yield return $"{Path}: axe 只通过了 {Passes} 项检查，可能未运行";
        foreach (var v in Violations) yield return $"{Path}: {v}";
    }
}

public static class AxeChecker
{
    /// <summary>Opens each page in headless Chromium with the given request headers (a signed-in person) and runs axe over it.</summary>
    /// <param name="documents">Pages only a POST answers (a form's result page), by name: checked as that HTML on the server's origin.</param>
    public static async Task<IReadOnlyList<AxeResult>> CheckAsync(string baseUrl, IEnumerable<string> pages, IReadOnlyDictionary<string, string>? headers = null,
        IReadOnlyDictionary<string, string>? documents = null)
    {
        if (!File.Exists(NarrowScreen.ChromiumPath)) throw new InvalidOperationException($"缺少 {NarrowScreen.ChromiumPath}：请安装 Debian 软件包 chromium");
        var root = NuHtmlChecker.RepositoryRoot();
        var request = JsonSerializer.Serialize(new
        {
            repoRoot = root, baseUrl, headers = headers ?? new Dictionary<string, string>(), pages,
            documents = (documents ?? new Dictionary<string, string>()).Select(d => new { name = d.Key, html = d.Value }),
        });
        var stdout = await NodeScript.RunAsync(Path.Combine(root, "tests", "Shared", "axe-check.mjs"), request, TimeSpan.FromMinutes(4));
        using var report = JsonDocument.Parse(stdout);
        return report.RootElement.EnumerateArray().Select(p => new AxeResult(
            p.GetProperty("path").GetString()!, p.GetProperty("status").GetInt32(), p.GetProperty("passes").GetInt32(),
            p.GetProperty("violations").EnumerateArray().Select(v =>
                $"{v.GetProperty("id").GetString()}（{v.GetProperty("impact").GetString()}）{v.GetProperty("help").GetString()}："
                + string.Join("；", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("target").GetString()))).ToList())).ToList();
    }
}
