namespace Disclosure.Inspection.AnnualReport;

/// <summary>
/// What the register of applications (依申请公开) knows of one year's report: table 三, table 四 (the challenges recorded
/// against its replies) and section 六's 信息处理费 (fee notices issued and fees paid in the year). The report prefers these figures
/// to hand-entered ones because they are computed from the recorded events; hand entry remains for what the register
/// cannot know (a year before the register existed, or applications it never held).
/// </summary>
public sealed record RegisterYearFigures(int Year, IReadOnlyDictionary<ApplicationRow, ApplicantCounts> Applications)
{
    public OutcomeCounts Reconsideration { get; init; } = new();
    public OutcomeCounts LitigationDirect { get; init; } = new();
    public OutcomeCounts LitigationAfterReconsideration { get; init; } = new();
    /// <summary>Fee notices (收费通知) issued in the year.</summary>
    public int ProcessingFeeNotices { get; init; }
    /// <summary>Fees paid in the year, in 元: each payment is the amount of the notice it answers.</summary>
    public decimal ProcessingFeeYuan { get; init; }

    /// <summary>True when the register held an application counted in the year's table 三.</summary>
    public bool HasApplications => Applications.Values.Any(c => c.ComputedTotal > 0);

    /// <summary>True when the register has anything for the year's report: then its figures replace hand entry.</summary>
    public bool IsInUse => HasApplications
        || Reconsideration.ComputedTotal + LitigationDirect.ComputedTotal + LitigationAfterReconsideration.ComputedTotal > 0
        || ProcessingFeeNotices > 0 || ProcessingFeeYuan > 0;
}

/// <summary>The register as the annual report reads it; implemented by the applications feature.</summary>
public interface IRegisterFigureSource
{
    Task<RegisterYearFigures> ForYearAsync(int year, CancellationToken cancellationToken);
}

/// <summary>Puts the register's figures in place of hand-entered ones and says where the two disagree.</summary>
public static class RegisterFigureMerge
{
    /// <summary>
    /// The figures the report prints: <paramref name="entered"/> with table 三 replaced by the register's when the register
    /// holds applications for the year. Every cell where both exist and differ becomes a warning naming both figures, so
    /// the administrator can find the application the register lacks or the typing error.
    /// </summary>
    public static AnnualReportFigures? Merge(int year, AnnualReportFigures? entered, RegisterYearFigures? register, List<string> warnings)
    {
        if (register is null || register.Year != year || !register.IsInUse) return entered;
        if (entered is { Applications.Count: > 0 })
            warnings.AddRange(TableThreeDifferences(new ApplicationTable(register.Applications), new ApplicationTable(entered.Applications)));
        warnings.AddRange(TableFourDifference(AnnualReportText.Reconsideration, register.Reconsideration, entered?.Reconsideration));
        warnings.AddRange(TableFourDifference(AnnualReportText.LitigationDirect, register.LitigationDirect, entered?.LitigationDirect));
        warnings.AddRange(TableFourDifference(AnnualReportText.LitigationAfterReconsideration, register.LitigationAfterReconsideration, entered?.LitigationAfterReconsideration));
        if (entered?.ProcessingFeeNotices is { } notices && notices != register.ProcessingFeeNotices)
            warnings.Add($"信息处理费收费通知件数：申请登记簿计为 {register.ProcessingFeeNotices}，手工填报为 {notices}；报告采用登记簿的数字。");
        if (entered?.ProcessingFeeYuan is { } yuan && yuan != register.ProcessingFeeYuan)
            warnings.Add($"信息处理费金额（元）：申请登记簿计为 {register.ProcessingFeeYuan:0.##}，手工填报为 {yuan:0.##}；报告采用登记簿的数字。");
        return (entered ?? new AnnualReportFigures { Year = year }) with
        {
            ProcessingFeeNotices = register.ProcessingFeeNotices,
            ProcessingFeeYuan = register.ProcessingFeeYuan,
            Applications = register.Applications,
            Reconsideration = register.Reconsideration,
            LitigationDirect = register.LitigationDirect,
            LitigationAfterReconsideration = register.LitigationAfterReconsideration,
        };
    }

    private static IEnumerable<string> TableFourDifference(string block, OutcomeCounts computed, OutcomeCounts? typed)
    {
        if (typed is null) yield break;
        (string Name, int Computed, int Typed)[] cells =
        [
            ("结果维持", computed.Upheld, typed.Upheld), ("结果纠正", computed.Corrected, typed.Corrected),
            ("其他结果", computed.Other, typed.Other), ("尚未审结", computed.Pending, typed.Pending),
        ];
        foreach (var (name, c, t) in cells)
            if (c != t) yield return $"表四 {block}（{name}）：申请登记簿计为 {c}，手工填报为 {t}；报告采用登记簿的数字。";
    }

    private static IEnumerable<string> TableThreeDifferences(ApplicationTable fromRegister, ApplicationTable handEntered)
    {
        foreach (var row in ApplicationTableRows.All.Where(d => d.Kind == ApplicationRowKind.Leaf))
            foreach (var column in ApplicationTable.Columns)
            {
                int computed = fromRegister.Value(row.Row, column), typed = handEntered.Value(row.Row, column);
                if (computed != typed)
                    yield return $"表三 {row.Code}（{AnnualReportText.ColumnMessageName(column)}）：申请登记簿计为 {computed}，手工填报为 {typed}；报告采用登记簿的数字。";
            }
    }
}
