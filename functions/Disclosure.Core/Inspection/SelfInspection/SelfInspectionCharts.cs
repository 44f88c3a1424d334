using System.Globalization;

namespace Disclosure.Inspection.SelfInspection;

/// <summary>
/// An inline SVG chart as <c>Templates/chart.liquid</c> draws it: the geometry is worked out here, the markup is the
/// template's. A chart has a title and a description (read by screen readers) and its figures are printed on it.
/// </summary>
/// <param name="Id">Prefix of the title's and description's ids (<c>-t</c>, <c>-d</c>), unique in the report.</param>
internal sealed record SvgChartView(string Id, string Title, string Description, int Width, int Height, SvgLineView Axis, IReadOnlyList<SvgShapeView> Shapes);

internal sealed record SvgLineView(int X1, int Y1, int X2, int Y2);

/// <summary>A bar (<c>rect</c>, with an optional hover title) or a label (<c>text</c>), in drawing order.</summary>
internal sealed record SvgShapeView(bool IsText, string X, string Y)
{
    public string Width { get; init; } = "";
    public string Height { get; init; } = "";
    public string Fill { get; init; } = "";
    public string? Tooltip { get; init; }
    public string? Anchor { get; init; }
    public int FontSize { get; init; }
    public string Text { get; init; } = "";

    public static SvgShapeView Rect(double x, double y, double width, double height, string fill, string? tooltip = null) =>
        new(false, Number(x), Number(y)) { Width = Number(width), Height = Number(height), Fill = fill, Tooltip = tooltip };

    public static SvgShapeView Label(double x, double y, int fontSize, string text, string? anchor = "middle") =>
        new(true, Number(x), Number(y)) { FontSize = fontSize, Text = text, Anchor = anchor };

    private static string Number(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}

internal static class SelfInspectionCharts
{
    public static readonly string[] Palette =
        ["#1f5fa8", "#c23b22", "#2e7d32", "#8e44ad", "#b36b00", "#00838f", "#6d4c41", "#ad1457", "#546e7a", "#9e9d24", "#3949ab", "#00695c"];

    /// <summary>A vertical bar chart; the bars' numbers are printed above them so the chart reads without the table.</summary>
    public static SvgChartView Bars(string id, string title, string description, IReadOnlyList<(string Label, int Value, string Colour)> bars)
    {
        const int height = 220, top = 20, bottom = 50, barWidth = 60, gap = 24, left = 40;
        var width = left + Math.Max(1, bars.Count) * (barWidth + gap);
        var max = Math.Max(1, bars.Select(b => b.Value).DefaultIfEmpty().Max());
        var plot = height - top - bottom;
        var shapes = new List<SvgShapeView>();
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value, colour) = bars[i];
            var barHeight = (int)Math.Round((double)plot * value / max);
            var x = left + i * (barWidth + gap) + gap / 2;
            var y = height - bottom - barHeight;
            shapes.Add(SvgShapeView.Rect(x, y, barWidth, barHeight, colour));
            shapes.Add(SvgShapeView.Label(x + barWidth / 2, y - 4, 12, value.ToString(CultureInfo.InvariantCulture)));
            shapes.Add(SvgShapeView.Label(x + barWidth / 2, height - bottom + 16, 11, label));
        }
        return new SvgChartView(id, title, description, width, height, new SvgLineView(left, height - bottom, width, height - bottom), shapes);
    }

    /// <summary>Months along the bottom, one stacked bar per month, one colour per column with a legend.</summary>
    public static SvgChartView Monthly(IReadOnlyList<MonthlyPublications> months, IReadOnlyList<KeyValuePair<string, string>> columns)
    {
        const int height = 260, top = 20, bottom = 40, barWidth = 40, gap = 16, left = 40, legendWidth = 140;
        var width = left + Math.Max(1, months.Count) * (barWidth + gap) + legendWidth;
        var max = Math.Max(1, months.Select(m => m.Total).DefaultIfEmpty().Max());
        var plot = height - top - bottom;
        var shapes = new List<SvgShapeView>();
        for (var i = 0; i < months.Count; i++)
        {
            var x = left + i * (barWidth + gap) + gap / 2;
            var y = (double)(height - bottom);
            for (var c = 0; c < columns.Count; c++)
            {
                var value = months[i].ByColumn.GetValueOrDefault(columns[c].Key);
                if (value == 0) continue;
                var segment = (double)plot * value / max;
                y -= segment;
                shapes.Add(SvgShapeView.Rect(x, y, barWidth, segment, Palette[c % Palette.Length], $"{months[i].Month} {columns[c].Value}：{value}"));
            }
            if (months[i].Total > 0)
                shapes.Add(SvgShapeView.Label(x + barWidth / 2, y - 4, 11, months[i].Total.ToString(CultureInfo.InvariantCulture)));
            shapes.Add(SvgShapeView.Label(x + barWidth / 2, height - bottom + 16, 10, months[i].Month[2..]));
        }
        for (var c = 0; c < columns.Count; c++)
        {
            var ly = top + c * 18;
            var lx = width - legendWidth + 10;
            shapes.Add(SvgShapeView.Rect(lx, ly, 12, 12, Palette[c % Palette.Length]));
            shapes.Add(SvgShapeView.Label(lx + 18, ly + 11, 12, columns[c].Value, anchor: null));
        }
        return new SvgChartView("monthly-chart", "各栏目每月发布量", "横轴为月份，纵轴为发布条数，颜色区分栏目；各月数字见下表。", width, height,
            new SvgLineView(left, height - bottom, width - legendWidth, height - bottom), shapes);
    }
}
