using System.Globalization;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Publishing;

namespace Disclosure.Portal.Tests.Pages;

/// <summary>A sample catalogue with every kind of page and relation the portal renders, built on the real catalogue.json.</summary>
internal sealed class SamplePortal
{
    public static readonly CatalogueSettings Settings = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    public const string HostileTitle = "<script>alert(1)</script>关于加强科技项目管理的通知";

    public List<DisclosureItem> Published { get; } = [];
    public List<DisclosureItem> Withdrawn { get; } = [];
    /// <summary>Items whose 公开时限 ended: off every list, a notice at their address.</summary>
    public List<DisclosureItem> Expired { get; } = [];
    public Dictionary<string, string> Bodies { get; } = new(StringComparer.Ordinal);
    private int _serial;

    public PortalSnapshot Snapshot() => new(Settings, Published, Withdrawn, item => Bodies.TryGetValue(item.Id, out var b) ? b : "", Expired);

    public DisclosureItem Add(string column, string title, DateOnly publishedOn, Func<DisclosureItem, DisclosureItem>? shape = null, string? body = null)
    {
        _serial++;
        var genre = Settings.FindColumn(column)?.Genres.FirstOrDefault() ?? "通知";
        var item = new DisclosureItem
        {
            Id = "it" + _serial.ToString("D6", CultureInfo.InvariantCulture),
            IndexNumber = new IndexNumber(Settings.Agency.IssuerCode, publishedOn.Year, _serial),
            Title = title,
            ColumnCode = column,
            Genre = genre,
            Publisher = Settings.Agency.Name,
            DepartmentCode = "bgs",
            FormedOn = publishedOn.AddDays(-3),
            PublishedOn = publishedOn,
            State = ItemState.Published,
            SubmittedBy = "bgs@kjj.gov.cn",
            SubmittedAt = new DateTimeOffset(publishedOn.AddDays(-2).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)),
            Summary = title + "的主要内容。",
        };
        if (shape is not null) item = shape(item);
        Published.Add(item);
        Bodies[item.Id] = body ?? "第一段正文。\n\n第二段正文。";
        return item;
    }

    public void Withdraw(DisclosureItem item)
    {
        Published.RemoveAll(i => i.Id == item.Id);
        Withdrawn.Add(item with { State = ItemState.Withdrawn, WithdrawalRequested = true });
    }

    /// <summary>The day after <paramref name="item"/>'s 公开时限: it stays 已发布 but leaves the portal.</summary>
    public void Expire(DisclosureItem item)
    {
        Published.RemoveAll(i => i.Id == item.Id);
        Expired.Add(item);
    }

    /// <summary>The site every page-type test uses.</summary>
    public static SamplePortal Full()
    {
        var s = new SamplePortal();
        var day = new DateOnly(2025, 11, 3);
        s.Add("jgzn", "市科学技术局主要职责", day);
        var policy = s.Add("zcfg", "市科技创新券管理办法", day.AddDays(1), i => i with
        {
            Genre = "行政规范性文件",
            DocumentNumber = "市科发〔2025〕12号",
            Keywords = ["科技创新券", "管理办法"],
            BodyFormat = BodyFormat.Html,
            Attachments =
            [
                new Attachment("att001", "科技创新券申领表.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 48_213, new string('a', 64)),
                new Attachment("att002", "管理办法全文.pdf", "application/pdf", 2_411_724, new string('b', 64)),
            ],
        }, "<p>第一条　为规范科技创新券的管理，制定本办法。</p><p><strong>第二条</strong>　本办法自发布之日起施行。</p>");
        s.Add("zcjd", "《市科技创新券管理办法》政策解读", day.AddDays(1), i => i with
        {
            Genre = "解读", Relation = Relation.Interprets, RelatedItemId = policy.Id,
        });
        var old = s.Add("zcfg", "市科技计划项目管理暂行办法", new DateOnly(2024, 3, 1), i => i with
        {
            Genre = "行政规范性文件", DocumentNumber = "市科发〔2024〕3号",
        });
        s.Add("zcfg", "市科技计划项目管理办法", day.AddDays(2), i => i with
        {
            Genre = "行政规范性文件", DocumentNumber = "市科发〔2025〕15号", Relation = Relation.Repeals, RelatedItemId = old.Id,
        });
        s.Add("ghjh", "2026年科技工作要点", day.AddDays(3), i => i with { Genre = "计划" });
        s.Add("czzj", "2025年部门预算", day.AddDays(4), i => i with { Genre = "预算" });
        s.Add("kjxm", HostileTitle, day.AddDays(5), i => i with { Summary = "<b>加粗</b>的概述" },
            "正文里有 <b>标记</b> 和 & 符号。");
        s.Add("kjcg", "2025年度科技成果登记情况", day.AddDays(6));
        s.Add("rsxx", "2025年公开招聘工作人员公告", day.AddDays(7));
        s.Add("xzzf", "行政许可决定公示", day.AddDays(8), i => i with { Genre = "行政许可" });
        s.Add("tzgg", "关于元旦放假的通知", day.AddDays(9));
        s.Add("ndbg", "2024年政府信息公开工作年度报告", new DateOnly(2025, 1, 20), i => i with { Genre = "报告" });
        for (var n = 1; n <= 45; n++)
            s.Add("gzdt", $"科技工作动态第{n}期", new DateOnly(2025, 6, 1).AddDays(n * 3));
        var leaked = s.Add("tzgg", "误发的含个人信息的名单", day.AddDays(10));
        s.Withdraw(leaked);
        s.Add("kjxm", "2026年度市科技计划项目立项公示", day.AddDays(11), i => i with { Genre = "公示", PublicUntil = day.AddDays(25) });
        var ended = s.Add("kjxm", "2025年度市科技进步奖拟授奖项目公示", day.AddDays(-20), i => i with { Genre = "公示", PublicUntil = day.AddDays(-10) });
        s.Expire(ended);
        return s;
    }
}
