using System.Globalization;
using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Lifecycle;

namespace Disclosure.Compliance;

/// <summary>An item waiting for a reviewer, with what the check found in it.</summary>
public sealed record ReviewQueueEntry(DisclosureItem Item, ComplianceRecord Record);

public abstract record ReviewResult
{
    public sealed record Decided(DisclosureItem Item) : ReviewResult;
    public sealed record NotFound : ReviewResult;
    public sealed record Forbidden(string Reason) : ReviewResult;
    /// <summary>Not decided: the item is not (or no longer) as the reviewer saw it; <see cref="Current"/> is what is there now, when known.</summary>
    public sealed record Conflict(string Reason, DisclosureItem? Current = null) : ReviewResult;
    /// <summary>A decision that did not say which version it was about: refused, so that it cannot approve unseen changes.</summary>
    public sealed record PreconditionRequired : ReviewResult;
    public sealed record Invalid(string Field, string Reason) : ReviewResult;
}

/// <summary>
/// The human half of Art. 17: reviewers (保密审查) see what waits for them and approve or reject it. Approval makes
/// the item 待发布 and asks the publisher to render it (for a withdrawal request: 已撤回, and the publisher takes it
/// down); rejection returns it to the department with the reason (a rejected withdrawal leaves the item published).
/// Each decision's audit entry is the Art. 17 record.
/// </summary>
public sealed class ReviewService(IItemStore items, ItemLifecycle lifecycle, IComplianceRecords records, CatalogueSettings catalogue, TimeProvider time)
{
    public async Task<IReadOnlyList<ReviewQueueEntry>> ListQueueAsync(CancellationToken ct = default)
    {
        var waiting = new List<DisclosureItem>();
        await foreach (var item in items.ListAsync(new ItemQuery(State: ItemState.AwaitingReview), ct)) waiting.Add(item);
        var entries = new List<ReviewQueueEntry>(waiting.Count);
        foreach (var item in waiting.OrderBy(i => i.UpdatedAt))
        {
            // Every checked version has a record; should one be missing, the item is still listed, without findings.
            var record = await records.GetAsync(item.Id, item.Version, ct)
                ?? new ComplianceRecord(item.Id, item.Version, ReviewDecision.NeedsReview, item.UpdatedAt, [], false);
            entries.Add(new ReviewQueueEntry(item, record));
        }
        return entries;
    }

    /// <param name="expectedVersion">The version the reviewer looked at (required); a newer one must be looked at first.</param>
    public async Task<ReviewResult> DecideAsync(Principal who, string itemId, bool approve, string? reason, int? expectedVersion, CancellationToken ct = default)
    {
        if (!who.IsReviewer) return new ReviewResult.Forbidden(ComplianceTexts.OnlyReviewers);
        if (expectedVersion is null) return new ReviewResult.PreconditionRequired();
        reason = InputText.Normalize(reason).Trim();
        if (!approve && reason.Length == 0) return new ReviewResult.Invalid("reason", ComplianceTexts.ReasonRequired);
        if (reason.Length > InputText.MaxReasonLength)
            return new ReviewResult.Invalid("reason", string.Format(CultureInfo.InvariantCulture, ComplianceTexts.ReasonTooLong, InputText.MaxReasonLength));

        var outcome = await lifecycle.MoveAsync(itemId, who, item =>
        {
            if (item.State is not ItemState.AwaitingReview)
                return ItemLifecycle.Stop(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.NotAwaitingReview, item.State.ToChinese()));
            if (expectedVersion != item.Version)
                return ItemLifecycle.Stop(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.VersionChanged, item.Version));
            // Approval publishes the item or, for a withdrawal request, withdraws it; refusal returns it or leaves it published.
            var to = (approve, item.WithdrawalRequested) switch
            {
                (true, false) => ItemState.ReadyToPublish,
                (true, true) => ItemState.Withdrawn,
                (false, false) => ItemState.Returned,
                (false, true) => ItemState.Published,
            };
            var next = approve ? item : item with { WithdrawalRequested = false };
            var (eventId, now) = (IntakeService.NewId(), time.GetUtcNow());
            // What follows the decision is committed with it: the render request, or the department's notice of the refusal.
            return ItemLifecycle.Move(next, to, approve ? AuditAction.ReviewApproved : AuditAction.ReviewRejected) with
            {
                EventId = eventId,
                At = now,
                Details = Article17Record(item, approve, reason, who, now),
                Messages = [approve ? new RenderRequest(item.Id, item.Version).ToMessage() : new DecisionNotice(item.Id, eventId).ToMessage()],
            };
        }, ct);
        return outcome switch
        {
            LifecycleOutcome<DisclosureItem>.Moved moved => new ReviewResult.Decided(moved.After),
            LifecycleOutcome<DisclosureItem>.NotFound => new ReviewResult.NotFound(),
            LifecycleOutcome<DisclosureItem>.Stopped stopped => new ReviewResult.Conflict((string)stopped.Answer, stopped.Current),
            LifecycleOutcome<DisclosureItem>.NotAllowed refused => new ReviewResult.Forbidden(refused.Reason),
            _ => new ReviewResult.Conflict(ComplianceTexts.ChangedByOthers),
        };
    }

    /// <summary>
    /// Art. 17 (保密审查): the record keeps 名称, 拟公开方式, 公开范围, 审查结论, 不予公开理由, who reviewed and when.
    /// </summary>
    private IReadOnlyDictionary<string, string> Article17Record(DisclosureItem item, bool approve, string reason, Principal who, DateTimeOffset now)
    {
        var columnName = catalogue.FindColumn(item.ColumnCode)?.Name ?? item.ColumnCode;
        var record = new Dictionary<string, string>
        {
            [ComplianceTexts.RecordTitle] = item.Title,
            [ComplianceTexts.RecordMethod] = item.WithdrawalRequested
                ? string.Format(CultureInfo.InvariantCulture, ComplianceTexts.MethodWithdraw, columnName)
                : string.Format(CultureInfo.InvariantCulture, ComplianceTexts.MethodPublish, item.Attribute.ToChinese(), columnName),
            [ComplianceTexts.RecordScope] = item.Scope.ToChinese(),
            [ComplianceTexts.RecordConclusion] = (approve, item.WithdrawalRequested) switch
            {
                (true, false) => ComplianceTexts.ConclusionApproved,
                (false, false) => ComplianceTexts.ConclusionRejected,
                (true, true) => ComplianceTexts.ConclusionWithdrawalApproved,
                (false, true) => ComplianceTexts.ConclusionWithdrawalRejected,
            },
            [ComplianceTexts.RecordReviewer] = who.Name,
            [ComplianceTexts.RecordTime] = now.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        };
        if (!approve) record[ComplianceTexts.RecordRefusalReason] = reason;
        else if (reason.Length > 0) record[ComplianceTexts.RecordOpinion] = reason;
        return record;
    }
}
