using System.Globalization;
using Disclosure.Lists;
using Disclosure.Workbench;

namespace Disclosure.Statistics;

/// <summary>One bar of the chart, in SVG user units, with the figure it stands for (read out by its own title).</summary>
[PageModel]
public sealed record ChartBar(string X, string Y, string Width, string Height, string Fill, string Label);

/// <summary>A line of the value axis: its height and figure.</summary>
[PageModel]
public sealed record ChartTick(string Y, string Value);

/// <summary>A month's label on the category axis.</summary>
[PageModel]
public sealed record ChartMonth(string X, string Label);

/// <summary>A series' colour and name, for the legend.</summary>
[PageModel]
public sealed record ChartSeries(string Fill, string Name, string X);

/// <summary>
/// The bar chart of the statistics page, laid out on the server so the page needs no script: per month, bars for 报送,
/// 发布 and 逾期. It is drawn as inline SVG with a title and a description; the same figures are in the table below it,
/// which is what assistive technology reads (the SVG is one image with a text alternative).
/// </summary>
[PageModel]
public sealed record StatisticsChart(string Title, string Description, int Width, int Height, string PlotBottom, string PlotRight,
    IReadOnlyList<ChartBar> Bars, IReadOnlyList<ChartTick> Ticks, IReadOnlyList<ChartMonth> Months, IReadOnlyList<ChartSeries> Legend)
{
    private const int ChartWidth = 760, ChartHeight = 300, Left = 44, Right = 12, Top = 36, Bottom = 32;
    // Colours that differ in lightness as well as hue (distinguishable in grey and to colour-blind readers), each ≥ 3:1 on white.
    private static readonly (string Name, string Fill, Func<StatisticsFigures, int> Value)[] Series =
    [
        ("报送", "#1f4e79", f => f.Submitted),
        ("发布", "#2e7d32", f => f.Published),
        ("逾期", "#b00020", f => f.Overdue),
    ];

    public static StatisticsChart From(StatisticsReport report)
    {
        var max = Math.Max(1, report.Months.Max(m => Series.Max(s => s.Value(m))));
        var step = NiceStep(max);
        var top = (int)Math.Ceiling(max / (double)step) * step;
        double plotHeight = ChartHeight - Top - Bottom, plotWidth = ChartWidth - Left - Right;
        var slot = plotWidth / report.Months.Count;
        var barWidth = slot * 0.8 / Series.Length;
        var bars = new List<ChartBar>();
        var months = new List<ChartMonth>();
        for (var m = 0; m < report.Months.Count; m++)
        {
            var figures = report.Months[m];
            months.Add(new ChartMonth(N(Left + slot * (m + 0.5)), (m + 1).ToString(CultureInfo.InvariantCulture) + "月"));
            for (var s = 0; s < Series.Length; s++)
            {
                var value = Series[s].Value(figures);
                var height = plotHeight * value / top;
                bars.Add(new ChartBar(N(Left + slot * m + slot * 0.1 + barWidth * s), N(Top + plotHeight - height), N(barWidth), N(height), Series[s].Fill,
                    $"{m + 1}月{Series[s].Name} {value} 条"));
            }
        }
        var ticks = Enumerable.Range(0, top / step + 1).Select(i => new ChartTick(N(Top + plotHeight - plotHeight * i * step / top), (i * step).ToString(CultureInfo.InvariantCulture))).ToList();
        var legend = Series.Select((s, i) => new ChartSeries(s.Fill, s.Name, N(Left + i * 90))).ToList();
        var total = report.Total;
        return new StatisticsChart(
            $"{report.Year}年{report.ScopeName}各月报送、发布和逾期信息数",
            $"{report.Year}年共报送 {total.Submitted} 条，退回 {total.Returned} 次，发布 {total.Published} 条（按时 {total.PublishedOnTime} 条），逾期 {total.Overdue} 条；各月数字见下表。",
            ChartWidth, ChartHeight, N(Top + plotHeight), N(ChartWidth - Right), bars, ticks, months, legend);
    }

    /// <summary>1, 2 or 5 times a power of ten, so that the axis has at most about five lines.</summary>
    private static int NiceStep(int max)
    {
        var rough = Math.Max(1, max / 5.0);
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1, 2, 5, 10 }.Select(f => f * power).First(s => s >= rough);
        return Math.Max(1, (int)step);
    }

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>The statistics page: the report, its chart, and the departments an office reader may switch between.</summary>
[PageModel]
public sealed record StatisticsPage(StatisticsReport Report, StatisticsChart Chart, IReadOnlyList<FilterOption> Departments, IReadOnlyList<FilterOption> Years)
{
    /// <summary>The links through the month × column table's pages; null where the table is shown whole.</summary>
    public ListPaging? Paging { get; init; }
}
