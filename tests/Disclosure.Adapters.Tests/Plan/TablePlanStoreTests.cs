using Azure.Data.Tables;
using Disclosure.Adapters.Notifications;
using Disclosure.Adapters.Plan;
using Disclosure.Adapters.Tests.Notifications;
using Disclosure.Catalogue;
using Disclosure.Notifications;
using Disclosure.Plan;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Adapters.Tests.Plan;

public class TablePlanStoreTests(AzuriteTables azurite) : IClassFixture<AzuriteTables>
{
    private static readonly CatalogueSettings Catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));

    private TableServiceClient Service => new(azurite.ConnectionString);
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Plan_is_seeded_once_and_edits_need_the_current_ETag()
    {
        var service = new PlanService(new TablePlanStore(Service, Unique("plan")), Catalogue);
        var first = await service.GetDocumentAsync(2026);
        Assert.NotNull(first);
        Assert.Equal(PlanLoader.Load(PlanLoader.FileFor(2026)), PlanLoader.Parse(first.Json), new PlanJsonComparer());

        var edited = PlanLoader.Serialize(PlanLoader.Parse(first.Json) with { Version = "2026.2" });
        var saved = Assert.IsType<PlanSaveResult.Saved>(await service.SaveAsync(2026, edited, first.ETag, Editor, "api"));
        Assert.IsType<PlanSaveResult.Conflict>(await service.SaveAsync(2026, edited, first.ETag, Editor, "api"));
        Assert.Equal("2026.2", (await service.GetPlanAsync(2026))!.Version);
        Assert.Equal(saved.ETag, (await service.GetDocumentAsync(2026))!.ETag);
    }

    private static readonly Disclosure.Identity.Principal Editor = new("计划管理员", "bgs", new HashSet<string> { Disclosure.Identity.Role.Administrator }) { Id = "oid-plan-editor" };

    [Fact]
    public async Task Each_save_is_written_with_its_audit_entry_in_one_transaction_and_a_refused_save_with_none()
    {
        var store = new TablePlanStore(Service, Unique("plan"));
        var service = new PlanService(store, Catalogue, new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero)));
        var first = (await service.GetDocumentAsync(2026))!;
        var plan = PlanLoader.Parse(first.Json);
        var renamed = plan with { Version = "2026.2", Phases = [plan.Phases[0] with { Name = "第一阶段（部署）" }, .. plan.Phases.Skip(1)] };

        var saved = Assert.IsType<PlanSaveResult.Saved>(await service.SaveAsync(2026, PlanLoader.Serialize(renamed), first.ETag, Editor, "phase"));
        Assert.IsType<PlanSaveResult.Conflict>(await service.SaveAsync(2026, PlanLoader.Serialize(renamed with { Version = "2026.3" }), first.ETag, Editor, "api"));

        var change = Assert.Single(await service.ListChangesAsync(2026));
        Assert.Equal(("计划管理员", "oid-plan-editor", "phase"), (change.Actor, change.ActorId, change.Via));
        Assert.Equal(("2026.1", "2026.2"), (change.FromVersion, change.ToVersion));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero), change.At);
        Assert.Equal([$"修改阶段 {plan.Phases[0].Code}（第一阶段（部署））"], change.Changes);
        Assert.Equal(saved.ETag, (await store.GetAsync(2026))!.ETag);
    }

    [Fact]
    public async Task Column_leadership_and_channel_saves_round_trip_through_table_storage_with_their_audit_entries()
    {
        var store = new TablePlanStore(Service, Unique("plan"));
        var service = new PlanService(store, Catalogue);
        var robots = new RobotTargetNames(["bgs-wecom"]);
        (string Part, string Key, Dictionary<string, string> Values)[] saves =
        [
            ("column", "gzdt", new() { ["name"] = "机关工作动态", ["department"] = "zcfgc" }),
            ("leader", "", new() { ["name"] = "办公室主任", ["role"] = "成员", ["phone"] = "", ["email"] = "" }),
            ("channel", "", new() { ["owner"] = "bgs", ["kind"] = "WeCom", ["email"] = "", ["target"] = "bgs-wecom" }),
        ];
        foreach (var (part, key, values) in saves)
        {
            var stored = (await service.GetDocumentAsync(2026))!;
            var edit = PlanPart.Find(part, robots)!.Apply(PlanLoader.Parse(stored.Json), key, values);
            Assert.IsType<PlanSaveResult.Saved>(await service.SaveAsync(2026, PlanLoader.Serialize(edit.Plan!), stored.ETag, Editor, part));
        }

        var again = (await service.GetPlanAsync(2026))!;
        Assert.Equal(("机关工作动态", "zcfgc"), (again.FindColumn("gzdt")!.Name, again.FindColumn("gzdt")!.Department));
        Assert.Equal("办公室主任", again.LeadershipGroup.Members[^1].Name);
        Assert.Equal(new ChannelAddress { Kind = ChannelKind.WeCom, Address = "bgs-wecom" }, again.FindDepartment("bgs")!.Channels[^1]);
        Assert.Equal(["channel", "leader", "column"], (await service.ListChangesAsync(2026)).Select(c => c.Via));
    }

    [Fact]
    public async Task Reminder_run_twice_against_table_storage_records_each_digest_once()
    {
        var service = Service;
        var outbox = new TableOutbox(service, Unique("outbox"));
        var plans = new PlanService(new TablePlanStore(service, Unique("plan")), Catalogue);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 2, 1, 22, 30, 0, TimeSpan.Zero));   // 06:30 on 2026-02-02 in China
        var run = new ReminderRun(plans, new NothingPublished(), Deliveries.Calendar, outbox, new OutboxNotifier(outbox, time), new ReminderOptions());

        var first = await run.RunAsync(time.GetUtcNow());
        var second = await run.RunAsync(time.GetUtcNow().AddMinutes(5));

        Assert.NotEmpty(first.Recorded);
        Assert.Empty(second.Recorded);
        var all = await outbox.ListAsync(new OutboxFilter());
        Assert.Equal(first.Recorded.Order(), all.Select(d => d.NotificationId).Distinct().Order());
    }

    private sealed class NothingPublished : IPublicationFacts
    {
        public Task<PublicationFacts> LoadAsync(int year, DateOnly today, CancellationToken ct) => Task.FromResult(PublicationFacts.None);
    }

    private sealed class PlanJsonComparer : IEqualityComparer<DisclosurePlan>
    {
        public bool Equals(DisclosurePlan? x, DisclosurePlan? y) => PlanLoader.Serialize(x!) == PlanLoader.Serialize(y!);
        public int GetHashCode(DisclosurePlan obj) => 0;
    }
}
