namespace Disclosure.Compliance;

/// <summary>
/// What each rule is called where people read it (self-inspection report, its CSV): the stored ids
/// (<see cref="RuleIds"/>) are for programs and configuration, not for a 分管领导.
/// </summary>
public static class RuleNames
{
    private static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [RuleIds.ResidentId] = "居民身份证号码",
        [RuleIds.ResidentIdLegacy] = "15位旧版居民身份证号码",
        [RuleIds.ResidentIdUnverified] = "疑似居民身份证号码（校验位不符）",
        [RuleIds.Mobile] = "手机号码",
        [RuleIds.Landline] = "固定电话号码",
        [RuleIds.BankCard] = "银行卡号",
        [RuleIds.Passport] = "护照号码",
        [RuleIds.Email] = "电子邮箱",
        [RuleIds.IndividualBusinessCode] = "个体工商户统一社会信用代码",
        [RuleIds.SecrecyMarking] = "密级标志",
        [RuleIds.RestrictedPhrase] = "内部事项用语",
        [RuleIds.AttributeMismatch] = "公开属性与内容不符",
        [RuleIds.SensitiveWord] = "敏感词",
        [RuleIds.ExtractionFailed] = "附件无法读取",
        [RuleIds.EmbeddedPictures] = "附件含图片（须人工审查）",
        [RuleIds.DocumentNumber] = "文号格式",
        [RuleIds.FormedInFuture] = "成文日期晚于今天",
        [RuleIds.FormedAfterPublished] = "成文日期晚于发布日期",
        [RuleIds.UnknownColumn] = "栏目不存在",
        [RuleIds.RelationRequired] = "缺少关联信息",
        [RuleIds.RelatedItemMissing] = "关联信息不存在",
        [RuleIds.RelatedItemUnsuitable] = "关联信息不适用",
        [RuleIds.RelatedItemOfOtherDepartment] = "关联其他处室的信息",
        [RuleIds.Timeliness] = "公开时限",
        [RuleIds.CalendarMissing] = "缺少节假日安排",
    };

    /// <summary>The rule's Chinese name; an id without one (a rule newer than this table) is shown as it is stored.</summary>
    public static string Of(string ruleId) => Names.TryGetValue(ruleId, out var name) ? name : ruleId;

    public static bool IsNamed(string ruleId) => Names.ContainsKey(ruleId);
}
