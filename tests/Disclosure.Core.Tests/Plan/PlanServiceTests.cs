using Disclosure.Plan;
using static Disclosure.Tests.Plan.ReminderHarness;

namespace Disclosure.Tests.Plan;

public class PlanServiceTests
{
    private static readonly Disclosure.Identity.Principal Editor = new("计划管理员", "bgs", new HashSet<string> { Disclosure.Identity.Role.Administrator });

    [Fact]
    public async Task First_read_seeds_the_store_from_the_data_file_and_later_edits_need_the_current_ETag()
    {
        var store = new InMemoryPlanStore();
        var service = new PlanService(store, CatalogueData);

        var first = await service.GetDocumentAsync(2026);
        Assert.NotNull(first);
        Assert.NotNull(await store.GetAsync(2026));

        var edited = PlanLoader.Serialize(SeedPlan() with { Version = "2026.2" });
        Assert.IsType<PlanSaveResult.Conflict>(await service.SaveAsync(2026, edited, ifMatch: null, Editor, "api"));
        var saved = Assert.IsType<PlanSaveResult.Saved>(await service.SaveAsync(2026, edited, first.ETag, Editor, "api"));
        Assert.Equal("2026.2", (await service.GetPlanAsync(2026))!.Version);
        // The first ETag is stale now.
        Assert.IsType<PlanSaveResult.Conflict>(await service.SaveAsync(2026, edited, first.ETag, Editor, "api"));
        Assert.NotEqual(first.ETag, saved.ETag);
    }

    [Fact]
    public async Task An_invalid_plan_is_refused_with_its_problems_and_nothing_is_stored()
    {
        var store = new InMemoryPlanStore();
        var service = new PlanService(store, CatalogueData);
        var wrongYear = PlanLoader.Serialize(SeedPlan() with { Year = 2027 });
        var result = Assert.IsType<PlanSaveResult.Invalid>(await service.SaveAsync(2026, wrongYear, null, Editor, "api"));
        Assert.NotEmpty(result.Problems);
        Assert.Null(await store.GetAsync(2026));
    }

    [Fact]
    public async Task A_year_without_a_plan_file_has_no_plan()
        => Assert.Null(await new PlanService(new InMemoryPlanStore(), CatalogueData).GetPlanAsync(2031));
}
