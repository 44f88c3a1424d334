using System.Globalization;

namespace Disclosure.Inspection.AnnualReport;

/// <summary>One save of a year's figures that changed something: who, when, and each figure that changed.</summary>
public sealed record FiguresSave(DateTimeOffset At, string By, IReadOnlyList<FigureChange> Changes);

/// <summary>
/// One figure as it was and as it became, named as the national format names it (“表三 四、结转下年度继续办理 — 自然人”).
/// <see cref="Before"/> or <see cref="After"/> is 未填 for a figure not entered; an edited section's text is named, not copied.
/// </summary>
public sealed record FigureChange(string Figure, string Before, string After);

/// <summary>
/// The audit of the figures (who changed which figure, when): every figure of a saved record by its printed name, and
/// the differences between two records. The same names are used whatever form or API the save came through.
/// </summary>
public static class FiguresHistory
{
    /// <summary>
    /// The saves an archived part holds. The record keeps fewer than twice this many: when a save brings it to twice,
    /// the oldest part's worth goes to the archive, so the figures record (read and written whole on every save) stays
    /// bounded while nothing of the history is lost.
    /// </summary>
    public const int SavesPerArchivedPart = 50;
    public static IReadOnlyList<FigureChange> Changes(AnnualReportFigures? before, AnnualReportFigures after)
    {
        var old = Figures(before);
        var now = Figures(after);
        var changes = new List<FigureChange>();
        foreach (var (name, value) in now)
        {
            var was = old.TryGetValue(name, out var v) ? v : AnnualReportText.NotEntered;
            if (was != value) changes.Add(new FigureChange(name, was, value));
        }
        return changes;
    }

    /// <summary>Every figure of <paramref name="figures"/> (null: nothing entered) by name, in the order of the format.</summary>
    public static IReadOnlyDictionary<string, string> Figures(AnnualReportFigures? figures)
    {
        var f = (figures ?? new AnnualReportFigures { Year = 0 }).Normalized();
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        static string Count(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? AnnualReportText.NotEntered;
        static string Amount(decimal? n) => n?.ToString("0.####", CultureInfo.InvariantCulture) ?? AnnualReportText.NotEntered;

        all[$"表二 {AnnualReportText.Licensing}{AnnualReportText.DecisionsThisYear}"] = Count(f.LicensingDecisions);
        all[$"表二 {AnnualReportText.Penalties}{AnnualReportText.DecisionsThisYear}"] = Count(f.PenaltyDecisions);
        all[$"表二 {AnnualReportText.Enforcement}{AnnualReportText.DecisionsThisYear}"] = Count(f.EnforcementDecisions);
        all[$"表二 {AnnualReportText.AdministrativeFees}{AnnualReportText.FeesThisYear}"] = Amount(f.AdministrativeFeesTenThousandYuan);

        var table = new ApplicationTable(f.Applications);
        foreach (var row in ApplicationTableRows.All.Where(d => d.Kind == ApplicationRowKind.Leaf))
            foreach (var column in ApplicationTable.Columns)
                all[$"表三 {row.Label} — {AnnualReportText.ColumnName(column)}"] = table.IsEntered ? Count(table.Value(row.Row, column)) : AnnualReportText.NotEntered;

        foreach (var (block, counts) in new[]
        {
            (AnnualReportText.Reconsideration, f.Reconsideration),
            ($"{AnnualReportText.Litigation}—{AnnualReportText.LitigationDirect}", f.LitigationDirect),
            ($"{AnnualReportText.Litigation}—{AnnualReportText.LitigationAfterReconsideration}", f.LitigationAfterReconsideration),
        })
        {
            all[$"表四 {block} — {AnnualReportText.Upheld}"] = Count(counts?.Upheld);
            all[$"表四 {block} — {AnnualReportText.Corrected}"] = Count(counts?.Corrected);
            all[$"表四 {block} — {AnnualReportText.OtherResult}"] = Count(counts?.Other);
            all[$"表四 {block} — {AnnualReportText.Pending}"] = Count(counts?.Pending);
        }

        all[$"六 {ProcessingFeeNoticesName}"] = Count(f.ProcessingFeeNotices);
        all[$"六 {ProcessingFeeAmountName}"] = Amount(f.ProcessingFeeYuan);

        // A section's text is audited as changed or not: the record keeps the text itself once, not in every audit line.
        foreach (var (section, text) in new[]
        {
            (AnnualReportText.Section1Proactive, f.Texts.OverviewProactive), (AnnualReportText.Section1OnRequest, f.Texts.OverviewOnRequest),
            (AnnualReportText.Section1Management, f.Texts.OverviewManagement), (AnnualReportText.Section1Platform, f.Texts.OverviewPlatform),
            (AnnualReportText.Section1Oversight, f.Texts.OverviewOversight), (AnnualReportText.Section5, f.Texts.ProblemsAndImprovements),
            (AnnualReportText.Section6, f.Texts.OtherMatters),
        })
            all[$"{section}（文字）"] = text is null ? AnnualReportText.NotEntered : $"{text.Length}字，{TextFingerprint(text)}";
        return all;
    }

    public const string ProcessingFeeNoticesName = "信息处理费收费通知件数";
    public const string ProcessingFeeAmountName = "信息处理费金额（元）";

    /// <summary>A short, stable mark of a text, so that an edit of equal length still shows as a change.</summary>
    private static string TextFingerprint(string text)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return Convert.ToHexString(hash, 0, 4).ToLowerInvariant();
    }
}

/// <summary>
/// Where the older parts of a year's 修改记录 are kept, each holding <see cref="FiguresHistory.SavesPerArchivedPart"/>
/// saves, oldest first. A part's saves never change once saved, so writing a part again (two saves racing, one retried)
/// writes the same content: a part is written before the conditional save of the record that no longer holds its
/// saves, so every save is in the record, in a part, or briefly in both, never in neither.
/// </summary>
public interface IFiguresHistoryArchive
{
    Task SavePartAsync(int year, int part, IReadOnlyList<FiguresSave> saves, CancellationToken cancellationToken = default);

    /// <summary>The part's saves, oldest first; empty when the part was never written.</summary>
    Task<IReadOnlyList<FiguresSave>> GetPartAsync(int year, int part, CancellationToken cancellationToken = default);
}

/// <summary>
/// One page of a year's 修改记录, newest first: the record's own saves, or one archived part. <see cref="OlderPart"/> is
/// the part the next (older) page shows, null on the oldest page.
/// </summary>
public sealed record FiguresHistoryPage(IReadOnlyList<FiguresSave> Saves, int? OlderPart);
