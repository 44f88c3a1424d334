using System.Text.Json;
using Disclosure.Publishing;

namespace Disclosure.Portal.Tests.Quality;

/// <summary>
/// The 大字版 and 高对比度 switches (适老化), clicked in a real browser under the pages' own policy: the text grows, the
/// colours change, each button says it is pressed, the choice survives a page load, and a second click undoes it.
/// (The workbench has no such switches: its pages carry no script.)
/// </summary>
public class DisplaySwitchTests(RenderedSampleSite site) : IClassFixture<RenderedSampleSite>
{
    [Fact]
    public async Task Clicking_large_text_and_high_contrast_changes_the_page_and_the_choice_persists_across_a_load()
    {
        var request = JsonSerializer.Serialize(new { repoRoot = QualityTools.RepoRoot, baseUrl = site.Server.BaseUrl, path = PortalPaths.Home });
        var script = Path.Combine(AppContext.BaseDirectory, "Quality", "display-switch.mjs");
        var result = await QualityTools.Run("node", [script], QualityTools.RepoRoot, TimeSpan.FromMinutes(3), request);
        Assert.True(result.ExitCode == 0, $"display-switch.mjs 失败：{result.StdErr}");
        using var report = JsonDocument.Parse(result.StdOut);
        var r = report.RootElement;
        double Size(string step) => r.GetProperty(step).GetProperty("fontSize").GetDouble();
        string Text(string step, string name) => r.GetProperty(step).GetProperty(name).GetString()!;
        string Pressed(string step, string button) => r.GetProperty(step).GetProperty("pressed").GetProperty(button).GetString()!;

        // The buttons are shown (the script runs) and start unpressed.
        Assert.Equal(("false", "false"), (Pressed("before", "large"), Pressed("before", "contrast")));
        Assert.DoesNotContain("large-text", Text("before", "htmlClass"));

        Assert.True(Size("afterLarge") >= Size("before") * 1.2, $"字号 {Size("before")} → {Size("afterLarge")}");
        Assert.Equal(("true", "false"), (Pressed("afterLarge", "large"), Pressed("afterLarge", "contrast")));

        Assert.NotEqual((Text("before", "color"), Text("before", "background")), (Text("afterContrast", "color"), Text("afterContrast", "background")));
        Assert.Equal(("true", "true"), (Pressed("afterContrast", "large"), Pressed("afterContrast", "contrast")));

        // A new page load keeps both choices, and the buttons say so.
        Assert.Contains("large-text", Text("afterReload", "htmlClass"));
        Assert.Contains("high-contrast", Text("afterReload", "htmlClass"));
        Assert.Equal(Size("afterContrast"), Size("afterReload"));
        Assert.Equal(("true", "true"), (Pressed("afterReload", "large"), Pressed("afterReload", "contrast")));

        // Clicking again returns to the page as it was.
        Assert.Equal(("false", "false"), (Pressed("afterOff", "large"), Pressed("afterOff", "contrast")));
        Assert.Equal(Size("before"), Size("afterOff"));
        Assert.Equal((Text("before", "color"), Text("before", "background")), (Text("afterOff", "color"), Text("afterOff", "background")));
    }

    [Fact]
    public void The_switch_script_starts_Chromium_through_the_shared_module_only()
    {
        var script = File.ReadAllText(Path.Combine(QualityTools.RepoRoot, "tests", "Disclosure.Portal.Tests", "Quality", "display-switch.mjs"));
        Assert.Contains("'tests', 'Shared', 'headless-chromium.mjs'", script);
        Assert.Contains("launchChromium(input.repoRoot)", script);
        Assert.DoesNotContain("chromium.launch", script); // one place decides how the tests' Chromium starts
    }
}
