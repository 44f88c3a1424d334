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

        Assert.Empty(await NuHtmlChecker.CheckAsync(pages));
    }
}
