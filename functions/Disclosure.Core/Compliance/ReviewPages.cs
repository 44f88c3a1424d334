using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Workbench;

namespace Disclosure.Compliance;

/// <summary>The reviewers' queue page (review-queue.liquid).</summary>
[PageModel]
public sealed record ReviewQueuePage(IReadOnlyList<ReviewQueueItem> Items, string Notice, string Error, IReadOnlyList<PublishFailedRow> Failed)
{
    /// <summary>The filter form and the paging links; null where the queue is shown whole.</summary>
    public ReviewQueueFilters? Filters { get; init; }

    /// <summary>Where every 发布失败 item is listed, a page at a time, when more failed than the review page shows; else empty.</summary>
    public string FailedMoreUrl { get; init; } = "";
}

/// <summary>An approved item whose page could not be generated (发布失败), with the form that 重新发布 it.</summary>
[PageModel]
public sealed record PublishFailedRow(string Id, int Version, string Title, string IndexNumber, string Department, string FailedAt, string StateNote, string Status, string Action);

[PageModel]
public sealed record ReviewQueueItem(
    string Id, int Version, string Title, string IndexNumber, string Column, string Department, string Attribute,
    string Scope, string DocumentNumber, string FormedOn, string SubmittedBy, string CheckedAt, bool IsWithdrawal,
    string WithdrawalReason, string Conclusion, string Counts, IReadOnlyList<ReviewFindingView> Findings, string Action)
{
    /// <summary>Every attachment of the version under review, with the pictures inside it, each opened from the queue.</summary>
    public IReadOnlyList<ReviewFileView> Files { get; init; } = [];
    /// <summary>The review chain (条例第十七条) with who signed each step and which one waits, e.g. “公开办复审（待签署）”.</summary>
    public string Chain { get; init; } = "";
    /// <summary>The step the approve button signs; empty for a withdrawal request.</summary>
    public string PendingStep { get; init; } = "";
}

/// <summary>An attachment as the reviewer opens it, and the pictures the check found in it (<see cref="PictureSummary"/>: "第2页，共1张").</summary>
[PageModel]
public sealed record ReviewFileView(string FileName, string Size, string Link, string PictureSummary, IReadOnlyList<ReviewPictureView> Pictures, int Unlisted);

/// <summary>One picture: a link to it, or (a picture that cannot be taken out of its file) only where to find it.</summary>
[PageModel]
public sealed record ReviewPictureView(string Label, string Link);

/// <summary>A finding as the reviewer sees it: the masked match (<see cref="Marked"/>) between its masked context.</summary>
[PageModel]
public sealed record ReviewFindingView(
    string Severity, string SeverityClass, string RuleId, string Source, int Position, string Message, string Advice,
    string Before, string Marked, string After, bool HasContext);

public static class ReviewPages
{
    public const string QueueTemplate = "review-queue";
    public const string QueueTitle = "审核队列";

    public static ReviewQueuePage Queue(IReadOnlyList<ReviewQueueEntry> entries, CatalogueSettings catalogue, string notice = "", string error = "",
        Publishing.PublishFailedSlice? publishFailed = null)
        => new(entries.Select(e => Item(e, catalogue)).ToList(), notice, error, (publishFailed?.Items ?? []).Select(i => Failed(i, catalogue)).ToList())
        {
            FailedMoreUrl = publishFailed is { More: true } ? Publishing.PublicationFailures.AllPath : "",
        };

    /// <summary>One page of the queue with its filter form and paging links.</summary>
    public static ReviewQueuePage Queue(ReviewQueueSlice page, ReviewQueueRequest request, CatalogueSettings catalogue, string notice = "", string error = "",
        Publishing.PublishFailedSlice? publishFailed = null)
        => Queue(page.Entries, catalogue, notice, error, publishFailed) with { Filters = request.Form(catalogue, page.Next) };

