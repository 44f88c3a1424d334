using Disclosure.Telemetry;
using System.Globalization;
using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Lifecycle;
using Disclosure.Work;

namespace Disclosure.Compliance;

/// <summary>
/// An item waiting for a person, with what the check found in it, the steps of its review chain (条例第十七条) already
/// signed and the one it waits for (null for a withdrawal request, which a reviewer decides in one step).
/// </summary>
public sealed record ReviewQueueEntry(DisclosureItem Item, ComplianceRecord Record)
{
    public IReadOnlyList<ReviewStep> Chain { get; init; } = [];
    public ReviewStep? PendingStep { get; init; }
}

/// <summary>
/// One page of the review queue: its entries (findings first within the page) and the item id the next page continues
/// after, null on the last page.
/// </summary>
public sealed record ReviewQueueSlice(IReadOnlyList<ReviewQueueEntry> Entries, string? Next);

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
/// <remarks><paramref name="listing"/> pages the queue at the store (<see cref="ListQueuePageAsync"/>); when not given, the item store must page.</remarks>
public sealed class ReviewService(IItemStore items, ItemLifecycle lifecycle, IComplianceRecords records, CatalogueSettings catalogue, TimeProvider time,
    IItemListing? listing = null)
{
    /// <summary>
    /// What waits for a person: items whose check found something first (blocks, then reviews, then notes), the rest by
    /// how long they have waited since their check (<see cref="ReviewRank"/>). The findings rank and annotate the queue; they
    /// never replace a person's signature.
    /// </summary>
    public async Task<IReadOnlyList<ReviewQueueEntry>> ListQueueAsync(CancellationToken ct = default)
    {
        var waiting = new List<DisclosureItem>();
        await foreach (var item in items.ListAsync(new ItemQuery(State: ItemState.AwaitingReview), ct)) waiting.Add(item);
        return InReviewOrder(await EntriesOfAsync(waiting, ct));
    }

    /// <summary>
    /// One page of the queue in the order of the whole queue (<see cref="ReviewRank"/>: findings first, then the oldest
    /// check): every waiting item the filter keeps is ranked from its row's rank (<see cref="IItemListing.ListRanksAsync"/>,
    /// a few bytes a row), and only the page's items and their check records are read. <see cref="ReviewQueueRequest.After"/>
    /// is the rank and id of the last item shown, so the next page continues there while items come and go, and an item is
    /// on one page only (unless it is checked again meanwhile, which gives it a new rank); <see cref="ReviewQueueRequest.At"/>
    /// starts the page at an item. A row written before the rank was kept is ranked from its check record, read for it alone.
    /// </summary>
    public async Task<ReviewQueueSlice> ListQueuePageAsync(ReviewQueueRequest request, CancellationToken ct = default)
    {
        if (request.Filter.State != ReviewQueueRequest.Waiting) throw new ArgumentException("The review queue lists only items awaiting review.", nameof(request));
        var pages = listing ?? items as IItemListing
            ?? throw new InvalidOperationException("The review queue pages at the store: register an IItemListing.");
        var ranked = new List<(string Token, string Id)>();
        var unranked = new List<RankedItem>();
        await foreach (var row in pages.ListRanksAsync(request.Filter, ct))
        {
            if (row.RankKey is { } key) ranked.Add((ReviewRank.Token(key, row.Id), row.Id));
            else unranked.Add(row);
        }
        // Rows written before the rank was kept: their records, a few at a time (a queue may hold hundreds of them once).
        await Parallel.ForEachAsync(unranked, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = ct }, async (row, token) =>
        {
            var key = (await records.GetAsync(row.Id, row.Version, token))?.Rank.Key ?? Unchecked.Key;
            lock (ranked) ranked.Add((ReviewRank.Token(key, row.Id), row.Id));
        });
        ranked.Sort((a, b) => string.CompareOrdinal(a.Token, b.Token));

        var start = request.At is { } at ? Math.Max(0, ranked.FindIndex(r => r.Id == at))
            : request.After is { } after ? ranked.FindIndex(r => string.CompareOrdinal(r.Token, after) > 0) is var found and >= 0 ? found : ranked.Count
            : 0;
        var shown = new List<DisclosureItem>(request.PageSize);
        string? next = null;
        for (var i = start; i < ranked.Count && shown.Count < request.PageSize;)
        {
            // Read now, as many as the page still lacks at a time: an item decided since the ranking is not shown.
            var window = ranked.GetRange(i, Math.Min(request.PageSize - shown.Count, ranked.Count - i));
            var read = await ConcurrentReads.InOrderAsync(window, ParallelReads, (row, token) => items.GetAsync(row.Id, token), ct);
            for (var j = 0; j < window.Count && shown.Count < request.PageSize; j++, i++)
            {
                if (read[j] is { Item: { State: ReviewQueueRequest.Waiting } item }) shown.Add(item);
                if (shown.Count == request.PageSize && i + 1 < ranked.Count) next = ranked[i].Token;
            }
        }
        return new ReviewQueueSlice(await EntriesOfAsync(shown, ct), next);
    }

    // Reads of a page, this many at a time (a page holds up to 500 items).
    private const int ParallelReads = 16;

    /// <summary>The rank of an item without a check record (none should be): no findings, before every checked one of those.</summary>
    private static readonly ReviewRank Unchecked = new(0, 0, 0, DateTimeOffset.MinValue);

    private async Task<List<ReviewQueueEntry>> EntriesOfAsync(IReadOnlyList<DisclosureItem> waiting, CancellationToken ct)
    {
        var stored = await ConcurrentReads.InOrderAsync(waiting, ParallelReads, (item, token) => records.GetAsync(item.Id, item.Version, token), ct);
        var entries = new List<ReviewQueueEntry>(waiting.Count);
        for (var i = 0; i < waiting.Count; i++)
        {
            var item = waiting[i];
            // Every checked version has a record; should one be missing, the item is still listed, without findings.
            var record = stored[i] ?? new ComplianceRecord(item.Id, item.Version, ReviewDecision.NeedsReview, item.UpdatedAt, [], false);
            var chain = ChainOf(item);
            entries.Add(new ReviewQueueEntry(item, record) { Chain = chain, PendingStep = item.WithdrawalRequested ? null : PendingStep(item, chain) });
        }
        return entries;
    }

    private static IReadOnlyList<ReviewQueueEntry> InReviewOrder(IEnumerable<ReviewQueueEntry> entries)
        => entries.OrderBy(e => ReviewRank.Token(e.Record.Rank.Key, e.Item.Id), StringComparer.Ordinal).ToList();

    /// <summary>The steps an item must pass (its column's chain, or the catalogue's default, for its genre).</summary>
    public IReadOnlyList<ReviewStep> ChainOf(DisclosureItem item) => ReviewChains.For(catalogue, catalogue.FindColumn(item.ColumnCode), item.Genre);

    /// <summary>
    /// The first step of <paramref name="chain"/> not yet signed for this version. A step attested at submission is signed
    /// then or not at all (an item submitted before its chain had one): it is never waited for in the queue.
    /// </summary>
    public static ReviewStep? PendingStep(DisclosureItem item, IReadOnlyList<ReviewStep> chain)
        => chain.FirstOrDefault(step => !step.AttestedAtSubmission && !item.ReviewSignatures.Any(s => s.Step == step.Name));

    /// <summary>
    /// Whether <paramref name="who"/> could approve the queue entry now, by the rules <see cref="DecideAsync"/> applies: not
    /// their own submission, a step they may sign and have not signed a step of this version already; a withdrawal request
    /// is any reviewer's. The home page counts these as the items waiting for this person.
    /// </summary>
    public static bool WaitsFor(ReviewQueueEntry entry, Principal who) => WaitsFor(entry.Item, entry.PendingStep, who);

    private static bool WaitsFor(DisclosureItem item, ReviewStep? pendingStep, Principal who)
    {
        if (item.WasSubmittedBy(who.Id, who.Name)) return false;
        if (item.WithdrawalRequested) return who.IsReviewer;
        return pendingStep is { } step && step.MayBeSignedBy(who)
            && !item.ReviewSignatures.Any(s => s.SignerId == who.Id && !s.AttestedAtSubmission);
    }

    /// <summary>
    /// How many queue items <paramref name="who"/> could sign now (<see cref="WaitsFor(ReviewQueueEntry, Principal)"/>), from
    /// the waiting items alone: whom an item waits for depends on its chain and signatures, not on what its check found,
    /// so no check record is read (the home page asked for every one of them on each visit).
    /// </summary>
    public async Task<int> CountWaitingForAsync(Principal who, CancellationToken ct = default)
    {
        var count = 0;
        await foreach (var item in items.ListAsync(new ItemQuery(State: ItemState.AwaitingReview), ct))
            if (WaitsFor(item, item.WithdrawalRequested ? null : PendingStep(item, ChainOf(item)), who)) count++;
        return count;
    }

    /// <summary>
    /// A person's decision on the step the item waits for (条例第十七条, 先审后发). Approving signs that step: the item waits
    /// for the next one, and the last signature makes it 待发布 (a withdrawal request: 已撤回). Refusing returns it to the
    /// department (a refused withdrawal leaves it published). Nobody approves their own submission, correction or
    /// withdrawal request, nor signs two steps of one version; only the people a step names may sign it.
    /// </summary>
    /// <param name="expectedVersion">The version the reviewer looked at (required); a newer one must be looked at first.</param>
    /// <param name="expectedStep">
    /// The step the reviewer saw waiting (the queue's form sends it). Without it, the step waiting when the decision is
    /// first read: either way, a step someone else signed meanwhile is not taken for the next one (409).
    /// </param>
    public async Task<ReviewResult> DecideAsync(Principal who, string itemId, bool approve, string? reason, int? expectedVersion, CancellationToken ct = default,
        string? expectedStep = null)
    {
        using var activity = DisclosureTelemetry.StartItemStep("item.review", itemId);
        activity?.SetTag("review.approve", approve);
        expectedStep = string.IsNullOrWhiteSpace(expectedStep) ? null : expectedStep.Trim();
        if (!who.TakesReviewSteps) return new ReviewResult.Forbidden(ComplianceTexts.OnlyReviewers);
        if (expectedVersion is null) return new ReviewResult.PreconditionRequired();
        reason = InputText.Normalize(reason).Trim();
        if (!approve && reason.Length == 0) return new ReviewResult.Invalid("reason", ComplianceTexts.ReasonRequired);
        if (reason.Length > InputText.MaxReasonLength)
            return new ReviewResult.Invalid("reason", string.Format(CultureInfo.InvariantCulture, ComplianceTexts.ReasonTooLong, InputText.MaxReasonLength));

        var outcome = await lifecycle.MoveAsync(itemId, who, item =>
        {
            activity.TagIndexNumber(item.IndexNumber);
            if (item.State is not ItemState.AwaitingReview)
                return ItemLifecycle.Stop(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.NotAwaitingReview, item.State.ToChinese()));
            if (expectedVersion != item.Version)
                return ItemLifecycle.Stop(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.VersionChanged, item.Version));
            if (approve && item.WasSubmittedBy(who.Id, who.Name)) return ItemLifecycle.Stop(new ReviewResult.Forbidden(ComplianceTexts.OwnSubmission));

            // A withdrawal request is one reviewer's decision; publication waits for every step of the chain.
            var chain = ChainOf(item);
            var step = item.WithdrawalRequested ? null : PendingStep(item, chain);
            // A retry after a concurrent signature re-reads the item: the step decided on must still be the one waiting.
            expectedStep ??= step?.Name;
            if (step is not null && step.Name != expectedStep)
                return ItemLifecycle.Stop(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.StepSignedMeanwhile, expectedStep, step.Name));
            if (step is not null)
            {
                if (!step.MayBeSignedBy(who) && (approve || !who.IsReviewer))
                    return ItemLifecycle.Stop(new ReviewResult.Forbidden(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.NotThisStepsSigner,
                        step.Name, step.Signers(ItemTransitions.RoleName, code => catalogue.FindDepartment(code)?.Name ?? code))));
                if (approve && item.ReviewSignatures.FirstOrDefault(s => s.SignerId == who.Id && !s.AttestedAtSubmission) is { } earlier)
                    return ItemLifecycle.Stop(new ReviewResult.Forbidden(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.SignedTwice, earlier.Step, step.Name)));
            }
            else if (!who.IsReviewer)
            {
                return ItemLifecycle.Stop(new ReviewResult.Forbidden(ComplianceTexts.OnlyReviewers));
            }

            var (eventId, now) = (IntakeService.NewId(), time.GetUtcNow());
            var signed = approve && step is not null
                ? item with { ReviewSignatures = [.. item.ReviewSignatures, new ReviewSignature(step.Name, who.Id, who.Name, now)] }
                : item;
            var next = step is null ? null : PendingStep(signed, chain);
            if (approve && next is not null)
            {
                // One step signed, more to come: the item stays 待审核 and waits for the next step's people.
                return ItemLifecycle.Move(signed, ItemState.AwaitingReview, AuditAction.ReviewStepSigned) with
                {
                    EventId = eventId,
                    At = now,
                    Details = StepRecord(Article17Record(item, approve, reason, who, now, ComplianceTexts.StepConclusionSigned), step!, next),
                };
            }

            // Approval publishes the item or, for a withdrawal request, withdraws it; refusal returns it or leaves it published.
            var to = (approve, item.WithdrawalRequested) switch
            {
                (true, false) => ItemState.ReadyToPublish,
                (true, true) => ItemState.Withdrawn,
                (false, false) => ItemState.Returned,
                (false, true) => ItemState.Published,
            };
            var moved = approve ? signed : item with { WithdrawalRequested = false, WithdrawalRequestedById = null };
            var details = Article17Record(item, approve, reason, who, now);
            // What follows the decision is committed with it: the render request, or the department's notice of the refusal.
            return ItemLifecycle.Move(moved, to, approve ? AuditAction.ReviewApproved : AuditAction.ReviewRejected) with
            {
                EventId = eventId,
                At = now,
                Details = step is null ? details : StepRecord(details, step, null),
                Messages = [approve ? new RenderRequest(item.Id, item.Version).ToMessage() : new DecisionNotice(item.Id, eventId).ToMessage()],
            };
        }, ct);
        return outcome switch
        {
            LifecycleOutcome<DisclosureItem>.Moved moved => new ReviewResult.Decided(moved.After),
            LifecycleOutcome<DisclosureItem>.NotFound => new ReviewResult.NotFound(),
            LifecycleOutcome<DisclosureItem>.Stopped { Answer: ReviewResult refused } => refused,
            LifecycleOutcome<DisclosureItem>.Stopped stopped => new ReviewResult.Conflict((string)stopped.Answer, stopped.Current),
            LifecycleOutcome<DisclosureItem>.NotAllowed refused => new ReviewResult.Forbidden(refused.Reason),
            _ => new ReviewResult.Conflict(ComplianceTexts.ChangedByOthers),
        };
    }

    /// <summary>The step a decision was taken at, and the step the item waits for next, beside the Art. 17 record.</summary>
    private static Dictionary<string, string> StepRecord(Dictionary<string, string> record, ReviewStep step, ReviewStep? next)
    {
        record[ComplianceTexts.RecordStep] = step.Name;
        if (next is not null) record[ComplianceTexts.RecordNextStep] = next.Name;
        return record;
    }

    /// <summary>
    /// Art. 17 (保密审查): the record keeps 名称, 拟公开方式, 公开范围, 审查结论, 不予公开理由, who reviewed and when.
    /// </summary>
    private Dictionary<string, string> Article17Record(DisclosureItem item, bool approve, string reason, Principal who, DateTimeOffset now, string? conclusion = null)
    {
        var columnName = catalogue.FindColumn(item.ColumnCode)?.Name ?? item.ColumnCode;
        var record = new Dictionary<string, string>
        {
            [ComplianceTexts.RecordTitle] = item.Title,
            [ComplianceTexts.RecordMethod] = item.WithdrawalRequested
                ? string.Format(CultureInfo.InvariantCulture, ComplianceTexts.MethodWithdraw, columnName)
                : string.Format(CultureInfo.InvariantCulture, ComplianceTexts.MethodPublish, item.Attribute.ToChinese(), columnName),
            [ComplianceTexts.RecordScope] = item.Scope.ToChinese(),
            [ComplianceTexts.RecordConclusion] = conclusion ?? (approve, item.WithdrawalRequested) switch
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
