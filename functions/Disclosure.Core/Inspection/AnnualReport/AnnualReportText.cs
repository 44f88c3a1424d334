namespace Disclosure.Inspection.AnnualReport;

/// <summary>
/// The fixed wording of the report, as the national format (国办公开办函〔2021〕30号) prints it. Kept in one place so the HTML
/// page, the DOCX and the validation messages say exactly the same thing.
/// </summary>
public static class AnnualReportText
{
    public static string Title(string agencyName, int year) => $"{agencyName}{year}年政府信息公开工作年度报告";

    public const string Section1 = "一、总体情况";
    public const string Section1Proactive = "（一）主动公开";
    public const string Section1OnRequest = "（二）依申请公开";
    public const string Section1Management = "（三）政府信息管理";
    public const string Section1Platform = "（四）平台建设";
    public const string Section1Oversight = "（五）监督保障";
    public const string Section2 = "二、主动公开政府信息情况";
    public const string Section3 = "三、收到和处理政府信息公开申请情况";
    public const string Section4 = "四、政府信息公开行政复议、行政诉讼情况";
    public const string Section5 = "五、存在的主要问题及改进情况";
    public const string Section6 = "六、其他需要报告的事项";

    // Table 二.
    public const string Article20Item1 = "第二十条第（一）项";
    public const string Article20Item5 = "第二十条第（五）项";
    public const string Article20Item6 = "第二十条第（六）项";
    public const string Article20Item8 = "第二十条第（八）项";
    public const string InformationContent = "信息内容";
    public const string IssuedThisYear = "本年制发件数";
    public const string RepealedThisYear = "本年废止件数";
    public const string InForceNow = "现行有效件数";
    public const string DecisionsThisYear = "本年处理决定数量";
    public const string FeesThisYear = "本年收费金额（单位：万元）";
    public const string Rules = "规章";
    public const string NormativeDocuments = "行政规范性文件";
    public const string Licensing = "行政许可";
    public const string Penalties = "行政处罚";
    public const string Enforcement = "行政强制";
    public const string AdministrativeFees = "行政事业性收费";

    // Table 三.
    public const string ApplicationsCheckNote = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
    public const string ApplicantSituation = "申请人情况";
    public const string NaturalPersons = "自然人";
    public const string Organisations = "法人或其他组织";
    public const string Total = "总计";

    public static string ColumnName(ApplicantColumn column) => column switch
    {
        ApplicantColumn.NaturalPersons => NaturalPersons,
        ApplicantColumn.Businesses => "商业企业",
        ApplicantColumn.ResearchInstitutions => "科研机构",
        ApplicantColumn.PublicWelfareOrganisations => "社会公益组织",
        ApplicantColumn.LegalServiceProviders => "法律服务机构",
        ApplicantColumn.OtherOrganisations => "其他",
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    /// <summary>The column as a validation message names it: "自然人", "法人或其他组织—科研机构", "总计".</summary>
    public static string ColumnMessageName(ApplicantColumn? column) => column switch
    {
        null => Total,
        ApplicantColumn.NaturalPersons => NaturalPersons,
        _ => $"{Organisations}—{ColumnName(column.Value)}",
    };

    // Table 四.
    public const string Reconsideration = "行政复议";
    public const string Litigation = "行政诉讼";
    public const string LitigationDirect = "未经复议直接起诉";
    public const string LitigationAfterReconsideration = "复议后起诉";
    public const string Upheld = "结果维持";
    public const string Corrected = "结果纠正";
    public const string OtherResult = "其他结果";
    public const string Pending = "尚未审结";

    // Captions (the format's tables have none; the page needs them for screen readers).
    public const string Table2Caption = "主动公开政府信息情况";
    public const string Table3Caption = "收到和处理政府信息公开申请情况";
    public const string Table4Caption = "政府信息公开行政复议、行政诉讼情况";

    /// <summary>Printed in place of a figure nobody entered: a 0 would state a fact the bureau never reported.</summary>
    public const string NotEntered = "未填";

    public const string SourceCatalogue = "据本机关政府信息公开目录中本年公开的处理决定统计";
    public const string SourceEntered = "为本机关填报数";
}