    /// <summary>
    /// Findings as people read them (the review queue, the preflight page, through <c>findings-table.liquid</c>): the most
    /// serious first, then by where they are, each masked match between its masked context.
    /// </summary>
    public static IReadOnlyList<ReviewFindingView> Findings(IEnumerable<FindingInContext> findings) => findings
        .OrderByDescending(f => f.Finding.Severity)
        .ThenBy(f => f.Finding.Source, StringComparer.Ordinal)
        .ThenBy(f => f.Finding.Offset)
        .Select(f => new ReviewFindingView(
            f.Finding.Severity.ToChinese(), f.Finding.Severity.ToString().ToLowerInvariant(), f.Finding.RuleId, f.Finding.Source,
            f.Finding.Offset + 1, f.Finding.Message, f.Finding.Advice, f.Before, f.Finding.MaskedExcerpt, f.After,
            f.Before.Length + f.After.Length > 0))
        .ToList();

    private static PublishFailedRow Failed(DisclosureItem item, CatalogueSettings catalogue) => new(
        item.Id, item.Version, item.Title, item.IndexNumber.ToString(),
        catalogue.FindDepartment(item.DepartmentCode)?.Name ?? item.DepartmentCode,
        item.UpdatedAt.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        SubmissionStatusModel.StateNoteOf(item),
        "/api/submissions/" + Uri.EscapeDataString(item.Id),
        "/api/submissions/" + Uri.EscapeDataString(item.Id) + "/retry-publication");

    private static ReviewQueueItem Item(ReviewQueueEntry entry, CatalogueSettings catalogue)
    {
        var (item, record) = (entry.Item, entry.Record);
        var findings = Findings(record.Findings);
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
            findings, "/api/reviews/" + Uri.EscapeDataString(item.Id))
        {
            Chain = item.WithdrawalRequested ? "" : ChainText(entry, catalogue),
            PendingStep = entry.PendingStep?.Name ?? "",
            Files = item.Attachments.Select(a => File(item.Id, a, record.Pictures.FirstOrDefault(p => p.AttachmentId == a.Id)?.Pictures)).ToList(),
        };
    }

    private static ReviewFileView File(string itemId, Attachment attachment, PictureInventory? pictures)
    {
        pictures ??= PictureInventory.None;
        var views = pictures.Listed.Select(p => new ReviewPictureView(
            PictureLabel(p),
            p.CanOpen ? ReviewAttachments.PictureLink(itemId, attachment.Id, p.Number) : "")).ToList();
        return new ReviewFileView(attachment.FileName, SubmissionStatusModel.Size(attachment.Length),
            ReviewAttachments.AttachmentLink(itemId, attachment.Id),
            pictures.HasPictures ? pictures.Describe() : "", views, pictures.Count - pictures.Listed.Count);
    }

    private static string PictureLabel(EmbeddedPicture picture)
    {
        var number = picture.Number.ToString(CultureInfo.InvariantCulture);
        if (picture.Page is { } page) return $"图片{number}（第{page.ToString(CultureInfo.InvariantCulture)}页）";
        return picture.Part is { } part ? $"图片{number}（{part[(part.LastIndexOf('/') + 1)..]}）" : $"图片{number}";
    }

    /// <summary>Each step of the chain: who signed it, or who may sign it when it is the one waiting.</summary>
    public static string ChainText(ReviewQueueEntry entry, CatalogueSettings catalogue) => string.Join(" → ", entry.Chain.Select(step =>
    {
        var signature = entry.Item.ReviewSignatures.FirstOrDefault(s => s.Step == step.Name);
        if (signature is not null)
            return $"{step.Name}（{signature.Signer}{(signature.AttestedAtSubmission ? "，报送时确认" : "，已签署")}）";
        return step == entry.PendingStep
            ? $"{step.Name}（待签署：{step.Signers(ItemTransitions.RoleName, code => catalogue.FindDepartment(code)?.Name ?? code)}）"
            : step.Name;
    }));
}
