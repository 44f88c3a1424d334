using System.Globalization;

namespace Disclosure.Inspection.AnnualReport;

/// <summary>
/// Refuses figures the national format would print inconsistently. The rules (国办公开办函〔2021〕30号, table 三's own note):
/// per column 一 + 二 = 三(七) + 四; 三(七) = 三(一) + … + 三(六); a parent row equals its sub-rows; 总计 equals the sum of the
/// applicant columns; in table 四 each 总计 equals its four outcomes. Every figure is a non-negative count or amount.
/// Messages are Chinese and name the column and the difference, so the administrator can find the wrong cell.
/// </summary>
public static class AnnualReportFiguresValidator
{
    /// <summary>The regulation took effect on 1 May 2008; no annual report exists before that year.</summary>
    public const int FirstReportYear = 2008;

    /// <summary>Room for a long section without letting one field grow the stored record without bound.</summary>
    public const int MaxSectionTextLength = 20_000;

    public static IReadOnlyList<string> Validate(AnnualReportFigures figures, int currentYear) => Validate(figures, currentYear, null);

    /// <param name="previousYear">The previous year's saved figures, if any: its 四、结转下年度继续办理 is this year's 二、上年结转.</param>
    public static IReadOnlyList<string> Validate(AnnualReportFigures figures, int currentYear, AnnualReportFigures? previousYear)
    {
        figures = figures.Normalized();
        var errors = new List<string>();
        if (figures.Year < FirstReportYear || figures.Year > currentYear)
            errors.Add($"年度{figures.Year}无效：应在{FirstReportYear}年至{currentYear}年之间");

        CheckNegatives(figures, errors);
        CheckApplications(figures.Applications, errors);
        CheckOutcome(AnnualReportText.Reconsideration, figures.Reconsideration, errors);
        CheckOutcome($"{AnnualReportText.Litigation}—{AnnualReportText.LitigationDirect}", figures.LitigationDirect, errors);
        CheckOutcome($"{AnnualReportText.Litigation}—{AnnualReportText.LitigationAfterReconsideration}", figures.LitigationAfterReconsideration, errors);
        CheckTexts(figures.Texts, errors);
        if (ProcessingFeeMismatch(figures) is { } fee) errors.Add(fee);
        errors.AddRange(CarriedOverMismatches(figures, previousYear));
        return errors;
    }

    /// <summary>
    /// Table 三, row 二 (上年结转) must be what the previous year's report carried forward in row 四 (结转下年度继续办理),
    /// column by column: the applications are the same ones, counted at the turn of the year (国办公开办函〔2021〕30号).
    /// Nothing to compare while either year's table 三 is not entered. Each message names both figures.
    /// </summary>
    public static IReadOnlyList<string> CarriedOverMismatches(AnnualReportFigures figures, AnnualReportFigures? previousYear)
    {
        figures = figures.Normalized();
        var errors = new List<string>();
        if (previousYear?.Normalized() is not { } previous || previous.Year != figures.Year - 1) return errors;
        var now = new ApplicationTable(figures.Applications);
        var before = new ApplicationTable(previous.Applications);
        if (!now.IsEntered || !before.IsEntered) return errors;

        foreach (var column in ApplicationTable.Columns)
        {
            int carriedOver = now.Value(ApplicationRow.CarriedOver, column), carriedForward = before.Value(ApplicationRow.CarriedForward, column);
            if (carriedOver != carriedForward)
                errors.Add($"{AnnualReportText.ColumnMessageName(column)}：{figures.Year}年“二、上年结转政府信息公开申请数量”={carriedOver}，"
                         + $"{previous.Year}年报告“四、结转下年度继续办理”={carriedForward}，两者应相等");
        }
        return errors;
    }

    /// <summary>
    /// Section 六: a 信息处理费 is collected only after a fee notice (国办函〔2020〕109号: the office sends a 收费通知, the
    /// applicant then pays), so an amount above zero with no notices is a typing error. Null when consistent.
    /// </summary>
    public static string? ProcessingFeeMismatch(AnnualReportFigures figures) =>
        figures.ProcessingFeeYuan > 0 && figures.ProcessingFeeNotices is null or 0
            ? $"信息处理费金额为{figures.ProcessingFeeYuan.Value.ToString("0.##", CultureInfo.InvariantCulture)}元，但收费通知件数为{figures.ProcessingFeeNotices?.ToString(CultureInfo.InvariantCulture) ?? "未填"}：收取费用须先发出收费通知，请填写件数"
            : null;

    private static void CheckNegatives(AnnualReportFigures f, List<string> errors)
    {
        void Count(string name, int? value)
        {
            if (value < 0) errors.Add($"{name}填报为{value}，不能为负数");
        }
        void Amount(string name, decimal? value)
        {
            if (value < 0) errors.Add($"{name}填报为{value.Value.ToString(CultureInfo.InvariantCulture)}，不能为负数");
        }

        foreach (var (row, counts) in f.Applications)
        {
            var definition = ApplicationTableRows.Get(row);
            foreach (var column in ApplicationTable.Columns)
                Count($"{AnnualReportText.ColumnMessageName(column)}：{definition.Code}", counts[column]);
            Count($"{AnnualReportText.Total}：{definition.Code}", counts.Total);
        }
        foreach (var (name, o) in Outcomes(f))
        {
            if (o is null) continue;
            Count($"{name}—{AnnualReportText.Upheld}", o.Upheld);
            Count($"{name}—{AnnualReportText.Corrected}", o.Corrected);
            Count($"{name}—{AnnualReportText.OtherResult}", o.Other);
            Count($"{name}—{AnnualReportText.Pending}", o.Pending);
            Count($"{name}—{AnnualReportText.Total}", o.Total);
        }
        Count($"{AnnualReportText.Licensing}{AnnualReportText.DecisionsThisYear}", f.LicensingDecisions);
        Count($"{AnnualReportText.Penalties}{AnnualReportText.DecisionsThisYear}", f.PenaltyDecisions);
        Count($"{AnnualReportText.Enforcement}{AnnualReportText.DecisionsThisYear}", f.EnforcementDecisions);
        Amount($"{AnnualReportText.AdministrativeFees}{AnnualReportText.FeesThisYear}", f.AdministrativeFeesTenThousandYuan);
        Count("信息处理费收费通知件数", f.ProcessingFeeNotices);
        Amount("信息处理费金额", f.ProcessingFeeYuan);
    }

