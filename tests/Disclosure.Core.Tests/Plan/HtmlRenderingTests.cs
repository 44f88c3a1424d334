using System.Diagnostics;
using System.Text.Json;
using Disclosure.Notifications;
using Disclosure.Plan;
using static Disclosure.Tests.Plan.ReminderHarness;

namespace Disclosure.Tests.Plan;

public class HtmlRenderingTests
{
    [Fact]
    public async Task Digest_and_escalation_e_mails_are_valid_HTML_by_the_Nu_checker()
    {
        var h = new ReminderHarness(SeedPlan());
        await h.RunOnAsync(D("2026-02-02"));
        var deliveries = h.Outbox.All;
        var report = new ObligationReport
        {
            Today = D("2026-02-02"),
            Department = "bgs",
            PlanVersion = "2026.1",
            Obligations = new ObligationCalculator(WorkingDays).Calculate(SeedPlan(), PublicationFacts.None, D("2026-02-02"), 5).Where(o => o.Department == "bgs").ToList(),
        };
        var pages = new Dictionary<string, string>
        {
            ["digest.html"] = deliveries.First(d => d.RecipientCode == "bgs").Html,
            ["escalation.html"] = deliveries.First(d => d.RecipientCode == LeadershipGroup.RecipientCode).Html,
        };

        var dir = Directory.CreateTempSubdirectory("plan-html-");
        try
        {
            foreach (var (name, html) in pages) await File.WriteAllTextAsync(Path.Combine(dir.FullName, name), html);
            var vnu = Path.Combine(RepoRoot(), "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
            var psi = new ProcessStartInfo("java", ["-jar", vnu, "--format", "json", "--stdout", .. pages.Keys.Select(k => Path.Combine(dir.FullName, k))])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var java = Process.Start(psi)!;
            var output = await java.StandardOutput.ReadToEndAsync();
            await java.WaitForExitAsync();
            using var json = JsonDocument.Parse(output);
            var messages = json.RootElement.GetProperty("messages").EnumerateArray()
                .Select(m => $"{Path.GetFileName(m.GetProperty("url").GetString())}: {m.GetProperty("type").GetString()} {m.GetProperty("message").GetString()}")
                .ToList();
            Assert.Empty(messages);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && Directory.Exists(Path.Combine(dir.FullName, "node_modules")))
                return dir.FullName;
        throw new InvalidOperationException("repository root with node_modules not found (run npm ci)");
    }
}
