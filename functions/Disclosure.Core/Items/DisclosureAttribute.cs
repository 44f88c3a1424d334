namespace Disclosure.Items;

/// <summary>公开属性, decided when a document is drafted (Regulation Art. 14–16, 20). Only Proactive items reach the portal.</summary>
public enum DisclosureAttribute
{
    Proactive,      // 主动公开
    OnRequest,      // 依申请公开
    NotDisclosed,   // 不予公开
}

/// <summary>公开范围.</summary>
public enum DisclosureScope
{
    Public,         // 面向社会
    Applicant,      // 面向申请人
}

/// <summary>有效性 (catalogue.md): a repealed or amended item keeps its page, marked, linking to its replacement.</summary>
public enum Validity
{
    InForce,        // 有效
    Expired,        // 失效
    Repealed,       // 废止
    Amended,        // 已修订
}

/// <summary>How an item relates to the item named in <see cref="DisclosureItem.RelatedItemId"/>.</summary>
public enum Relation
{
    None,
    Interprets,     // 政策解读 → the policy it explains
    Amends,         // 修订 → the original
    Repeals,        // 废止 → the original
}

public static class ItemVocabulary
{
    public static string ToChinese(this DisclosureAttribute value) => value switch
    {
        DisclosureAttribute.Proactive => "主动公开",
        DisclosureAttribute.OnRequest => "依申请公开",
        DisclosureAttribute.NotDisclosed => "不予公开",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string ToChinese(this DisclosureScope value) => value switch
    {
        DisclosureScope.Public => "面向社会",
        DisclosureScope.Applicant => "面向申请人",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string ToChinese(this Validity value) => value switch
    {
        Validity.InForce => "有效",
        Validity.Expired => "失效",
        Validity.Repealed => "废止",
        Validity.Amended => "已修订",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string ToChinese(this Relation value) => value switch
    {
        Relation.None => "无",
        Relation.Interprets => "解读",
        Relation.Amends => "修订",
        Relation.Repeals => "废止",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };
}
