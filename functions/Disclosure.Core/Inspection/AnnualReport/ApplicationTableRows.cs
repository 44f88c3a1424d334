namespace Disclosure.Inspection.AnnualReport;

/// <summary>How a row of table 三 behaves: entered leaf figures, a parent whose figures are its sub-rows' sum, or the (七) total.</summary>
public enum ApplicationRowKind
{
    Leaf,
    Parent,
    ResultTotal,
}

/// <summary>
/// One row of table 三 as the national format prints it. <see cref="Code"/> is how validation messages name the row
/// ("一", "三(七)", "三(三)1"), <see cref="Label"/> the printed text.
/// </summary>
public sealed record ApplicationRowDefinition(ApplicationRow Row, string Code, string Label, ApplicationRowKind Kind, ApplicationRow? Parent = null);

/// <summary>The rows of table 三 in print order, with the wording of 国办公开办函〔2021〕30号.</summary>
public static class ApplicationTableRows
{
    public const string ResultsGroupLabel = "三、本年度办理结果";

    public static readonly IReadOnlyList<ApplicationRowDefinition> All =
    [
        new(ApplicationRow.NewThisYear, "一", "一、本年新收政府信息公开申请数量", ApplicationRowKind.Leaf),
        new(ApplicationRow.CarriedOver, "二", "二、上年结转政府信息公开申请数量", ApplicationRowKind.Leaf),
        new(ApplicationRow.Disclosed, "三(一)", "（一）予以公开", ApplicationRowKind.Leaf),
        new(ApplicationRow.PartlyDisclosed, "三(二)", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ApplicationRowKind.Leaf),
        new(ApplicationRow.Withheld, "三(三)", "（三）不予公开", ApplicationRowKind.Parent),
        new(ApplicationRow.WithheldStateSecret, "三(三)1", "1.属于国家秘密", ApplicationRowKind.Leaf, ApplicationRow.Withheld),
        new(ApplicationRow.WithheldForbiddenByLaw, "三(三)2", "2.其他法律行政法规禁止公开", ApplicationRowKind.Leaf, ApplicationRow.Withheld),
        new(ApplicationRow.WithheldSecurityAndStability, "三(三)3", "3.危及“三安全一稳定”", ApplicationRowKind.Leaf, ApplicationRow.Withheld),
        new(ApplicationRow.WithheldThirdPartyRights, "三(三)4", "4.保护第三方合法权益", ApplicationRowKind.Leaf, ApplicationRow.Withheld),
        new(ApplicationRow.WithheldInternalAffairs, "三(三)5", "5.属于三类内部事务信息", ApplicationRowKind.Leaf, ApplicationRow.Withheld),
        new(ApplicationRow.WithheldProcessInformation, "三(三)6", "6.属于四类过程性信息", ApplicationRowKind.Leaf, ApplicationRow.Withheld),
        new(ApplicationRow.WithheldEnforcementCaseFiles, "三(三)7", "7.属于行政执法案卷", ApplicationRowKind.Leaf, ApplicationRow.Withheld),
        new(ApplicationRow.WithheldAdministrativeQuery, "三(三)8", "8.属于行政查询事项", ApplicationRowKind.Leaf, ApplicationRow.Withheld),
        new(ApplicationRow.Unavailable, "三(四)", "（四）无法提供", ApplicationRowKind.Parent),
        new(ApplicationRow.UnavailableNotHeld, "三(四)1", "1.本机关不掌握相关政府信息", ApplicationRowKind.Leaf, ApplicationRow.Unavailable),
        new(ApplicationRow.UnavailableNeedsCreation, "三(四)2", "2.没有现成信息需要另行制作", ApplicationRowKind.Leaf, ApplicationRow.Unavailable),
        new(ApplicationRow.UnavailableStillUnclear, "三(四)3", "3.补正后申请内容仍不明确", ApplicationRowKind.Leaf, ApplicationRow.Unavailable),
        new(ApplicationRow.NotProcessed, "三(五)", "（五）不予处理", ApplicationRowKind.Parent),
        new(ApplicationRow.NotProcessedPetition, "三(五)1", "1.信访举报投诉类申请", ApplicationRowKind.Leaf, ApplicationRow.NotProcessed),
        new(ApplicationRow.NotProcessedRepeated, "三(五)2", "2.重复申请", ApplicationRowKind.Leaf, ApplicationRow.NotProcessed),
        new(ApplicationRow.NotProcessedPublication, "三(五)3", "3.要求提供公开出版物", ApplicationRowKind.Leaf, ApplicationRow.NotProcessed),
        new(ApplicationRow.NotProcessedExcessive, "三(五)4", "4.无正当理由大量反复申请", ApplicationRowKind.Leaf, ApplicationRow.NotProcessed),
        new(ApplicationRow.NotProcessedConfirmation, "三(五)5", "5.要求行政机关确认或重新出具已获取信息", ApplicationRowKind.Leaf, ApplicationRow.NotProcessed),
        new(ApplicationRow.OtherHandling, "三(六)", "（六）其他处理", ApplicationRowKind.Parent),
        new(ApplicationRow.OtherNoClarification, "三(六)1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ApplicationRowKind.Leaf, ApplicationRow.OtherHandling),
        new(ApplicationRow.OtherFeeUnpaid, "三(六)2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", ApplicationRowKind.Leaf, ApplicationRow.OtherHandling),
        new(ApplicationRow.OtherOther, "三(六)3", "3.其他", ApplicationRowKind.Leaf, ApplicationRow.OtherHandling),
        new(ApplicationRow.ResultTotal, "三(七)", "（七）总计", ApplicationRowKind.ResultTotal),
        new(ApplicationRow.CarriedForward, "四", "四、结转下年度继续办理", ApplicationRowKind.Leaf),
    ];

    public static ApplicationRowDefinition Get(ApplicationRow row) => All.First(d => d.Row == row);

    public static IEnumerable<ApplicationRowDefinition> ChildrenOf(ApplicationRow parent) => All.Where(d => d.Parent == parent);

    /// <summary>The rows whose figures make up (七): (一), (二) and every sub-row of (三)…(六).</summary>
    public static IEnumerable<ApplicationRowDefinition> ResultRows =>
        All.Where(d => d.Kind == ApplicationRowKind.Leaf && (d.Parent is not null || d.Row is ApplicationRow.Disclosed or ApplicationRow.PartlyDisclosed));

    /// <summary>True for the rows printed inside the "三、本年度办理结果" group.</summary>
    public static bool IsResultRow(ApplicationRow row) => row is not (ApplicationRow.NewThisYear or ApplicationRow.CarriedOver or ApplicationRow.CarriedForward);
}
