using System.Text.Json;

namespace Disclosure.Tests.Shared;

// Linked into the portal and integration tests: one way to look at pages as a phone (or a desktop) shows them.

/// <summary>What a page looks like wrong at one viewport (narrow-screen.mjs in headless Chromium).</summary>
public sealed record ScreenCheck(string Path, int Status, int Width, int ScrollWidth, IReadOnlyList<string> Gaps, IReadOnlyList<string> Broken)
{
    /// <summary>Every problem as a sentence; empty when the page fits, each label sits by its value and no short word is split.</summary>
    public IEnumerable<string> Problems()
    {
        if (Status != 200) yield return $"{Path}: HTTP {Status}";
        if (ScrollWidth > Width) yield return $"{Path} @{Width}px: 页面宽 {ScrollWidth}px，需要横向滚动";
        foreach (var gap in Gaps) yield return $"{Path} @{Width}px: {gap}";
        foreach (var word in Broken) yield return $"{Path} @{Width}px: {word}";
    }
}

public static class NarrowScreen
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>A phone most phones' width, and a desktop.</summary>
    public static readonly (int Width, int Height) Phone = (375, 812), Desktop = (1280, 900);

    /// <summary>Opens each page at <paramref name="width"/>×<paramref name="height"/> with the given request headers.</summary>
    public static Task<IReadOnlyList<ScreenCheck>> CheckAsync(string baseUrl, IEnumerable<string> pages, int width, int height,
        IReadOnlyDictionary<string, string>? headers = null)
        => CheckAsync(baseUrl, pages, [(width, height)], headers);

    /// <summary>
    /// Opens each page at each viewport in one browser (one Chromium start for all of them): the checks of the first
    /// viewport, then of the next.
    /// </summary>
    public static async Task<IReadOnlyList<ScreenCheck>> CheckAsync(string baseUrl, IEnumerable<string> pages, IReadOnlyList<(int Width, int Height)> viewports,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        if (!File.Exists(ChromiumPath)) throw new InvalidOperationException($"缺少 {ChromiumPath}：请安装 Debian 软件包 chromium");
        var root = NuHtmlChecker.RepositoryRoot();
        var request = JsonSerializer.Serialize(new
        {
            repoRoot = root, baseUrl, viewports = viewports.Select(v => new { width = v.Width, height = v.Height }),
            headers = headers ?? new Dictionary<string, string>(), pages,
        });
        var stdout = await NodeScript.RunAsync(Path.Combine(root, "tests", "Shared", "narrow-screen.mjs"), request, TimeSpan.FromMinutes(4));
        using var report = JsonDocument.Parse(stdout);
        return report.RootElement.EnumerateArray().Select(p => new ScreenCheck(
            p.GetProperty("path").GetString()!, p.GetProperty("status").GetInt32(), p.GetProperty("width").GetInt32(), p.GetProperty("scrollWidth").GetInt32(),
            p.GetProperty("gaps").EnumerateArray().Select(g => $"“{g.GetProperty("label").GetString()}”与其内容相隔 {g.GetProperty("gap").GetInt32()}px（一行 {g.GetProperty("line").GetInt32()}px）").ToList(),
            p.GetProperty("broken").EnumerateArray().Select(b => $"表格中的“{b.GetProperty("text").GetString()}”被拆成 {b.GetProperty("lines").GetInt32()} 行").ToList())).ToList();
    }
}
