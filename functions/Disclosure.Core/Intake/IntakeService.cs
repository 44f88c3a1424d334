using Disclosure.Telemetry;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Items;
using Disclosure.Lifecycle;
using Disclosure.Work;

namespace Disclosure.Intake;

/// <summary>The outcome of a submission, correction or withdrawal request.</summary>
public abstract record IntakeResult
{
    /// <summary>Stored (or, for a repeated idempotency key, found): <see cref="IsNew"/> says which.</summary>
    public sealed record Accepted(DisclosureItem Item, bool IsNew) : IntakeResult;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : IntakeResult;
    public sealed record NotFound : IntakeResult;
    public sealed record Forbidden(string Reason) : IntakeResult;
    public sealed record Conflict(string Reason) : IntakeResult;
    /// <summary>A change that did not say which version it was based on: refused, so that it cannot overwrite unseen work.</summary>
    public sealed record PreconditionRequired : IntakeResult;
    /// <summary>A change based on an older version: nothing was changed; <see cref="Current"/> is what is there now.</summary>
    public sealed record Stale(DisclosureItem Current, string ETag) : IntakeResult;
    /// <summary>Valid field by field, but the whole is more than the store can keep; nothing was stored.</summary>
    public sealed record TooLarge : IntakeResult;
}

/// <summary>
/// The version a change was based on: the status ETag (HTTP If-Match) or the version number (the form's hidden
/// <c>version</c>, or <c>version</c> in JSON). One of them is required for a correction.
/// </summary>
public sealed record BasedOn(string? ETag, int? Version)
{
    public bool IsMissing => ETag is null && Version is null;

    public bool Matches(StoredItem current)
        => (ETag is null || ETag == current.ETag) && (Version is null || Version == current.Item.Version);
}

/// <summary>The compliance check's work message: ids, not payloads; the version lets a stale message be ignored.</summary>
public sealed record CheckRequest(string ItemId, int Version)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);
    public static CheckRequest Parse(string json)
    {
        var request = JsonSerializer.Deserialize<CheckRequest>(json, JsonSerializerOptions.Web) ?? throw new FormatException("empty check request");
        return string.IsNullOrWhiteSpace(request.ItemId) ? throw new FormatException("no itemId") : request;
    }
    public WorkMessage ToMessage() => new(WorkQueues.ComplianceChecks, ToJson());
}

