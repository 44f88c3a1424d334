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
/// Incremental publication (issues 5 and 19): publishing one new item into a published catalogue of 1,000, 10,000 and
/// 100,000 generated 科技局 items, against an in-memory site store that counts writes and an item store that counts reads.
/// The new item goes out as 立即发布 does (the run for a change, derived from the change and the manifest); the nightly
/// reconciler's run over the same catalogue is timed beside it.
/// <c>dotnet run -c Release --project tests/Disclosure.Benchmarks -- publish-writes [--quick] [--sizes 1000,10000,100000]</c>
/// prints the figures (<c>--series N</c>: N more new items one at a time, for the amortised cost of the manifest's folds); <c>--quick</c> takes 3 samples instead of 5 (the 100,000-item catalogue alone takes minutes to
/// set up on a loaded machine). The BenchmarkDotNet class times one publication.
/// </summary>
[MemoryDiagnoser]
public class PublicationBenchmark
{
    /// <summary>Issue 19's targets for one new item: blob writes and bytes uploaded (pages, feeds, index; manifest apart).</summary>
    private const int TargetWrites = 20;
    private const int TargetBytes = 200 * 1024;

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
        _world.Service.PublishAsync(PublicationTrigger.OnDemand, "benchmark", default).GetAwaiter().GetResult();
        return _world.Site.Writes;
    }

    public static async Task RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var sizes = args.SkipWhile(a => a != "--sizes").Skip(1).FirstOrDefault()?.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            ?? [1_000, 10_000, 100_000];
        var samplesPerSize = quick ? 3 : 5;
        // --series N: N more new items, each published by itself, for what the manifest's folds cost amortised.
        var series = int.Parse(args.SkipWhile(a => a != "--series").Skip(1).FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        Console.WriteLine($"// " + Machine.Describe());
        Console.WriteLine("| catalogue | set-up: initial publication | one new item (立即发布): blob writes (pages+assets / search / feeds+sitemap / manifest) | bytes uploaded: pages / search / feeds+sitemap = total (manifest apart) | items read from the store (queries over every item: a table scan on Azure Tables) | site files read (GETs on Blob Storage) | time: wall ms, CPU ms (median) | one withdrawal: writes, items read | nothing new: writes | nightly reconciler, nothing new: items read, wall ms | manifest as stored |");
        Console.WriteLine("|---:|---|---|---|---:|---|---|---|---:|---|---:|");
        var medians = new Dictionary<int, double>();
        var worst = (Writes: 0, Bytes: 0L);
        foreach (var size in sizes)
        {
            var clock = Stopwatch.StartNew();
            var world = await PublicationWorld.CreateAsync(size);
            var setUp = $"{world.Site.Writes:N0} writes, {clock.Elapsed.TotalSeconds:F0} s";

            var samples = new List<Sample>();
            var phases = new List<string>();
            using (var listener = new PublicationPhases())
            {
                for (var i = 0; i < samplesPerSize; i++)
                {
                    await world.AddReadyItemAsync();
                    listener.Clear();
                    samples.Add(await world.MeasureAsync(PublicationTrigger.OnDemand));
                    phases.Add(listener.Describe());
                }
            }
            if (series > 0)
            {
                var runs = new List<Sample>();
                for (var i = 0; i < series; i++)
                {
                    await world.AddReadyItemAsync();
                    runs.Add(await world.MeasureAsync(PublicationTrigger.OnDemand));
                }
                var manifestBytes = runs.Select(r => r.ManifestBytes).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"// {size:N0} items, {series} more new items one at a time: manifest written {manifestBytes.Sum() / 1024.0:F1} KB in all, {manifestBytes.Average() / 1024.0:F1} KB per item (median {manifestBytes.Order().ElementAt(series / 2) / 1024.0:F1} KB, largest {manifestBytes.Max() / 1024.0:F1} KB); site files {runs.Average(r => r.Bytes.Total) / 1024.0:F1} KB per item; blob writes {runs.Average(r => r.Writes):F1} per item (largest {runs.Max(r => r.Writes)}); CPU per item median {runs.Select(r => r.CpuMs).Order().ElementAt(series / 2):F0} ms (mean {runs.Average(r => r.CpuMs):F1} ms), quartiles {runs.Select(r => r.CpuMs).Order().ElementAt(series / 4):F0}–{runs.Select(r => r.CpuMs).Order().ElementAt(series * 3 / 4):F0} ms; allocated per item median {runs.Select(r => r.AllocatedBytes).Order().ElementAt(series / 2) / 1048576.0:F1} MB; gen-2 collections {runs.Sum(r => r.Gen2Collections)} in {series} runs"));
            }
            var withdrawal = await world.WithdrawOneAsync();
            var idle = await world.MeasureAsync(PublicationTrigger.OnDemand);
            var nightly = await world.MeasureAsync(PublicationTrigger.Nightly);
            var manifest = await world.ManifestAsync();

            // The files of the last new item, largest first: what grows with the catalogue shows here.
            Console.Error.WriteLine($"// {size:N0} items, files of the last new item: " + string.Join(", ",
                samples[^1].Files.OrderByDescending(f => f.Bytes).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Path} {f.Bytes / 1024.0:F1} KB"))));
            // Each new item's run by phase (wall/CPU ms): what still grows with the catalogue shows here (issue 19).
            foreach (var (phase, n) in phases.Select((p, n) => (p, n + 1)))
                Console.WriteLine($"// {size:N0} items, new item {n} by phase (wall/CPU ms): {phase}; manifest written {samples[n - 1].ManifestBytes / 1024.0:F1} KB");
            var median = samples.Select(s => s.WallMs).Order().ElementAt(samples.Count / 2);
            medians[size] = median;
            worst = (Math.Max(worst.Writes, samples.Max(s => s.Writes)), Math.Max(worst.Bytes, samples.Max(s => s.Bytes.Total)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {setUp} | {string.Join("; ", samples.Select(s => $"{s.Writes} ({s.Breakdown})"))} | {string.Join("; ", samples.Select(s => s.Bytes.ToString()))} | {string.Join(", ", samples.Select(s => $"{s.ItemsRead} ({s.Queries} queries)").Distinct())} | {string.Join("; ", samples.Select(s => s.SiteFilesRead))} | {median:F0} ms, {samples.Select(s => s.CpuMs).Order().ElementAt(samples.Count / 2):F0} ms | {withdrawal.Writes}, {withdrawal.ItemsRead} | {idle.Writes} | {nightly.ItemsRead:N0}, {nightly.WallMs:F0} ms | {manifest} |"));
        }
        Console.WriteLine();
        Console.WriteLine($"// target ≤ {TargetWrites} blob writes per new item: worst {worst.Writes} — {(worst.Writes <= TargetWrites ? "met" : "NOT met")}");
        Console.WriteLine($"// target ≤ {TargetBytes / 1024} KB uploaded per new item: worst {worst.Bytes / 1024.0:F1} KB — {(worst.Bytes <= TargetBytes ? "met" : "NOT met")}");
        if (medians.TryGetValue(1_000, out var small) && medians.TryGetValue(100_000, out var large))
            Console.WriteLine($"// target time at 100,000 ≤ 2 × time at 1,000: {large:F0} ms vs {small:F0} ms = {large / small:F1}× — {(large <= 2 * small ? "met" : "NOT met")}");
    }

}

