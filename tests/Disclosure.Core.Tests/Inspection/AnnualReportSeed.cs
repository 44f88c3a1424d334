using Disclosure.Inspection.AnnualReport;
using Disclosure.Items;

namespace Disclosure.Tests.Inspection;

/// <summary>
/// A year (2025) of the bureau's catalogue with known answers, and a consistent figures record. Each item says in its
/// title why it counts or does not, so a failing assertion can be traced to the item.
/// </summary>
internal static class AnnualReportSeed
{
    public const int Year = 2025;
    public const string Issuer = "113301000024820810";

    private static int _serial;

    public static DisclosureItem Item(
        string title,
        string genre,
        DateOnly formed,
        DateOnly? published = null,
        Validity validity = Validity.InForce,
        ItemState state = ItemState.Published,
        DisclosureAttribute attribute = DisclosureAttribute.Proactive,
        Relation relation = Relation.None,
        string? relatedId = null,
        string column = "zcfg",
        int version = 1,
        IndexNumber? index = null,
        string? id = null)
    {
        var serial = Interlocked.Increment(ref _serial);
        var idx = index ?? new IndexNumber(Issuer, formed.Year, serial);
        return new DisclosureItem
        {
            Id = id ?? $"item-{serial}",
            IndexNumber = idx,
            Version = version,
            Title = title,
            ColumnCode = column,
            Genre = genre,
            Publisher = "市科学技术局",
            DepartmentCode = "zcfgc",
            FormedOn = formed,
            PublishedOn = state == ItemState.Published ? published ?? formed.AddDays(3) : published,
            Attribute = attribute,
            Validity = validity,
            Relation = relation,
            RelatedItemId = relatedId,
            State = state,
            SubmittedBy = "zcfgc@kjj.gov.cn",
            SubmittedAt = new DateTimeOffset(formed.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)),
        };
    }

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>
    /// Expected table 二 for 2025 (without entered figures): 规章 1 | 1 | 2; 行政规范性文件 4 | 1 | 5; 行政许可 3; 行政处罚 2;
    /// 行政强制 0; 行政事业性收费 0.
    /// </summary>
    public static List<DisclosureItem> Items()
    {
        var items = new List<DisclosureItem>();

        // 规章.
        items.Add(Item("规章R1：2025年制定，有效", "规章", D(2025, 3, 1)));
        var r2 = Item("规章R2：2023年制定，2025年被废止", "规章", D(2023, 5, 1), validity: Validity.Repealed);
        items.Add(r2);
        items.Add(Item("X1：废止R2的决定（废止文件本身不计制发）", "规章", D(2025, 6, 10), relation: Relation.Repeals, relatedId: r2.Id));
        items.Add(Item("规章R3：2024年制定，有效", "规章", D(2024, 1, 1)));

        // 行政规范性文件.
        items.Add(Item("N1：2025年制定，有效", "行政规范性文件", D(2025, 2, 10)));
        var n2Index = new IndexNumber(Issuer, 2025, 90_001);
        items.Add(Item("N2第1版", "行政规范性文件", D(2025, 4, 1), index: n2Index, version: 1, id: "n2-v1"));
        items.Add(Item("N2第2版：更正，同一索引号只计一次", "行政规范性文件", D(2025, 4, 1), index: n2Index, version: 2, id: "n2-v2"));
        items.Add(Item("N3：2025年12月29日成文，2026年1月发布，按成文日期计入2025年", "行政规范性文件", D(2025, 12, 29), published: D(2026, 1, 8)));
        var n4 = Item("N4：2022年制定，2026年才被废止，2025年底仍有效", "行政规范性文件", D(2022, 1, 1), validity: Validity.Repealed);
        items.Add(n4);
        items.Add(Item("X2：2026年废止N4的通知", "通知", D(2026, 1, 5), relation: Relation.Repeals, relatedId: n4.Id));
        items.Add(Item("N5：标注废止但无废止文件，无法计数", "行政规范性文件", D(2021, 1, 1), validity: Validity.Repealed));
        var n6 = Item("N6：2020年制定，2025年被修订，年底已不是现行有效", "行政规范性文件", D(2020, 6, 1), validity: Validity.Amended);
        items.Add(n6);
        items.Add(Item("A1：修订N6的新文件，计制发和现行有效", "行政规范性文件", D(2025, 8, 1), relation: Relation.Amends, relatedId: n6.Id));
        items.Add(Item("N7：已撤回，不计", "行政规范性文件", D(2025, 5, 5), state: ItemState.Withdrawn, published: D(2025, 5, 8)));
        items.Add(Item("N8：依申请公开，不在公开目录，不计", "行政规范性文件", D(2025, 7, 7), attribute: DisclosureAttribute.OnRequest));
        items.Add(Item("N9：待审核，不计", "行政规范性文件", D(2025, 9, 9), state: ItemState.AwaitingReview));
        items.Add(Item("N10：已失效，不计现行有效", "行政规范性文件", D(2019, 3, 3), validity: Validity.Expired));
        var n11 = Item("N11：2024年被废止", "行政规范性文件", D(2018, 1, 1), validity: Validity.Repealed);
        items.Add(n11);
        items.Add(Item("X3：2024年废止N11", "通知", D(2024, 12, 1), relation: Relation.Repeals, relatedId: n11.Id));
        var n12 = Item("N12：2025年被废止", "行政规范性文件", D(2019, 1, 1), validity: Validity.Repealed);
        items.Add(n12);
        items.Add(Item("X4：2025年废止N12", "通知", D(2025, 11, 11), relation: Relation.Repeals, relatedId: n12.Id));
        items.Add(Item("N13：2026年制定，不计入2025年", "行政规范性文件", D(2026, 1, 10), published: D(2026, 1, 12)));

        // 双公示 decisions.
        items.Add(Item("许可1", "行政许可", D(2025, 1, 20), column: "xzzf"));
        items.Add(Item("许可2", "行政许可", D(2025, 6, 20), column: "xzzf"));
        items.Add(Item("许可3", "行政许可", D(2025, 12, 31), column: "xzzf", published: D(2026, 1, 5)));
        items.Add(Item("许可：2024年的决定，不计", "行政许可", D(2024, 12, 30), column: "xzzf"));
        items.Add(Item("处罚1", "行政处罚", D(2025, 3, 3), column: "xzzf"));
        items.Add(Item("处罚2", "行政处罚", D(2025, 10, 10), column: "xzzf"));

        // Other proactive items that only feed section 一's draft.
        items.Add(Item("工作动态", "动态", D(2025, 4, 1), column: "gzdt"));
        items.Add(Item("政策解读", "解读", D(2025, 2, 11), column: "zcjd"));
        return items;
    }

    private static ApplicantCounts C(int np, int biz, int res, int welfare, int legal, int other, int? total = null) =>
        new(np, biz, res, welfare, legal, other, total);

    /// <summary>A consistent table 三 (every column satisfies 一+二 = 三(七)+四) and table 四.</summary>
    public static AnnualReportFigures Figures() => new()
    {
        Year = Year,
        Applications = new Dictionary<ApplicationRow, ApplicantCounts>
        {
            [ApplicationRow.NewThisYear] = C(20, 5, 3, 1, 2, 1, total: 32),
            [ApplicationRow.CarriedOver] = C(2, 1, 0, 0, 0, 0),
            [ApplicationRow.Disclosed] = C(8, 2, 1, 0, 1, 0),
            [ApplicationRow.PartlyDisclosed] = C(3, 1, 0, 0, 0, 0),
            [ApplicationRow.WithheldStateSecret] = C(1, 0, 0, 0, 0, 0),
            [ApplicationRow.WithheldThirdPartyRights] = C(1, 1, 0, 0, 0, 0),
            [ApplicationRow.WithheldProcessInformation] = C(0, 0, 1, 0, 0, 0),
            [ApplicationRow.Withheld] = C(2, 1, 1, 0, 0, 0),
            [ApplicationRow.UnavailableNotHeld] = C(4, 1, 0, 1, 0, 0),
            [ApplicationRow.UnavailableStillUnclear] = C(1, 0, 0, 0, 0, 0),
            [ApplicationRow.NotProcessedRepeated] = C(1, 0, 0, 0, 0, 1),
            [ApplicationRow.OtherNoClarification] = C(1, 0, 0, 0, 0, 0),
            [ApplicationRow.OtherOther] = C(0, 0, 1, 0, 0, 0),
            [ApplicationRow.ResultTotal] = C(20, 5, 3, 1, 1, 1, total: 31),
            [ApplicationRow.CarriedForward] = C(2, 1, 0, 0, 1, 0),
        },
        Reconsideration = new OutcomeCounts(2, 1, 0, 1, total: 4),
        LitigationDirect = new OutcomeCounts(1, 0, 1, 0),
        LitigationAfterReconsideration = new OutcomeCounts(0, 0, 0, 1),
        PenaltyDecisions = 5,
        AdministrativeFeesTenThousandYuan = 12.5m,
        ProcessingFeeNotices = 2,
        ProcessingFeeYuan = 300m,
    };
}