/// <summary>
/// Departments' submissions: assigns the permanent 索引号, stores body, attachments and metadata, records the audit
/// trail and starts the compliance check — all or nothing.
/// </summary>
public sealed class IntakeService(
    CatalogueSettings catalogue, SubmissionValidator validator, IItemStore items, ItemLifecycle lifecycle, IContentStore content,
    IIndexNumberAllocator indexNumbers, IIdempotencyStore idempotency, TimeProvider time, ItemMetrics? metrics = null)
{
    public static string NewId() => Guid.NewGuid().ToString("N");

    public async Task<IntakeResult> SubmitAsync(Principal who, SubmissionDraft draft, string? idempotencyKey, CancellationToken ct)
    {
        var (valid, errors) = await validator.ValidateAsync(draft, who, ct);
        if (valid is null) return new IntakeResult.Invalid(errors);

        var itemId = NewId();
        IdempotencyReservation? reservation = null;
        if (!string.IsNullOrWhiteSpace(idempotencyKey))
        {
            reservation = await idempotency.ReserveAsync(IdempotencyScope(who), idempotencyKey, itemId, ct);
            if (!reservation.IsNew && await items.GetAsync(reservation.ItemId, ct) is { } earlier)
                return new IntakeResult.Accepted(earlier.Item, IsNew: false);
            itemId = reservation.ItemId; // an earlier attempt with this key failed part-way: finish it under the same id
        }

        using var activity = DisclosureTelemetry.StartItemStep("item.intake", itemId);
        var stored = new List<string>();
        try
        {
            var (bodyId, attachments) = await StoreContentAsync(itemId, valid, stored, ct);
            var number = reservation?.IndexNumber ?? await indexNumbers.NextAsync(catalogue.Agency.IssuerCode, ChinaTime.Today(time).Year, ct);
            if (reservation is { IndexNumber: null }) await idempotency.RecordIndexNumberAsync(reservation, number, ct);
            activity.TagIndexNumber(number);

            var item = ToItem(valid, itemId, number, version: 1, bodyId, attachments, who, time.GetUtcNow());
            var created = await lifecycle.CreateAsync(who, ItemLifecycle.Move(item, ItemState.Submitted, AuditAction.Submitted) with
            {
                At = item.SubmittedAt,
                Details = AttestationDetails(item),
                Messages = [new CheckRequest(item.Id, item.Version).ToMessage()],
            }, ct);
            metrics?.Submitted();
            return new IntakeResult.Accepted(created, IsNew: true);
        }
        catch (ItemTooLargeException)
        {
            await DeleteAsync(itemId, stored);
            return new IntakeResult.TooLarge();
        }
        catch (ItemAlreadyExistsException)
        {
            await DeleteAsync(itemId, stored);
            var existing = await items.GetAsync(itemId, ct) ?? throw new InvalidOperationException($"Item {itemId} vanished.");
            return new IntakeResult.Accepted(existing.Item, IsNew: false);
        }
        catch (Exception e)
        {
            await CompensateAsync(e, itemId, stored);
            throw;
        }
    }

    /// <summary>A corrected version: same id and 索引号, the previous version kept, the checks run again.</summary>
    public async Task<IntakeResult> CorrectAsync(Principal who, string itemId, SubmissionDraft draft, BasedOn basedOn, CancellationToken ct)
    {
        var current = await items.GetAsync(itemId, ct);
        if (current is null) return new IntakeResult.NotFound();
        if (!lifecycle.MayTake(who, current.Item, AuditAction.Corrected)) return new IntakeResult.Forbidden("只能更正本处室报送的信息。");
        if (NotCorrectable(current.Item) is { } refusal) return refusal;
        // Two people correcting the same item: the second must not silently replace the first's version.
        if (basedOn.IsMissing) return new IntakeResult.PreconditionRequired();
        if (!basedOn.Matches(current)) return new IntakeResult.Stale(current.Item, current.ETag);

        var (valid, errors) = await validator.ValidateAsync(draft with { Department = current.Item.DepartmentCode }, who, ct);
        if (valid is null) return new IntakeResult.Invalid(errors);

        var stored = new List<string>();
        try
        {
            var (bodyId, attachments) = await StoreContentAsync(itemId, valid, stored, ct);
            var outcome = await lifecycle.MoveAsync(itemId, who, item =>
            {
                if (NotCorrectable(item) is { } refused) return ItemLifecycle.Stop(refused);
                var next = ToItem(valid, itemId, item.IndexNumber, item.Version + 1, bodyId, attachments, who, time.GetUtcNow()) with
                {
                    SubmittedBy = item.SubmittedBy,
                    SubmittedById = item.SubmittedById,
                    SubmittedAt = item.SubmittedAt,
                    PublishedOn = item.PublishedOn,
                    PublishedVersion = item.PublishedVersion,
                    Imported = item.Imported, // its old address still has to lead to it
                };
                return ItemLifecycle.Move(next, ItemState.Submitted, AuditAction.Corrected) with
                {
                    Details = AttestationDetails(next),
                    Messages = [new CheckRequest(next.Id, next.Version).ToMessage()],
                };
            }, ct, ifMatch: current.ETag);
            if (outcome is LifecycleOutcome<DisclosureItem>.Moved moved) return new IntakeResult.Accepted(moved.After, IsNew: true);
            await DeleteAsync(itemId, stored);
            return Refusal(outcome);
        }
        catch (ItemTooLargeException)
        {
            await DeleteAsync(itemId, stored);
            return new IntakeResult.TooLarge();
        }
        catch (Exception e)
        {
            await CompensateAsync(e, itemId, stored);
            throw;
        }
    }

    /// <summary>Why this item takes no correction now, or null when it does.</summary>
    private static IntakeResult? NotCorrectable(DisclosureItem item) => item.State switch
    {
        ItemState.Withdrawn => new IntakeResult.Conflict("该信息已撤回，不能再更正；如需重新公开，请作为新信息报送。"),
        ItemState.Checking => new IntakeResult.Conflict("该信息正在检查中，请待检查完成后再提交更正版本。"),
        _ => null,
    };

    /// <summary>A department asks to take a published item down (撤回); a reviewer decides after the checks.</summary>
    public async Task<IntakeResult> RequestWithdrawalAsync(Principal who, string itemId, string? reason, CancellationToken ct)
    {
        var current = await items.GetAsync(itemId, ct);
        if (current is null) return new IntakeResult.NotFound();
        if (!lifecycle.MayTake(who, current.Item, AuditAction.WithdrawalRequested)) return new IntakeResult.Forbidden("只能申请撤回本处室报送的信息。");
        reason = InputText.Normalize(reason).Trim();
        if (reason.Length == 0)
            return new IntakeResult.Invalid([new FieldError("reason", "请填写撤回理由。")]);
        if (reason.Length > InputText.MaxReasonLength)
            return new IntakeResult.Invalid([new FieldError("reason", $"撤回理由不能超过 {InputText.MaxReasonLength} 个字。")]);

        var outcome = await lifecycle.MoveAsync(itemId, who, item =>
        {
            if (item.State is not ItemState.Published)
                return ItemLifecycle.Stop(new IntakeResult.Conflict($"只有已发布的信息可以申请撤回；该信息当前状态为“{item.State.ToChinese()}”。"));
            // One request at a time: a second one is refused, so the reason the reviewer reads is the first, as filed.
            if (item.WithdrawalRequested) return ItemLifecycle.Stop(new IntakeResult.Conflict(IntakeTexts.WithdrawalPending(item.WithdrawalReason)));
            return ItemLifecycle.Move(item with { WithdrawalRequested = true, WithdrawalReason = reason, WithdrawalRequestedById = who.Id }, item.State, AuditAction.WithdrawalRequested) with
            {
                Details = new Dictionary<string, string> { ["理由"] = reason },
                Messages = [new CheckRequest(item.Id, item.Version).ToMessage()],
            };
        }, ct, ifMatch: current.ETag);
        return outcome is LifecycleOutcome<DisclosureItem>.Moved moved ? new IntakeResult.Accepted(moved.After, IsNew: true) : Refusal(outcome);
    }

    /// <summary>What a move that did not happen means for the department.</summary>
    private static IntakeResult Refusal(LifecycleOutcome<DisclosureItem> outcome) => outcome switch
    {
        LifecycleOutcome<DisclosureItem>.Stopped { Answer: IntakeResult answer } => answer,
        LifecycleOutcome<DisclosureItem>.NotFound => new IntakeResult.NotFound(),
        LifecycleOutcome<DisclosureItem>.NotAllowed refused => new IntakeResult.Conflict(refused.Reason),
        _ => new IntakeResult.Conflict(IntakeTexts.ChangedByOthers),
    };

    private static string IdempotencyScope(Principal who) => who.DepartmentCode ?? "user:" + who.Name;

    private async Task<(string? BodyId, List<Attachment> Attachments)> StoreContentAsync(
        string itemId, ValidSubmission valid, List<string> stored, CancellationToken ct)
    {
        string? bodyId = null;
        if (valid.Body.Length > 0)
        {
            bodyId = "body-" + NewId();
            var contentType = valid.BodyFormat == BodyFormat.Html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
            await using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(valid.Body));
            stored.Add(bodyId);
            await content.PutAsync(itemId, bodyId, body, contentType, ct);
        }
        var attachments = new List<Attachment>();
        foreach (var file in valid.Attachments)
        {
            var id = "att-" + NewId();
            stored.Add(id);
            await using var stream = new MemoryStream(file.Content, writable: false);
            await content.PutAsync(itemId, id, stream, file.Type.ContentType, ct);
            attachments.Add(new Attachment(id, file.FileName, file.Type.ContentType, file.Content.Length, Convert.ToHexStringLower(SHA256.HashData(file.Content))));
        }
        return (bodyId, attachments);
    }

    /// <summary>Compensation: content written for a submission that was not stored must not stay behind.</summary>
    private async Task DeleteAsync(string itemId, List<string> contentIds)
    {
        foreach (var id in contentIds)
        {
            try { await content.DeleteAsync(itemId, id, CancellationToken.None); }
            catch (Exception) { /* best effort; an unreferenced blob under a stored item id is harmless, under an unstored one it is swept */ }
        }
    }

    /// <summary>
    /// Compensation after an error that may have come after the commit. A cancelled request (the client or the host went
    /// away, or a timeout) does not say whether or when storage applies the transaction: it may still be applying it while
    /// a read here finds nothing, and content deleted then would be missing from the version that lands (its check would
    /// fail on every attempt: 检查失败 after a host was stopped mid-submission). So after a cancellation everything stays,
    /// and the orphan sweep removes, an hour later, what no version refers to. After an answer from storage, a read says
    /// what was stored: content a stored version refers to stays, the rest goes.
    /// </summary>
    private Task CompensateAsync(Exception error, string itemId, List<string> contentIds) =>
        error is OperationCanceledException ? Task.CompletedTask : DeleteUnlessStoredAsync(itemId, contentIds);

    private async Task DeleteUnlessStoredAsync(string itemId, List<string> contentIds)
    {
        try
        {
            var versions = await items.GetVersionsAsync(itemId, CancellationToken.None);
            var referenced = versions.SelectMany(v => v.Attachments.Select(a => a.Id).Append(v.BodyId)).ToHashSet();
            if (contentIds.Any(referenced.Contains)) return;
        }
        catch (Exception)
        {
            return;
        }
        await DeleteAsync(itemId, contentIds);
    }

    /// <summary>
    /// The steps of the item's review chain the submitting department attests by submitting (处室负责人初审, 条例第十七条):
    /// signed by the person who submits this version, so the record says who confirmed it and when.
    /// </summary>
    private IReadOnlyList<ReviewSignature> AttestedSteps(ValidSubmission v, Principal who, DateTimeOffset now)
        => ReviewChains.For(catalogue, v.Column, v.Genre).Where(s => s.AttestedAtSubmission)
            .Select(s => new ReviewSignature(s.Name, who.Id, who.Name, now, AttestedAtSubmission: true)).ToList();

    private static IReadOnlyDictionary<string, string> AttestationDetails(DisclosureItem item)
        => item.ReviewSignatures.Where(s => s.AttestedAtSubmission)
            .ToDictionary(s => s.Step, s => string.Format(CultureInfo.InvariantCulture, IntakeTexts.AttestedAtSubmission, s.Signer));

    private DisclosureItem ToItem(ValidSubmission v, string id, IndexNumber number, int version, string? bodyId,
        IReadOnlyList<Attachment> attachments, Principal who, DateTimeOffset now)
        => SubmissionItems.From(v, id, number, version, bodyId, attachments, who, now) with { ReviewSignatures = AttestedSteps(v, who, now) };
}

