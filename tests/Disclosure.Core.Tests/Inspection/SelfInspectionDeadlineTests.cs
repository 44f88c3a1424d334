using Disclosure.Items;
using static Disclosure.Tests.Inspection.SelfInspectionSeed;

namespace Disclosure.Tests.Inspection;

/// <summary>The self-inspection's timeliness uses each item's own legal deadline, the same as the lateness finding.</summary>
public class SelfInspectionDeadlineTests
{
    [Fact]
    public void A_budget_published_21_days_after_approval_is_late_under_Budget_Law_Art_14_though_within_20_working_days()
    {
        var items = EveryColumnFresh().Select(i => i with { FormedOn = i.PublishedOn!.Value }).ToList();
        // Approved 2026-02-06: due 2026-02-26 (20 calendar days); 2026-02-27 is late. Main counted 20 working days: on time.
        items.Add(Item("czzj", new DateOnly(2026, 2, 27), formed: new DateOnly(2026, 2, 6), department: "cwc", title: "2026年部门预算")
            with { Genre = "预算", ApprovedOn = new DateOnly(2026, 2, 6) });

        var late = Assert.Single(Analysis().Analyse(Inputs(items)).Timeliness.LateItems);
        Assert.Equal("2026年部门预算", late.Title);
    }

    [Fact]
    public void A_reposted_document_is_measured_from_the_day_it_was_received()
    {
        var items = EveryColumnFresh().Select(i => i with { FormedOn = i.PublishedOn!.Value }).ToList();
        // Formed by the province on 2026-01-05, received 2026-03-02, published 2026-03-10: on time from receipt (Art. 26).
        items.Add(Item("zcfg", new DateOnly(2026, 3, 10), formed: new DateOnly(2026, 1, 5), department: "zcfgc", title: "转发省厅文件")
            with { Publisher = "省科学技术厅", ReceivedOn = new DateOnly(2026, 3, 2) });

        var t = Analysis().Analyse(Inputs(items)).Timeliness;
        Assert.Empty(t.LateItems);
        Assert.Equal(t.Overall.Published, t.Overall.OnTime);
    }
}