/// <summary>Bytes one run uploaded, by kind (the manifest is the publisher's own record and is counted apart).</summary>
internal sealed record UploadedBytes(long Pages, long Search, long Syndication)
{
    public long Total => Pages + Search + Syndication;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Pages / 1024.0:F1} / {Search / 1024.0:F1} / {Syndication / 1024.0:F1} = {Total / 1024.0:F1} KB");
}

/// <summary>One measured publication.</summary>
internal sealed record Sample(int Writes, string Breakdown, UploadedBytes Bytes, int ItemsRead, int Queries, double WallMs, double CpuMs,
    IReadOnlyList<(string Path, long Bytes)> Files, long ManifestBytes, long AllocatedBytes = 0, int Gen2Collections = 0, int SiteReads = 0, long SiteBytesRead = 0)
{
    /// <summary>The site files the run read (GETs on Blob Storage; the manifest's blobs apart), with their bytes.</summary>
    public string SiteFilesRead => string.Create(CultureInfo.InvariantCulture, $"{SiteReads} ({SiteBytesRead / 1024.0:F0} KB)");
}

/// <summary>A published catalogue in memory: items and bodies in an in-memory item store, the site in an in-memory site store.</summary>
internal sealed class PublicationWorld
{
    private readonly InMemoryItemStore _items;
    private readonly CountingItemStore _reads;
    private readonly FixedClock _time;
    private int _next;