/// <summary>
/// A checked submission as the item it becomes: one mapping for the department's submission and the historical
/// import (<see cref="Import.CatalogueImport"/>), so both keep the same fields.
/// </summary>
public static class SubmissionItems
{
    public static DisclosureItem From(ValidSubmission v, string id, IndexNumber number, int version, string? bodyId,
        IReadOnlyList<Attachment> attachments, Principal who, DateTimeOffset now) => new()
    {
        Id = id,
        IndexNumber = number,
        Version = version,
        Title = v.Title,
        ColumnCode = v.Column.Code,
        Genre = v.Genre,
        Publisher = v.Publisher,
        DepartmentCode = v.Department.Code,
        DocumentNumber = v.DocumentNumber,
        FormedOn = v.FormedOn,
        ApprovedOn = v.Dates.ApprovedOn,
        DecidedOn = v.Dates.DecidedOn,
        NoticeStartsOn = v.Dates.NoticeStartsOn,
        Reposted = v.Dates.Reposted,
        ReceivedOn = v.Dates.ReceivedOn,
        Attribute = v.Attribute,
        Scope = v.Scope,
        PublicUntil = v.PublicUntil,
        Validity = v.Validity,
        EffectiveFrom = v.EffectiveFrom,
        ValidUntil = v.ValidUntil,
        Keywords = v.Keywords,
        Summary = v.Summary,
        BodyFormat = v.BodyFormat,
        BodyId = bodyId,
        Relation = v.Relation,
        RelatedItemId = v.RelatedItem?.Id,
        Attachments = attachments,
        SubmittedBy = who.Name,
        SubmittedById = who.Id,
        VersionSubmittedById = who.Id,
        SubmittedAt = now,
        UpdatedAt = now,
    };
}

