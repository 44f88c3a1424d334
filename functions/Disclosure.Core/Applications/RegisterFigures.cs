using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Applications;

/// <summary>
/// Table 三 of the annual report as the register knows it (国办公开办函〔2021〕30号): per applicant column, 新收 (received
/// in the year), 上年结转 (received earlier, still open on 1 January), each outcome row (concluded in the year) and 结转下年度
/// (received by 31 December, still open then). By construction 新收 + 上年结转 = 总计 + 结转下年度 in every column.
/// </summary>
public static class RegisterFigures
{
    public static IReadOnlyDictionary<ApplicationRow, ApplicantCounts> TableThree(int year, IEnumerable<DisclosureApplication> register)
    {
        var counts = new Dictionary<ApplicationRow, int[]>();
        void Count(ApplicationRow row, ApplicantKind kind)
        {
            if (!counts.TryGetValue(row, out var columns)) counts[row] = columns = new int[Enum.GetValues<ApplicantColumn>().Length];
            columns[(int)kind.ToColumn()]++;
        }

        var yearStart = new DateOnly(year, 1, 1);
        var yearEnd = new DateOnly(year, 12, 31);
        foreach (var a in register)
        {
            if (a.ReceivedOn > yearEnd) continue;
            var concludedOn = a.ConcludedOn;
            if (concludedOn is { } earlier && earlier < yearStart) continue; // finished in an earlier year's report
            Count(a.ReceivedOn >= yearStart ? ApplicationRow.NewThisYear : ApplicationRow.CarriedOver, a.Applicant.Kind);
            if (concludedOn is { } on && on <= yearEnd) Count(a.OutcomeRow!.Value, a.Applicant.Kind);
            else Count(ApplicationRow.CarriedForward, a.Applicant.Kind);
        }
        return counts.ToDictionary(kv => kv.Key, kv => new ApplicantCounts(kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3], kv.Value[4], kv.Value[5]));
    }
}

/// <summary>
/// Section 六's 信息处理费 as the register knows it: the fee notices issued in the year, and the fees paid in the year
/// (each payment is the amount of the notice it answers; a notice that lapsed unpaid collected nothing).
/// </summary>
public static class FeeFigures
{
    public static (int Notices, decimal Yuan) ForYear(int year, IEnumerable<DisclosureApplication> register)
    {
        int notices = 0;
        decimal yuan = 0;
        foreach (var application in register)
        {
            ApplicationEvent? notice = null;
            foreach (var e in application.Events)
            {
                if (e.Kind == ApplicationEventKind.FeeNotified)
                {
                    notice = e;
                    if (e.On.Year == year) notices++;
                }
                else if (e.Kind == ApplicationEventKind.FeePaid && notice is not null)
                {
                    if (e.On.Year == year) yuan += notice.AmountYuan ?? 0;
                    notice = null;
                }
            }
        }
        return (notices, yuan);
    }
}

/// <summary>How a fee notice's amount was reached (109号): one application is charged one way, never both.</summary>
public enum FeeBasis
{
    /// <summary>按件计收: by the applicant's applications in the calendar month.</summary>
    ByCount,
    /// <summary>按量计收: by the pages provided for this application.</summary>
    ByPages,
}

/// <summary>
/// 信息处理费 (国办函〔2020〕109号). By count (按件计收): per applicant per calendar month, applications 1–10 are free,
/// 11–30 cost 100 yuan each, and from the 31st each further band of 10 costs 100 yuan more (31–40: 200, 41–50: 300 …).
/// By pages (按量计收), for the pages provided for one application: 1–30 free, then each page in 31–100 10 yuan, in
/// 101–200 20 yuan, above 200 40 yuan (each band charges only its own pages).
/// </summary>
public static class ProcessingFee
{
    /// <summary>The pages charged by quantity: (first page, last page or null for no end, yuan per page).</summary>
    public static readonly IReadOnlyList<(int From, int? To, int YuanPerPage)> PageBands = [(31, 100, 10), (101, 200, 20), (201, null, 40)];

    public const int FreePages = 30;

    public static int ByPagesYuan(int pages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, 1);
        var yuan = 0;
        foreach (var (from, to, perPage) in PageBands)
        {
            if (pages < from) break;
            yuan += ((to is { } last ? Math.Min(pages, last) : pages) - from + 1) * perPage;
        }
        return yuan;
    }

    public static string Code(this FeeBasis basis) => basis == FeeBasis.ByPages ? "by-pages" : "by-count";

    public static string ToChinese(this FeeBasis basis) => basis == FeeBasis.ByPages ? "按量计收" : "按件计收";

    public static int ByCountYuan(int nthApplicationInMonth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nthApplicationInMonth, 1);
        if (nthApplicationInMonth <= 10) return 0;
        if (nthApplicationInMonth <= 30) return 100;
        return 100 * (1 + (nthApplicationInMonth - 21) / 10);
    }

    /// <summary>
    /// Which of the month's applications <paramref name="application"/> is for its applicant, counting every application
    /// the register holds from the same applicant (same identity document) received in the same calendar month, in order of receipt.
    /// </summary>
    public static int NthInMonth(DisclosureApplication application, IEnumerable<DisclosureApplication> register)
    {
        var sameMonth = register
            .Where(a => a.Applicant.IdDocumentType == application.Applicant.IdDocumentType && a.Applicant.IdDocumentNumber == application.Applicant.IdDocumentNumber)
            .Where(a => a.ReceivedOn.Year == application.ReceivedOn.Year && a.ReceivedOn.Month == application.ReceivedOn.Month)
            .OrderBy(a => a.ReceivedOn).ThenBy(a => a.Number.Serial)
            .ToList();
        var index = sameMonth.FindIndex(a => a.Id == application.Id);
        return index < 0 ? sameMonth.Count + 1 : index + 1;
    }
}
