using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Applications.Letters;

/// <summary>
/// The legal basis a 答复书 cites for one result row of table 三, and what the agency decides. <see cref="Articles"/> is
/// empty where the regulation has no single article for the row (三(五)5, 三(六)3): the staff's reason, which the register
/// requires for those rows, then states the basis.
/// </summary>
public sealed record ReplyBasis(ApplicationRow Row, string Articles, string Decision)
{
    /// <summary>
    /// Every outcome but 予以公开 refuses the applicant something (a partial disclosure withholds the rest), so its letter
    /// states the remedies: 行政复议 within 60 days, 行政诉讼 within 6 months (Art. 51).
    /// </summary>
    public bool StatesRemedies => Row != ApplicationRow.Disclosed;
}

/// <summary>Which article of 《条例》 each result row of table 三 rests on (Art. 14–16, 30, 35–39, 42; 109号).</summary>
public static class ReplyBases
{
    public const string Regulation = "《中华人民共和国政府信息公开条例》";
    public const string FeeMeasures = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）";

    private const string Withhold = "本机关决定不予公开";
    private const string CannotProvide = "本机关无法提供";
    private const string NotProcess = "本机关不予处理";
    private const string NoLonger = "本机关不再处理该政府信息公开申请";

    private static readonly IReadOnlyDictionary<ApplicationRow, ReplyBasis> Table = new ReplyBasis[]
    {
        new(ApplicationRow.Disclosed, "第三十六条第（一）项、第（二）项", "本机关予以公开"),
        new(ApplicationRow.PartlyDisclosed, "第三十七条", "本机关对能够区分处理的部分予以公开，其余部分不予公开"),
        new(ApplicationRow.WithheldStateSecret, "第十四条", Withhold),
        new(ApplicationRow.WithheldForbiddenByLaw, "第十四条", Withhold),
        new(ApplicationRow.WithheldSecurityAndStability, "第十四条", Withhold),
        new(ApplicationRow.WithheldThirdPartyRights, "第十五条、第三十二条", Withhold),
        new(ApplicationRow.WithheldInternalAffairs, "第十六条第一款", Withhold),
        new(ApplicationRow.WithheldProcessInformation, "第十六条第二款", Withhold),
        new(ApplicationRow.WithheldEnforcementCaseFiles, "第十六条第二款", Withhold),
        new(ApplicationRow.WithheldAdministrativeQuery, "第三十六条第（七）项", "请依照有关法律、行政法规的规定办理"),
        new(ApplicationRow.UnavailableNotHeld, "第三十六条第（四）项、第（五）项", CannotProvide),
        new(ApplicationRow.UnavailableNeedsCreation, "第三十八条", CannotProvide),
        new(ApplicationRow.UnavailableStillUnclear, "第三十条", CannotProvide),
        new(ApplicationRow.NotProcessedPetition, "第三十九条第一款", "本机关不作为政府信息公开申请处理，请通过相应渠道提出"),
        new(ApplicationRow.NotProcessedRepeated, "第三十六条第（六）项", "本机关不予重复处理"),
        new(ApplicationRow.NotProcessedPublication, "第三十九条第二款", "本机关告知获取途径，不作为政府信息公开申请处理"),
        new(ApplicationRow.NotProcessedExcessive, "第三十五条", NotProcess),
        new(ApplicationRow.NotProcessedConfirmation, "", NotProcess),
        new(ApplicationRow.OtherNoClarification, "第三十条", NoLonger),
        new(ApplicationRow.OtherFeeUnpaid, "第四十二条", NoLonger),
        new(ApplicationRow.OtherOther, "", NoLonger),
    }.ToDictionary(b => b.Row);

    /// <summary>The basis of a result row; every leaf that <see cref="ApplicationRules.ParseOutcome"/> accepts has one.</summary>
    public static ReplyBasis Of(ApplicationRow row)
        => Table.TryGetValue(row, out var basis) ? basis : throw new ArgumentOutOfRangeException(nameof(row), row, "Not a result row of table 三.");

    /// <summary>"《条例》第十四条" for a row with an article, the regulation's name alone otherwise.</summary>
    public static string Citation(ReplyBasis basis)
        => basis.Row == ApplicationRow.OtherFeeUnpaid ? $"{Regulation}第四十二条和{FeeMeasures}"
            : basis.Articles.Length == 0 ? Regulation + "的有关规定" : Regulation + basis.Articles;
}
