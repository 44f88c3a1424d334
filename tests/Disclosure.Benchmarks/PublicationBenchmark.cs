using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Items;
using Disclosure.Notifications;
using Disclosure.Portal.Tests.Search;
using Disclosure.Publishing;

namespace Disclosure.Benchmarks;

/// <summary>
/// Incremental publication (issue 5): the blob writes for publishing one new item into a published catalogue of 1,000
/// and 10,000 generated 科技局 items, against an in-memory site store that counts writes. The count must not grow with
/// the catalogue. <c>dotnet run -c Release --project tests/Disclosure.Benchmarks -- publish-writes</c> prints the counts
/// (and those of a withdrawal and of a run with nothing new); the BenchmarkDotNet class times one publication.
/// </summary>
[MemoryDiagnoser]
public class PublicationBenchmark
{
    private PublicationWorld _world = null!;

    [Params(1_000, 10_000)]
    public int CatalogueSize { get; set; }

    [GlobalSetup]
    public void Setup() => _world = PublicationWorld.CreateAsync(CatalogueSize).GetAwaiter().GetResult();

    [IterationSetup]
    public void AddOneItem() => _world.AddReadyItemAsync().GetAwaiter().GetResult();

    [Benchmark]
    public int PublishOneNewItem()
    {
        _world.Site.ResetCounters();
        _world.Service.PublishAsync(PublicationTrigger.Nightly, null, default).GetAwaiter().GetResult();
        return _world.Site.Writes;
    }

    public static async Task RunAsync()
    {
        Console.WriteLine("| catalogue | initial publication (writes, s) | one new item: writes (pages+assets / search / feeds+sitemap / manifest) | time | one withdrawal: writes | nothing new: writes |");
        Console.WriteLine("|---:|---:|---|---:|---:|---:|");
        foreach (var size in new[] { 1_000, 10_000 })
        {
            var clock = Stopwatch.StartNew();
            var world = await PublicationWorld.CreateAsync(size);
            var initial = (world.Site.Writes, clock.Elapsed.TotalSeconds);

            var samples = new List<(int Writes, string Breakdown, double Ms)>();
            for (var i = 0; i < 5; i++)
            {
                await world.AddReadyItemAsync();
                world.Site.ResetCounters();
                clock.Restart();
                await world.Service.PublishAsync(PublicationTrigger.Nightly, null, default);
                samples.Add((world.Site.Writes, Breakdown(world.Site.WrittenPaths), clock.Elapsed.TotalMilliseconds));
            }

            var withdrawn = await world.WithdrawOneAsync();
            world.Site.ResetCounters();
            await world.Service.PublishAsync(PublicationTrigger.Nightly, null, default);
            var withdrawalWrites = world.Site.Writes;

            world.Site.ResetCounters();
            await world.Service.PublishAsync(PublicationTrigger.Nightly, null, default);
            var idleWrites = world.Site.Writes;

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {initial.Writes:N0} in {initial.TotalSeconds:F1} s | {string.Join("; ", samples.Select(s => $"{s.Writes} ({s.Breakdown})"))} | {samples.Average(s => s.Ms):F0} ms avg | {withdrawalWrites} ({withdrawn}) | {idleWrites} |"));
        }
    }

    private static string Breakdown(IReadOnlyList<string> paths)
    {
        var search = paths.Count(p => p.StartsWith("search/", StringComparison.Ordinal));
        var syndication = paths.Count(p => p.StartsWith("feeds/", StringComparison.Ordinal) || p.StartsWith("sitemap", StringComparison.Ordinal));
        var manifest = paths.Count(p => p == "(manifest)");
        var pages = paths.Count - search - syndication - manifest;
        return $"{pages} / {search} / {syndication} / {manifest}";
    }
}

/// <summary>A published catalogue in memory: items and bodies in an in-memory item store, the site in an in-memory site store.</summary>
internal sealed class PublicationWorld
{
    private readonly InMemoryItemStore _items;
    private readonly FixedClock _time;
    private int _next;

    private PublicationWorld(InMemoryItemStore items, InMemorySiteStore site, PublicationService service, FixedClock time)
    {
        _items = items;
        Site = site;
        Service = service;
        _time = time;
    }

    public InMemorySiteStore Site { get; }
    public PublicationService Service { get; }

    public static async Task<PublicationWorld> CreateAsync(int size)
    {
        var catalogue = BureauItemGenerator.Catalogue();
        var items = new InMemoryItemStore();
        // Generated items are published 2023-01-03 … 2026-01-07; new ones are published after them.
        var time = new FixedClock(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        foreach (var (item, body) in new BureauItemGenerator().Generate(size))
        {
            await items.PutAsync(item.Id, "body", new MemoryStream(Encoding.UTF8.GetBytes(body)), "text/plain");
            await items.CreateAsync(item with { BodyId = "body", PublishedVersion = 1, State = ItemState.Published }, Change(item.Id, ItemState.Published));
        }
        var site = new InMemorySiteStore();
        var service = new PublicationService(items, new ItemLifecycle(items, time), items, site, new PortalRenderer(), catalogue,
            new OperatorAlerts(new RecordingNotifier(), catalogue, new ComplianceOptions()), time);
        await service.PublishAsync(PublicationTrigger.Nightly, null, default);
        return new PublicationWorld(items, site, service, time);
    }

    public async Task AddReadyItemAsync()
    {
        var n = ++_next;
        var id = $"new-{n:D5}";
        await _items.PutAsync(id, "body", new MemoryStream(Encoding.UTF8.GetBytes(
            "为加快推进科技创新平台建设，现将有关事项通知如下。请各区县科技主管部门组织辖区内企业和高校院所认真做好申报工作，于规定时间前提交材料。")), "text/plain");
        var item = new DisclosureItem
        {
            Id = id,
            IndexNumber = new IndexNumber(BureauItemGenerator.IssuerCode, 2026, 90_000 + n),
            Title = $"关于组织申报2026年度科技创新平台建设项目的通知（第{n}批）",
            ColumnCode = "tzgg",
            Genre = "通知",
            Publisher = "市科学技术局",
            DepartmentCode = "bgs",
            DocumentNumber = $"市科发〔2026〕{100 + n}号",
            FormedOn = new DateOnly(2026, 3, 1),
            BodyId = "body",
            State = ItemState.ReadyToPublish,
            SubmittedBy = "benchmark",
            SubmittedAt = _time.GetUtcNow(),
        };
        await _items.CreateAsync(item, Change(id, ItemState.ReadyToPublish));
        _time.Advance(TimeSpan.FromDays(1));
    }

    /// <summary>Withdraws one of the generated items; returns its id.</summary>
    public async Task<string> WithdrawOneAsync()
    {
        var stored = (await _items.GetAsync("kjj-2024-00100"))!;
        await _items.UpdateAsync(stored.Item with { State = ItemState.Withdrawn }, stored.ETag, Change(stored.Item.Id, ItemState.Withdrawn));
        return stored.Item.Id;
    }

    private static ItemChange Change(string id, ItemState to) => ItemChange.Of(new AuditEntry
    {
        ItemId = id, EventId = Guid.NewGuid().ToString("N"), At = DateTimeOffset.UnixEpoch, Actor = "benchmark", Action = AuditAction.ReviewApproved, To = to,
    });

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
