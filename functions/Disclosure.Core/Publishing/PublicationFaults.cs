using System.Globalization;
using Disclosure.Items;
using Disclosure.Notifications;
using Disclosure.Templating;

namespace Disclosure.Publishing;

/// <summary>
/// The bulkheads of one publication run (issue 14). An item that cannot be read, rendered, fed or indexed is left out of
/// what it would break, named in the run's result and alerted to the operators once per item and version (the alert id
/// makes a repeat a no-op, so a nightly run that meets the same item again sends nothing new). Everything else in the
/// run — the other items, withdrawals, 公开时限 take-downs, deletions — goes on.
/// </summary>
internal sealed class PublicationFaults
{
    private readonly List<SkippedItem> _skipped = [];
    private readonly List<SkippedPage> _pages = [];
    private readonly Dictionary<(string Id, int Version), (DisclosureItem Item, string Reason)> _alerts = [];

    public IReadOnlyList<SkippedItem> Skipped => _skipped;
    public IReadOnlyList<SkippedPage> Pages => _pages;

    /// <summary>One alert per item and version, whatever the number of runs that meet it.</summary>
    public static string AlertId(string itemId, int version) => $"publication-skipped-{itemId}-v{version}";

    /// <summary>Skipped for a reason nobody needs to act on (the item changed meanwhile): named, not alerted.</summary>
    public void Skip(SkippedItem skipped)
    {
        if (!_skipped.Contains(skipped)) _skipped.Add(skipped);
    }

    /// <summary>Left out of this run because something of it cannot be made: named and alerted.</summary>
    public void Fault(DisclosureItem item, string reason)
    {
        Skip(new SkippedItem(item.Id, reason));
        _alerts.TryAdd((item.Id, item.Version), (item, reason));
    }

    /// <summary>A page that is not an item's own could not be rendered: the site keeps the one it has.</summary>
    public void KeepPage(string path, Exception error) => _pages.Add(new SkippedPage(path, PublicationFaultTexts.PageKept + error.Message));

    public async Task AlertAsync(OperatorAlerts operators, CancellationToken ct)
    {
        foreach (var ((id, version), (item, reason)) in _alerts)
        {
            await operators.SendAsync(AlertId(id, version),
                string.Format(CultureInfo.InvariantCulture, PublicationFaultTexts.Subject, ControlCharacters.Drop(item.Title)),
                PublicationFaultTexts.Intro, id, version, item, [PublicationFaultTexts.ReasonLabel + reason],
                [PublicationFaultTexts.WhatToCheck(id, item.BodyId), PublicationFaultTexts.WhatToDo], ct);
        }
    }
}

/// <summary>Every sentence about an item a publication run had to leave out, in one place.</summary>
public static class PublicationFaultTexts
{
    public const string Subject = "【发布跳过】《{0}》未能在本次发布中生成";
    public const string Intro = "发布时，以下信息的正文、附件、公开页面、订阅条目或检索条目无法生成，本次发布跳过了它；其他信息的发布、撤回和公开时限届满的撤下照常完成：";
    public const string ReasonLabel = "原因：";
    public const string WhatToDo = "下一步：如是信息本身的问题（如标题、内容概述中有无法显示的字符，正文或附件损坏），请报送处室提交更正版本；如是平台故障，排除后下一次发布会自动重试。同一版本不会重复告警。";

    public static string WhatToCheck(string itemId, string? bodyId) =>
        $"请检查：运行日志中本次发布对该信息的报错；该信息的标题、内容概述、发布机构等元数据中是否有异常字符；内容存储中正文（items/{itemId}/{bodyId ?? "无正文"}）和各附件文件能否读取。";

    // The reasons, by what could not be made.
    public const string NotRecorded = "发布前检查未通过，仍为待发布：";
    public const string Page = "公开页面无法生成：";
    public const string Feed = "订阅（Atom）或网站地图条目无法生成，未列入订阅和网站地图：";
    public const string Search = "检索条目无法生成，未列入站内检索：";
    public const string Attachments = "附件无法写入网站，网站保留原有内容：";
    public const string BodyUnreadable = "正文无法读取：网站保留该信息原有页面：";
    public const string PageKept = "页面无法生成，网站保留原有页面：";
}
