using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Items;

namespace Disclosure.Benchmarks;

/// <summary>
/// The local compliance rules over ~1 MiB (as UTF-16, 524,288 characters) of government-notice Chinese with personal
/// data sprinkled in: NFKC, the digit/letter pass, the e-mail pass and the Aho–Corasick pass with the shipped word list.
/// Target: ≥ 50 MB/s per core. Run: <c>dotnet run -c Release --project tests/Disclosure.Benchmarks -- --filter '*RuleScan*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class RuleScanBenchmark
{
    public const int TargetChars = 512 * 1024;

    private LocalRuleSet _rules = null!;
    private RuleContext _context = null!;
    private IReadOnlyList<TextSource> _oneDocument = null!;
    private IReadOnlyList<TextSource> _manyAttachments = null!;

    public static string Text { get; } = Generate(TargetChars, seed: 20261126);

    [GlobalSetup]
    public void Setup()
    {
        var settings = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
        _rules = new LocalRuleSet(settings, SensitiveWordList.LoadDefault(), TimeProvider.System);
        _context = new RuleContext(DisclosureAttribute.Proactive, settings.FindColumn("kjxm"));
        _oneDocument = [TextSource.Body(Text)];
        // The same text as 64 attachments of 8,192 characters: per-source overhead shows here.
        _manyAttachments = Enumerable.Range(0, 64).Select(i => TextSource.ForAttachment($"附件{i}.docx", Text.Substring(i * 8192, 8192))).ToList();
    }

    /// <summary>
    /// The machine this runs on is shared (2 cores, several builds at once), so wall time understates what one core
    /// does. After the measured iterations, this prints the throughput over CPU time of the process as well.
    /// </summary>
    [GlobalCleanup]
    public void ReportCpuTimeThroughput()
    {
        const int rounds = 20;
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        for (var i = 0; i < rounds; i++) OneDocument();
        process.Refresh();
        var perScan = (process.TotalProcessorTime - before).TotalSeconds / rounds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// CPU-time throughput (one document): {perScan * 1e3:F2} ms CPU per scan, {Encoding.Unicode.GetByteCount(Text) / perScan / 1e6:F1} MB/s (UTF-16), {Encoding.UTF8.GetByteCount(Text) / perScan / 1e6:F1} MB/s (UTF-8) per core"));
    }

    [Benchmark(Baseline = true)]
    public int OneDocument() => _rules.Scan(_oneDocument, _context).Count;

    [Benchmark]
    public int SixtyFourAttachments() => _rules.Scan(_manyAttachments, _context).Count;

    /// <summary>Deterministic text: sentences from notices and lists, with an ID, mobile, card, e-mail … every few lines.</summary>
    public static string Generate(int length, int seed)
    {
        string[] sentences =
        [
            "为深入实施创新驱动发展战略，进一步规范市级科技计划项目管理，现就2026年度项目申报有关事项通知如下。",
            "一、申报条件：申报单位应为在本市注册、具有独立法人资格的企业、高等院校、科研院所。",
            "二、支持方向：围绕人工智能、生物医药、新材料、高端装备等重点领域，支持关键核心技术攻关。",
            "三、申报程序：申报单位登录市科技项目管理系统在线填报，经主管部门审核后统一报送。",
            "四、经费管理：项目资金实行专款专用，严格执行财政资金管理有关规定，接受审计和监督检查。",
            "请各单位高度重视，认真组织，确保申报材料真实、完整，于2026年12月31日前完成网上申报。",
            "（一）项目负责人年龄一般不超过60周岁，每人限报1项；（二）同一单位限报3项。",
            "本通知自发布之日起施行，由市科学技术局负责解释。",
            "局党组召开保密工作会议，传达学习有关文件精神，部署下一阶段重点工作。",
            "附件：1．申报指南　2．项目申报书（模板）　3．承诺书",
            "联系处室：科技项目管理处，办公地址：市行政中心科技大楼3楼301室。",
            "经专家评审、公示等程序，拟对以下15个项目予以立项，公示期为2026年11月20日至11月26日。",
        ];
        string[] personalData =
        [
            "申请人身份证号码11010519491231002X。",
            "联系电话13800138000。",
            "联系人手机：１３９ ００１３ ９０００，",
            "咨询电话：0571-85000000转8001。",
            "收款卡号6222021234567890128。",
            "邮箱zhang.san@163.com，",
            "工作邮箱xmc@kjj.gov.cn。",
            "统一社会信用代码91330100MA27Y00003，",
            "护照号码E12345678，",
            "身份证号440524188001010014；",
        ];
        var random = new Random(seed);
        var builder = new StringBuilder(length + 256);
        var line = 0;
        while (builder.Length < length)
        {
            builder.Append(sentences[random.Next(sentences.Length)]);
            if (++line % 6 == 0) builder.Append(personalData[random.Next(personalData.Length)]);
            if (line % 4 == 0) builder.Append('\n');
        }
        builder.Length = length;
        return builder.ToString();
    }

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig()
        {
            AddColumn(new ThroughputColumn("MB/s (UTF-16)", Encoding.Unicode.GetByteCount(Text)));
            AddColumn(new ThroughputColumn("MB/s (UTF-8)", Encoding.UTF8.GetByteCount(Text)));
        }
    }

    /// <summary>Bytes of the scanned text per second of mean time, in 10^6 bytes.</summary>
    private sealed class ThroughputColumn(string name, int bytes) : IColumn
    {
        public string Id => nameof(ThroughputColumn) + name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => $"Throughput over {bytes:N0} bytes of text";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return mean is null or 0 ? "-" : (bytes / (mean.Value / 1e9) / 1e6).ToString("F1", CultureInfo.InvariantCulture);
        }
    }
}