    private PublicationWorld(InMemoryItemStore items, CountingItemStore reads, InMemorySiteStore site, PublicationService service, FixedClock time)
    {
        _items = items;
        _reads = reads;
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
        var reads = new CountingItemStore(items);
        // The store notes items entering 待发布 and 已撤回, as the table store does (IPublicationInbox).
        var service = new PublicationService(reads, new ItemLifecycle(items, time), items, site, new PortalRenderer(), catalogue,
            new OperatorAlerts(new RecordingNotifier(), catalogue, new ComplianceOptions()), time, inbox: items);
        await service.PublishAsync(PublicationTrigger.Nightly, null, default);
        return new PublicationWorld(items, reads, site, service, time);
    }

    /// <summary>One publication with the site's and the store's counters reset before it.</summary>
    public async Task<Sample> MeasureAsync(PublicationTrigger trigger)
    {
        Site.ResetCounters();
        _reads.ResetCount();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var fullCollections = GC.CollectionCount(2);
        var clock = Stopwatch.StartNew();
        await Service.PublishAsync(trigger, trigger == PublicationTrigger.Nightly ? null : "benchmark", default);
        var wall = clock.Elapsed.TotalMilliseconds;
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        var allocatedBytes = GC.GetTotalAllocatedBytes() - allocated;
        var gen2 = GC.CollectionCount(2) - fullCollections;
        var (siteReads, siteBytesRead) = (Site.Reads, Site.BytesRead);
        var files = new List<(string, long)>();
        foreach (var path in Site.WrittenPaths.Where(p => p != "(manifest)" && !p.StartsWith('-') && !IsSearch(p)))
            files.Add((path, (await Site.ReadAsync(path, default))?.LongLength ?? 0));
        return new Sample(Site.Writes, Breakdown(Site.WrittenPaths), await UploadedAsync(Site.WrittenPaths), _reads.ItemsRead, _reads.Queries, wall, cpuMs, files,
            Site.ManifestBytesWritten, allocatedBytes, gen2, siteReads, siteBytesRead);
    }

    /// <summary>
    /// The manifest as stored (issue 19: a root and parts): its whole size, the number of blobs and the largest; and the
    /// CPU time of a fresh host's first read of it (every part), which a host pays once: later runs read only the parts
    /// that changed.
    /// </summary>
    public async Task<string> ManifestAsync()
    {
        var blobs = Site.ManifestBlobs;
        var fresh = new InMemorySiteStore();
        foreach (var (name, content) in blobs) fresh.PutManifestBlob(name, content);
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        await fresh.ReadManifestAsync(default);
        process.Refresh();
        var read = process.TotalProcessorTime - before;
        return string.Create(CultureInfo.InvariantCulture,
            $"{blobs.Values.Sum(b => (long)b.Length) / 1024.0 / 1024.0:F1} MB in {blobs.Count} blobs (largest {blobs.Values.Max(b => b.Length) / 1024.0:F0} KB); first read by a new host {read.TotalMilliseconds:F0} ms CPU");
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

    /// <summary>Withdraws one of the generated items and publishes the withdrawal at once, as an approved withdrawal does.</summary>
    public async Task<Sample> WithdrawOneAsync()
    {
        var stored = (await _items.GetAsync("kjj-2024-00100"))!;
        await _items.UpdateAsync(stored.Item with { State = ItemState.Withdrawn }, stored.ETag, Change(stored.Item.Id, ItemState.Withdrawn));
        return await MeasureAsync(PublicationTrigger.Withdrawal);
    }

    private static bool IsSearch(string path) => path.StartsWith("search/", StringComparison.Ordinal);

    private static bool IsSyndication(string path) =>
        path.StartsWith("feeds/", StringComparison.Ordinal) || path.StartsWith("sitemap", StringComparison.Ordinal) || path == "robots.txt";

    private static string Breakdown(IReadOnlyList<string> paths)
    {
        var search = paths.Count(IsSearch);
        var syndication = paths.Count(IsSyndication);
        var manifest = paths.Count(p => p == "(manifest)");
        var pages = paths.Count - search - syndication - manifest;
        return $"{pages} / {search} / {syndication} / {manifest}";
    }

    private async Task<UploadedBytes> UploadedAsync(IReadOnlyList<string> paths)
    {
        long pages = 0, search = 0, syndication = 0;
        foreach (var path in paths.Where(p => p != "(manifest)" && !p.StartsWith('-')))
        {
            var length = (await Site.ReadAsync(path, default))?.LongLength ?? 0;
            if (IsSearch(path)) search += length;
            else if (IsSyndication(path)) syndication += length;
            else pages += length;
        }
        return new UploadedBytes(pages, search, syndication);
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
