using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Workbench;

namespace Disclosure.Compliance;

/// <summary>The reviewers' queue page (review-queue.liquid).</summary>
[PageModel]
public sealed record ReviewQueuePage(IReadOnlyList<ReviewQueueItem> Items, string Notice, string Error);

[PageModel]
public sealed record ReviewQueueItem(
    string Id, int Version, string Title, string IndexNumber, string Column, string Department, string Attribute,
    string Scope, string DocumentNumber, string FormedOn, string SubmittedBy, string CheckedAt, bool IsWithdrawal,
    string WithdrawalReason, string Conclusion, string Counts, IReadOnlyList<ReviewFindingView> Findings, string Action);

/// <summary>A finding as the reviewer sees it: the masked match (<see cref="Marked"/>) between its masked context.</summary>
[PageModel]
public sealed record ReviewFindingView(
    string Severity, string SeverityClass, string RuleId, string Source, int Position, string Message, string Advice,
    string Before, string Marked, string After, bool HasContext);

public static class ReviewPages
{
    public const string QueueTemplate = "review-queue";
    public const string QueueTitle = "审核队列";

    public static ReviewQueuePage Queue(IReadOnlyList<ReviewQueueEntry> entries, CatalogueSettings catalogue, string notice = "", string error = "")
        => new(entries.Select(e => Item(e, catalogue)).ToList(), notice, error);

    private static ReviewQueueItem Item(ReviewQueueEntry entry, CatalogueSettings catalogue)
    {
        var (item, record) = (entry.Item, entry.Record);
        var findings = record.Findings
            .OrderByDescending(f => f.Finding.Severity)
            .ThenBy(f => f.Finding.Source, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.Offset)
            .Select(f => new ReviewFindingView(
                f.Finding.Severity.ToChinese(), f.Finding.Severity.ToString().ToLowerInvariant(), f.Finding.RuleId, f.Finding.Source,
                f.Finding.Offset + 1, f.Finding.Message, f.Finding.Advice, f.Before, f.Finding.MaskedExcerpt, f.After,
                f.Before.Length + f.After.Length > 0))
            .ToList();
        return new ReviewQueueItem(
            item.Id, item.Version, item.Title, item.IndexNumber.ToString(),
            catalogue.FindColumn(item.ColumnCode)?.Name ?? item.ColumnCode,
            catalogue.FindDepartment(item.DepartmentCode)?.Name ?? item.DepartmentCode,
            item.Attribute.ToChinese(), item.Scope.ToChinese(), item.DocumentNumber ?? "",
            item.FormedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), item.SubmittedBy,
            record.CheckedAt.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            item.WithdrawalRequested, item.WithdrawalReason ?? "", record.Decision.ToChinese(),
            string.Format(CultureInfo.InvariantCulture, ComplianceTexts.CheckCountsValue,
                record.Count(Severity.Block), record.Count(Severity.Review), record.Count(Severity.Info)),
            findings, "/api/reviews/" + Uri.EscapeDataString(item.Id));
    }
}
