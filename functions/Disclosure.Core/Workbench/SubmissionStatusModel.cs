using System.Globalization;
using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Identity;
using Disclosure.Items;
using Disclosure.Publishing;

namespace Disclosure.Workbench;

[PageModel]
public sealed record MetaRow(string Label, string Value);

[PageModel]
public sealed record HistoryRow(string At, string Actor, string Action, string From, string To, string Details);

[PageModel]
public sealed record AttachmentRow(string Name, string Type, string Size, string Url);

/// <summary>A finding of the secrecy and privacy check as the department sees it: where, what (masked), what to do.</summary>
[PageModel]
public sealed record FindingRow(string Severity, string Source, string Excerpt, string Message, string Advice);

/// <summary>An item's status page: where it is, what it holds, what happened to it, and what its department may do next.</summary>
[PageModel]
public sealed record SubmissionStatusModel(
    string Id, string IndexNumber, string Title, string State, int Version, string? Notice,
    IReadOnlyList<MetaRow> Metadata, IReadOnlyList<AttachmentRow> Attachments, IReadOnlyList<HistoryRow> History,
    IReadOnlyList<MetaRow> Versions, bool CanCorrect, bool CanRequestWithdrawal, IReadOnlyList<FindingRow> Findings, string CheckSummary,
    string StateNote = "", bool CanRetryPublication = false)
{
    /// <summary>How often the page's script updates the state while the system is still checking the item: long enough to read it, short enough not to wait.</summary>
    public const int RefreshSeconds = 10;

    /// <summary>The page's query parameter that keeps the page from updating itself (<c>?refresh=off</c>; WCAG 2.2.2 pause, stop).</summary>
    public const string NoRefreshParameter = "refresh";

    /// <summary>
    /// 已提交 and 检查中 last until the queue-triggered check has run: the page's script updates the state and the check's
    /// section in place until then, so the department sees the result; every other state waits for a person, and the page
    /// stays still.
    /// </summary>
    public bool AwaitsCheck { get; init; }

    /// <summary>The person turned the updates off (<c>?refresh=off</c>); the page then offers a link to look again.</summary>
    public bool RefreshStopped { get; init; }

    public string StatusUrl => "/api/submissions/" + Uri.EscapeDataString(Id);

    /// <summary>Seconds between the script's updates of the state; 0 when it should not update.</summary>
    public int RefreshAfterSeconds => AwaitsCheck && !RefreshStopped ? RefreshSeconds : 0;

    public static bool IsAwaitingCheck(ItemState state) => state is ItemState.Submitted or ItemState.Checking;

    public static SubmissionStatusModel Build(
        CatalogueSettings catalogue, Principal who, DisclosureItem item, IReadOnlyList<AuditEntry> history,
        IReadOnlyList<DisclosureItem> versions, string? notice, ComplianceRecord? check)
    {
        var mayChange = who.IsAdministrator || who.DepartmentCode == item.DepartmentCode;
        return new SubmissionStatusModel(
            item.Id, item.IndexNumber.ToString(), item.Title, item.State.ToChinese(), item.Version, notice,
            MetadataOf(catalogue, item),
            item.Attachments.Select(a => new AttachmentRow(a.FileName, a.ContentType, Size(a.Length), $"/api/submissions/{item.Id}/attachments/{a.Id}")).ToList(),
            history.Select(h => new HistoryRow(
                Format(h.At), h.Actor, AuditAction.ToChinese(h.Action), h.From?.ToChinese() ?? "—", h.To.ToChinese(),
                string.Join("；", h.Details.Select(d => $"{d.Key}：{d.Value}")))).ToList(),
            versions.Select(v => new MetaRow($"第 {v.Version} 版", $"{v.Title}（{Format(v.UpdatedAt)}）")).ToList(),
            CanCorrect: mayChange && item.State is not (ItemState.Withdrawn or ItemState.Checking),
            CanRequestWithdrawal: mayChange && item.State == ItemState.Published && !item.WithdrawalRequested,
            Findings: (check?.Findings ?? []).Select(f => new FindingRow(SeverityName(f.Finding.Severity), f.Finding.Source,
                f.Finding.MaskedExcerpt, f.Finding.Message, f.Finding.Advice)).ToList(),
            CheckSummary: check is null ? "本版本尚未完成检查。"
                : check.Findings.Count == 0 ? "检查未发现问题。"
                : $"检查发现 {check.Count(Severity.Block)} 项必须修改、{check.Count(Severity.Review)} 项需人工审核、{check.Count(Severity.Info)} 项提示。",
            StateNote: StateNoteOf(item),
            CanRetryPublication: who.IsReviewer && item.State == ItemState.PublishFailed)
        {
            AwaitsCheck = IsAwaitingCheck(item.State),
        };
    }

    /// <summary>What a state that needs explaining means for the department.</summary>
    public static string StateNoteOf(DisclosureItem item) => item.State switch
    {
        ItemState.PublishFailed => PublicationFailureTexts.StatusNote + (item.PublishedVersion is { } shown
            ? string.Format(CultureInfo.InvariantCulture, PublicationFailureTexts.StatusNoteStillShown, shown)
            : ""),
        _ => "",
    };

    public static string SeverityName(Severity severity) => severity switch
    {
        Severity.Block => "必须修改",
        Severity.Review => "需人工审核",
        _ => "提示",
    };

    /// <summary>The metadata in the catalogue's order (索引号 · 分类 · 发布机构 · 文号 · 成文日期 · 发布日期 · 有效性), then the rest.</summary>
    public static IReadOnlyList<MetaRow> MetadataOf(CatalogueSettings catalogue, DisclosureItem item) =>
    [
        .. CatalogueRows(catalogue, item),
        // The dates the deadline rules count from (Deadlines), only where given.
        .. DeadlineRows(item),
    ];

    private static IEnumerable<MetaRow> DeadlineRows(DisclosureItem item)
    {
        static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (item.ApprovedOn is { } approved) yield return new("批复日期", Iso(approved));
        if (item.DecidedOn is { } decided) yield return new("决定日期", Iso(decided));
        if (item.NoticeStartsOn is { } notice) yield return new("公示开始日期", Iso(notice));
        if (item.Reposted) yield return new("转发", "是");
        if (item.ReceivedOn is { } received) yield return new("收到日期", Iso(received));
    }

    private static IReadOnlyList<MetaRow> CatalogueRows(CatalogueSettings catalogue, DisclosureItem item) =>
    [
        new("索引号", item.IndexNumber.ToString()),
        new("分类", catalogue.FindColumn(item.ColumnCode)?.Name ?? item.ColumnCode),
        new("发布机构", item.Publisher),
        new("文号", item.DocumentNumber ?? "无"),
        new("成文日期", item.FormedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        new("发布日期", item.PublishedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "未发布"),
        new("有效性", item.Validity.ToChinese()),
        .. (item.EffectiveFrom is { } from ? new MetaRow[] { new("施行日期", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) } : []),
        .. (item.ValidUntil is { } lastDay ? new MetaRow[] { new("有效期至", lastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) } : []),
        new("体裁", item.Genre),
        new("责任处室", catalogue.FindDepartment(item.DepartmentCode)?.Name ?? item.DepartmentCode),
        new("公开属性", item.Attribute.ToChinese()),
        new("公开范围", item.Scope.ToChinese()),
        new("公开时限", item.PublicUntil is { } until ? $"限时（至 {until:yyyy-MM-dd}）" : "长期"),
        new("主题词", item.Keywords.Count > 0 ? string.Join("、", item.Keywords) : "无"),
        new("内容概述", item.Summary.Length > 0 ? item.Summary : "无"),
        new("关联", item.Relation == Relation.None ? "无" : $"{item.Relation.ToChinese()}（{item.RelatedItemId}）"),
    ];

    public static string Format(DateTimeOffset at) => at.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    internal static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024d / 1024d).ToString("0.0", CultureInfo.InvariantCulture) + " MB"
        : Math.Max(1, bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KB";
}

[PageModel]
public sealed record SubmissionListRow(string Id, string IndexNumber, string Title, string Column, string Department, string State, string UpdatedAt);

[PageModel]
public sealed record SubmissionListModel(string Scope, IReadOnlyList<SubmissionListRow> Rows)
{
    /// <summary>The filter form and paging links; null shows the list without them.</summary>
    public SubmissionListFilters? Filters { get; init; }
}