    private static IEnumerable<(string Name, OutcomeCounts? Counts)> Outcomes(AnnualReportFigures f) =>
    [
        (AnnualReportText.Reconsideration, f.Reconsideration),
        ($"{AnnualReportText.Litigation}—{AnnualReportText.LitigationDirect}", f.LitigationDirect),
        ($"{AnnualReportText.Litigation}—{AnnualReportText.LitigationAfterReconsideration}", f.LitigationAfterReconsideration),
    ];

    private static void CheckApplications(IReadOnlyDictionary<ApplicationRow, ApplicantCounts> entered, List<string> errors)
    {
        var table = new ApplicationTable(entered);

        foreach (var column in ApplicationTable.Columns)
        {
            var name = AnnualReportText.ColumnMessageName(column);

            // An entered subtotal for (三)…(六) must agree with its sub-rows.
            foreach (var parent in ApplicationTableRows.All.Where(d => d.Kind == ApplicationRowKind.Parent))
            {
                if (!entered.TryGetValue(parent.Row, out var subtotal)) continue;
                int stated = subtotal[column], summed = table.Value(parent.Row, column);
                if (stated != summed)
                    errors.Add($"{name}：{parent.Code}={stated}，其下各项之和={summed}，相差{Math.Abs(stated - summed)}");
            }

            // An entered (七) must be the sum of (一)…(六).
            var resultTotal = table.Value(ApplicationRow.ResultTotal, column);
            if (entered.TryGetValue(ApplicationRow.ResultTotal, out var statedTotal) && statedTotal[column] != resultTotal)
                errors.Add($"{name}：三(七)={statedTotal[column]}，三(一)至三(六)之和={resultTotal}，相差{Math.Abs(statedTotal[column] - resultTotal)}");

        }

        foreach (var balance in Balances(entered).Where(b => !b.Holds))
            errors.Add($"{AnnualReportText.ColumnMessageName(balance.Column)}：{balance.Describe()}");

        // 总计 as entered must be the sum of the applicant columns, row by row.
        foreach (var definition in ApplicationTableRows.All)
        {
            if (!entered.TryGetValue(definition.Row, out var counts) || counts.Total is not int stated) continue;
            var summed = counts.ComputedTotal;
            if (stated != summed)
                errors.Add($"{AnnualReportText.Total}：{definition.Code}总计={stated}，各列之和={summed}，相差{Math.Abs(stated - summed)}");
        }
    }

    /// <summary>
    /// The format's own check, printed above table 三, for each applicant column: 一 + 二 = 三(七) + 四 (what came in was
    /// either answered or carried forward). The figures page shows a failing column beside its cells.
    /// </summary>
    public static IReadOnlyList<ColumnBalance> Balances(IReadOnlyDictionary<ApplicationRow, ApplicantCounts> entered)
    {
        var table = new ApplicationTable(entered);
        return ApplicationTable.Columns.Select(column => new ColumnBalance(column,
            table.Value(ApplicationRow.NewThisYear, column) + table.Value(ApplicationRow.CarriedOver, column),
            table.Value(ApplicationRow.ResultTotal, column) + table.Value(ApplicationRow.CarriedForward, column))).ToList();
    }

    private static void CheckOutcome(string name, OutcomeCounts? counts, List<string> errors)
    {
        if (counts?.Total is not int stated) return;
        var summed = counts.ComputedTotal;
        if (stated != summed)
            errors.Add($"{name}：总计={stated}，结果维持+结果纠正+其他结果+尚未审结={summed}，相差{Math.Abs(stated - summed)}");
    }

    private static void CheckTexts(ReportTexts texts, List<string> errors)
    {
        foreach (var (name, text) in new[]
        {
            (AnnualReportText.Section1Proactive, texts.OverviewProactive),
            (AnnualReportText.Section1OnRequest, texts.OverviewOnRequest),
            (AnnualReportText.Section1Management, texts.OverviewManagement),
            (AnnualReportText.Section1Platform, texts.OverviewPlatform),
            (AnnualReportText.Section1Oversight, texts.OverviewOversight),
            (AnnualReportText.Section5, texts.ProblemsAndImprovements),
            (AnnualReportText.Section6, texts.OtherMatters),
        })
        {
            if (text is not null && text.Length > MaxSectionTextLength)
                errors.Add($"“{name}”正文过长（{text.Length}字），不能超过{MaxSectionTextLength}字");
        }
    }
}

/// <summary>One applicant column of table 三: 一 + 二 (<see cref="Received"/>) against 三(七) + 四 (<see cref="Handled"/>).</summary>
public sealed record ColumnBalance(ApplicantColumn Column, int Received, int Handled)
{
    public bool Holds => Received == Handled;

    public string Describe() => $"一+二={Received}，三(七)+四={Handled}，相差{Math.Abs(Received - Handled)}";
}
