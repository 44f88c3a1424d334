using System.Globalization;
using Disclosure.Catalogue;

namespace Disclosure.Inspection.AnnualReport;

/// <summary>The year's statistics a draft is written from.</summary>
public sealed record DraftFacts(
    int Year,
    CatalogueSettings Catalogue,
    IReadOnlyList<(string ColumnName, int Count)> PublishedByColumn,
    int InterpretationsPublished,
    int SubmittedThisYear,
    int PublishedOfSubmitted,
    int LatePublications,
    ProactiveDisclosureTable Table2,
    ApplicationTable Applications,
    AnnualReportFigures? Figures,
    ReviewStatement? Review = null);

/// <summary>
/// First drafts of the sections the format leaves to the bureau (一, 五, 六), written only from what the system knows.
/// They state figures, never claims the records cannot back; where only the bureau can say something (五's
/// improvements) the draft leaves a visible 【待填写】 so an unedited draft is not mistaken for a finished report.
/// </summary>
public static class AnnualReportDrafts
{
    public const string ToBeWritten = "【待填写】";

    public static string Proactive(DraftFacts f)
    {
        var total = f.PublishedByColumn.Sum(c => c.Count);
        if (total == 0)
            return $"{f.Year}年，本机关未通过政府信息公开专栏主动公开政府信息。";
        var parts = string.Join("，", f.PublishedByColumn.Where(c => c.Count > 0).Select(c => $"{c.ColumnName}{c.Count}条"));
        var n = f.Table2.NormativeDocuments;
        return $"{f.Year}年，本机关通过政府信息公开专栏主动公开政府信息{total}条，其中{parts}。"
             + $"本年制发行政规范性文件{n.IssuedThisYear}件，废止{n.RepealedThisYear}件，截至年底现行有效{n.InForceAtYearEnd}件；发布政策解读{f.InterpretationsPublished}条。";
    }

    public static string OnRequest(DraftFacts f)
    {
        if (!f.Applications.IsEntered)
            return $"{f.Year}年依申请公开情况（表三）{AnnualReportText.NotEntered}：{ToBeWritten}";
        int V(ApplicationRow row) => f.Applications.Value(row, null);
        return $"{f.Year}年，本机关新收政府信息公开申请{V(ApplicationRow.NewThisYear)}件，上年结转{V(ApplicationRow.CarriedOver)}件；"
             + $"本年度办结{V(ApplicationRow.ResultTotal)}件，其中予以公开{V(ApplicationRow.Disclosed)}件，部分公开{V(ApplicationRow.PartlyDisclosed)}件，"
             + $"不予公开{V(ApplicationRow.Withheld)}件，无法提供{V(ApplicationRow.Unavailable)}件，不予处理{V(ApplicationRow.NotProcessed)}件，"
             + $"其他处理{V(ApplicationRow.OtherHandling)}件；结转下年度继续办理{V(ApplicationRow.CarriedForward)}件。";
    }

    public static string Management(DraftFacts f)
    {
        var rules = f.Table2.Rules;
        var normative = f.Table2.NormativeDocuments;
        // 条例第十七条: whether everything was reviewed is read from the audit trail, and said as it is; unread, nothing is claimed.
        var review = f.Review?.Text(ReviewStatement.Year(f.Year)) ?? "";
        return $"{review}{f.Year}年各处室共提交拟公开信息{f.SubmittedThisYear}条，其中已发布{f.PublishedOfSubmitted}条。"
             + $"截至{f.Year}年底，本机关现行有效的规章{rules.InForceAtYearEnd}件、行政规范性文件{normative.InForceAtYearEnd}件；"
             + "已废止或已修订的文件在原文页面标注有效性，并链接至替代文件。";
    }

    public static string Platform(DraftFacts f)
    {
        var site = string.IsNullOrWhiteSpace(f.Catalogue.Agency.SiteBaseUrl) ? "" : $"（{f.Catalogue.Agency.SiteBaseUrl}）";
        var topColumns = f.Catalogue.Columns.Count(c => c.ParentCode is null);
        return $"本机关依托门户网站{site}政府信息公开专栏发布政府信息，专栏设置{topColumns}个目录栏目，提供检索、查阅和下载功能，"
             + "政府信息公开指南和政府信息公开目录随信息变化及时更新。";
    }

    public static string Oversight(DraftFacts f)
    {
        if (f.Figures is not { Reconsideration: { } reconsideration, LitigationDirect: { } direct, LitigationAfterReconsideration: { } after })
            return $"{f.Year}年行政复议、行政诉讼情况（表四）{AnnualReportText.NotEntered}：{ToBeWritten}";
        var litigation = direct.ComputedTotal + after.ComputedTotal;
        return $"{f.Year}年，本机关因政府信息公开工作被申请行政复议{reconsideration.ComputedTotal}件，"
             + $"被提起行政诉讼{litigation}件（其中未经复议直接起诉{direct.ComputedTotal}件，复议后起诉{after.ComputedTotal}件）。";
    }

    public static string Problems(DraftFacts f)
    {
        var problem = f.LatePublications > 0
            ? $"{f.Year}年有{f.LatePublications}条主动公开信息未在法定期限内公开（《中华人民共和国政府信息公开条例》第二十六条等，转发文件自收到之日起计算），公开时效有待提高。"
            : ToBeWritten;
        return $"（一）存在的主要问题：{problem}\n（二）改进情况：{ToBeWritten}";
    }

    public static string OtherMatters(DraftFacts f)
    {
        // "未收取" is a claim: it is written only from entered zeros, never from a figure nobody entered.
        if (f.Figures is not { ProcessingFeeNotices: int notices, ProcessingFeeYuan: decimal yuan })
            return $"{f.Year}年信息处理费收取情况{AnnualReportText.NotEntered}：{ToBeWritten}";
        return notices == 0 && yuan == 0
            ? $"{f.Year}年，本机关未收取政府信息公开信息处理费。"
            : $"{f.Year}年，本机关依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）发出收费通知{notices}件，收取信息处理费{yuan.ToString("0.##", CultureInfo.InvariantCulture)}元。";
    }
}