/// <summary>Sentences intake says more than once.</summary>
public static class IntakeTexts
{
    public const string ChangedByOthers = "该信息已被他人修改，请刷新后重试。";
    /// <summary>An attested step in the audit trail: who confirmed, by submitting, that the department's head reviewed the item.</summary>
    public const string AttestedAtSubmission = "由报送人{0}在报送时确认已经处室负责人审核";
    public const string VersionRequiredTitle = "需要提供所依据的版本";
    public const string VersionRequired = "请说明本次更正所依据的版本：表单中的 version（版本号），或 If-Match 请求头（状态页返回的 ETag）。请从状态页重新打开更正表单。";
    public const string StaleTitle = "该信息已被他人修改";
    public const string TooLargeTitle = "提交内容过大";
    public const string TooLarge = "各项内容合计超出系统可保存的大小（例如附件过多或附件名过长），未保存任何内容。请减少附件数量或缩短内容后重新提交。";

    /// <summary>A second withdrawal request while the first waits for a reviewer: nothing is recorded, the first reason stands.</summary>
    public static string WithdrawalPending(string? firstReason)
        => $"该信息已有撤回申请正在等待审核（理由：{firstReason}），本次申请未登记。如需补充理由，请联系审核人员。";

    /// <summary>What the department sees on the status page after asking to withdraw.</summary>
    public static string WithdrawalReceived(DisclosureItem item)
        => $"撤回申请已提交（理由：{item.WithdrawalReason}）。审核人员同意后，该信息立即从门户网站撤下；在此之前仍保持发布。";

    /// <summary>What a stale correction is told: the version and state there are now; nothing was saved.</summary>
    public static string Stale(DisclosureItem current)
        => $"该信息已被他人修改（当前为第 {current.Version} 版，状态“{current.State.ToChinese()}”），本次更正未保存。请刷新后在最新版本上重新更正。";
}
