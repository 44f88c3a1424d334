using System.Globalization;
using BenchmarkDotNet.Attributes;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Publishing;

namespace Disclosure.Benchmarks;

/// <summary>
/// Portal rendering speed. <see cref="ItemPages"/> renders 1,000 item pages per operation (so the reported time / 1,000
/// is the time per page; the target is ≥ 5,000 pages/s per core, i.e. ≤ 200 µs a page). <see cref="OneNewItem"/> is the
/// affected-pages render for one newly published item; the number of files it writes is printed in the set-up and
/// must be the same for both catalogue sizes.
/// Run: <c>dotnet run -c Release --project tests/Disclosure.Benchmarks -- --filter '*RenderBenchmark*' --job short</c>
/// </summary>
[MemoryDiagnoser]
public class RenderBenchmark
{
    private const int PagesPerOperation = 1_000;
    private static readonly string Body = string.Concat(Enumerable.Range(1, 12).Select(n =>
        $"<p>第{n}条　为进一步规范科技计划项目管理，提高财政科技资金使用效益，根据有关法律法规和政策规定，结合本市实际，制定本办法。本条规定适用于本市各类科技计划项目的申报、评审、立项、实施、验收和监督管理。</p>"));

    private readonly PortalRenderer _renderer = new();
    private PortalSnapshot _snapshot = null!;
    private PortalSnapshot _withNewItem = null!;
    private string[] _pageIds = [];
    private PortalChange _change = null!;

    [Params(1_000, 10_000)]
    public int CatalogueSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var settings = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
        var items = Catalogue(settings, CatalogueSize).ToList();
        _snapshot = new PortalSnapshot(settings, items, [], _ => Body);
        _pageIds = Enumerable.Range(0, PagesPerOperation).Select(n => items[n * items.Count / PagesPerOperation].Id).ToArray();

        var newItem = Item(settings, CatalogueSize, "gzdt", new DateOnly(2030, 1, 1));
        _withNewItem = new PortalSnapshot(settings, [.. items, newItem], [], _ => Body);
        _change = new PortalChange(newItem.Id);
        var files = _renderer.RenderChange(_withNewItem, _change);
        Console.WriteLine($"// Catalogue of {CatalogueSize} items: one new item writes {files.Count} files " +
            $"({files.Count - _renderer.Assets.Files.Count} pages + {_renderer.Assets.Files.Count} assets): " +
            string.Join(", ", files.Select(f => f.Path)));
    }

    /// <summary>Runs after the measured iterations, when the code is fully optimised by tiered compilation.</summary>
    [GlobalCleanup(Target = nameof(ItemPages))]
    public void ReportCpuTime() =>
        Console.WriteLine($"// Catalogue of {CatalogueSize} items: {ItemPagesPerCpuSecond():F0} item pages per CPU-second");

    /// <summary>
    /// Pages per second of processor time (GC and JIT threads included): on a shared machine wall-clock figures measure
    /// the neighbours as much as the renderer, while CPU time is what one core spends.
    /// </summary>
    private double ItemPagesPerCpuSecond()
    {
        var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        var before = process.TotalProcessorTime;
        const int rounds = 5;
        for (var i = 0; i < rounds; i++) ItemPages();
        process.Refresh();
        return rounds * PagesPerOperation / (process.TotalProcessorTime - before).TotalSeconds;
    }

    [Benchmark(OperationsPerInvoke = PagesPerOperation)]
    public int ItemPages()
    {
        var bytes = 0;
        foreach (var file in _renderer.RenderItemPages(_snapshot, _pageIds)) bytes += file.Content.Length;
        return bytes;
    }

    [Benchmark]
    public int OneNewItem() => _renderer.RenderChange(_withNewItem, _change).Count;

    internal static IEnumerable<DisclosureItem> Catalogue(CatalogueSettings settings, int size)
    {
        var columns = settings.Columns.Select(c => c.Code).ToArray();
        var start = new DateOnly(2020, 1, 1);
        for (var n = 0; n < size; n++)
        {
            var item = Item(settings, n, columns[n % columns.Length], start.AddDays(n * 3650 / size));
            if (item.ColumnCode == "zcjd" && n > columns.Length)
                item = item with { Relation = Relation.Interprets, RelatedItemId = "bm" + (n - 11).ToString("D6", CultureInfo.InvariantCulture) };
            yield return item;
        }
    }

    private static DisclosureItem Item(CatalogueSettings settings, int n, string column, DateOnly publishedOn) => new()
    {
        Id = "bm" + n.ToString("D6", CultureInfo.InvariantCulture),
        IndexNumber = new IndexNumber(settings.Agency.IssuerCode, publishedOn.Year, n % 99_999 + 1),
        Title = $"关于印发《科技计划项目管理办法》的通知（第{n}号）",
        ColumnCode = column,
        Genre = "通知",
        Publisher = settings.Agency.Name,
        DepartmentCode = "bgs",
        DocumentNumber = $"市科发〔{publishedOn.Year}〕{n % 300 + 1}号",
        FormedOn = publishedOn.AddDays(-5),
        PublishedOn = publishedOn,
        State = ItemState.Published,
        BodyFormat = BodyFormat.Html,
        Keywords = ["科技计划", "项目管理"],
        Summary = "规范科技计划项目的申报、评审、立项、实施和验收管理。",
        SubmittedBy = "bgs@kjj.gov.cn",
        SubmittedAt = new DateTimeOffset(publishedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)),
        Attachments = [new Attachment("a" + n, "管理办法.pdf", "application/pdf", 345_678, new string('c', 64))],
    };
}
