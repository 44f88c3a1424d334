using Disclosure.Telemetry;
using System.Globalization;
using System.Text;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Intake;
using Disclosure.Identity;
using Disclosure.Items;
using Disclosure.Lifecycle;

namespace Disclosure.Compliance;

public enum CheckResult
{
    /// <summary>Nothing to do: a stale or repeated message (the item moved on, or a newer version exists).</summary>
    Ignored,
    /// <summary>Nothing that needs a person was found; the item still waits for its review chain unless its column is exempt.</summary>
    Approved,
    NeedsReview,
    Returned,
    /// <summary>The poison handler marked the item 检查失败.</summary>
    MarkedFailed,
}

/// <summary>What a check did, and what the host should log (<see cref="Warnings"/>: the cloud detector was skipped).</summary>
public sealed record CheckOutcome(CheckResult Result, string Detail, IReadOnlyList<string> Warnings)
{
    public static CheckOutcome Ignore(string detail) => new(CheckResult.Ignored, detail, []);
}

/// <summary>
/// The compliance check of one submitted version (Art. 14, 15, 17), run from the check queue: 已提交 → 检查中 →
/// 待发布 (with a render message in the same commit) / 待审核 / 已退回 (and the department is told why). A withdrawal
/// request (已发布 with <see cref="DisclosureItem.WithdrawalRequested"/>) is checked too but always goes to a person.
/// At-least-once safe: a message for another version, or for an item already past the check, changes nothing.
/// </summary>
public sealed class ComplianceReview(
    IItemStore items, ItemLifecycle lifecycle, IContentStore content, ITextExtractor extractor, ItemComplianceCheck check, IComplianceRecords records,
    ComplianceNotices notices, CatalogueSettings catalogue, TimeProvider time, ICloudPiiDetector? cloud = null, Import.ImportOptions? imports = null,
    ItemMetrics? metrics = null)
{
    /// <summary>The actor of audit entries the system writes by itself.</summary>
    public const string SystemActor = "系统（发布前检查）";
    private static readonly Principal Checker = Principal.System("compliance-checks", SystemActor);
    public const string CloudRuleId = "pii.cloud";

    public async Task<CheckOutcome> CheckAsync(CheckRequest request, CancellationToken ct)
    {
        using var activity = DisclosureTelemetry.StartItemStep("item.check", request.ItemId);
        var outcome = await CheckVersionAsync(request, activity, ct);
        activity?.SetTag("check.result", outcome.Result.ToString());
        if (outcome.Result != CheckResult.Ignored) metrics?.Checked();
        return outcome;
    }

    private async Task<CheckOutcome> CheckVersionAsync(CheckRequest request, System.Diagnostics.Activity? activity, CancellationToken ct)
    {
        var stored = await items.GetAsync(request.ItemId, ct);
        if (stored is null) return CheckOutcome.Ignore("no such item");
        var item = stored.Item;
        activity.TagIndexNumber(item.IndexNumber);
        if (item.Version != request.Version)
            return CheckOutcome.Ignore($"message for version {request.Version}, item is at version {item.Version}");
        if (item.State is ItemState.Returned)
        {
            // The decision was committed but the department may not have been told (a crash in between): tell them
            // now; the notification id makes this a no-op when they were.
            var record = await records.GetAsync(item.Id, item.Version, ct);
            if (record is { Decision: ReviewDecision.Returned }) await notices.ReturnedAfterCheckAsync(item, record, ct);
            return CheckOutcome.Ignore("already returned");
        }
        if (item is { State: ItemState.AwaitingReview } && item.Version == request.Version)
        {
            // Likewise for the department whose item this one would 废止, 修订 or 解读 (a crash after the decision).
            var record = await records.GetAsync(item.Id, item.Version, ct);
            if (record is not null) await TellOwnerOfRelatedItemAsync(item, record, ct);
            return CheckOutcome.Ignore("already awaiting review");
        }
        if (!InTheCheck(item, request)) return CheckOutcome.Ignore($"item is {item.State}");

        if (item.State is ItemState.Submitted)
        {
            var started = await lifecycle.MoveAsync(item.Id, Checker, current => current is { State: ItemState.Submitted } && current.Version == request.Version
                ? ItemLifecycle.Move(current, ItemState.Checking, AuditAction.CheckStarted)
                : ItemLifecycle.Stop("no longer submitted"), ct);
            // A second delivery of the message may have started the check first: it goes on from where the item is.
            item = started switch
            {
                LifecycleOutcome<DisclosureItem>.Moved moved => moved.After,
                LifecycleOutcome<DisclosureItem>.Stopped stopped => stopped.Current,
                LifecycleOutcome<DisclosureItem>.Conflicted => throw new ItemChangedException(request.ItemId),
                _ => null,
            };
            if (item is null || !InTheCheck(item, request)) return CheckOutcome.Ignore(item is null ? "no such item" : $"item is {item.State}");
        }

        var isWithdrawal = item is { State: ItemState.Published, WithdrawalRequested: true };
        var (texts, unextractable, pictures, attachmentTexts) = await ExtractAsync(item, ct);
        var report = await check.CheckAsync(item, texts, unextractable, ct, pictures);
        var findings = report.Findings.ToList();
        var warnings = new List<string>();
        var cloudUsed = false;
        if (cloud is not null)
        {
            var sources = TextSource.FromItemFields(item).Concat(texts).ToList();
            try
            {
                var result = await cloud.DetectAsync(sources, ct);
                cloudUsed = true;
                findings.AddRange(CloudFindings(result, sources, findings));
                warnings.AddRange(result.Failures.Select(f => $"cloud detector could not analyse {f.Source}: {f.Code} {f.Message}"));
            }
            catch (CloudPiiDetectorException e) when (!e.IsTransient)
            {
                // A wrong endpoint or key is for an operator to fix; the local rules have run, so the check stands.
                warnings.Add($"cloud detector skipped ({(e.IsConfigurationError ? "configuration" : "request")} error {e.ErrorCode}): {e.Message}");
            }
        }

        var column = catalogue.FindColumn(item.ColumnCode);
        var decision = isWithdrawal ? ReviewDecision.NeedsReview : ReviewOutcome.Decide(findings, column);
        var compliance = new ComplianceRecord(item.Id, item.Version, decision, time.GetUtcNow(),
            FindingContext.For(findings, [.. TextSource.FromItemFields(item), .. texts]), cloudUsed)
        { Pictures = pictures, AttachmentTexts = ComplianceRecord.Keep(attachmentTexts) };
        await records.SaveAsync(compliance, ct);

        // 条例第十七条 (先审后发): a clean item waits for the people of its review chain; the findings only rank and annotate
        // the queue. Only a column an administrator exempted, with a recorded reason, publishes after the check alone.
        var publishWithoutPerson = decision == ReviewDecision.Approved && column?.AutomatedPublication is not null;
        var checkedState = decision switch
        {
            ReviewDecision.Approved when publishWithoutPerson => ItemState.ReadyToPublish,
            ReviewDecision.Approved or ReviewDecision.NeedsReview => ItemState.AwaitingReview,
            _ => ItemState.Returned,
        };
        // 历史导入: the earlier system's review published the version imported; the check's findings are for the office to
        // act on, and its setting decides whether they hold the item back (to a reviewer, never back to a department
        // that did not submit it). Nothing is returned; a clean imported item goes out with the next publication run.
        var importedFindings = IsImportedVersion(item) && !isWithdrawal
            ? findings.Where(f => f.Severity is Severity.Block or Severity.Review).ToList()
            : null;
        if (importedFindings is not null)
        {
            publishWithoutPerson = importedFindings.Count == 0 || !(imports ?? new Import.ImportOptions()).HoldItemsWithFindings;
            checkedState = publishWithoutPerson ? ItemState.ReadyToPublish : ItemState.AwaitingReview;
        }
        // Two deliveries of one message may race: the loser finds the item past the check and changes nothing.
        var verdict = await lifecycle.MoveAsync(item.Id, Checker, current => current.State == item.State && current.Version == item.Version
            ? ItemLifecycle.Move(current with { ReviewRank = checkedState == ItemState.AwaitingReview ? compliance.Rank : null }, checkedState, AuditAction.Checked) with
            {
                Details = importedFindings is not null
                    ? ImportedCheckDetails(compliance, publishWithoutPerson)
                    : CheckDetails(compliance, isWithdrawal, publishWithoutPerson ? column!.AutomatedPublication : null),
                Messages = publishWithoutPerson ? [new RenderRequest(current.Id, current.Version).ToMessage()] : [],
            }
            : ItemLifecycle.Stop($"item is {current.State}"), ct);
        if (verdict is not LifecycleOutcome<DisclosureItem>.Moved { After: var next })
            return verdict is LifecycleOutcome<DisclosureItem>.Conflicted ? throw new ItemChangedException(item.Id) : CheckOutcome.Ignore("item moved on during the check");

        if (importedFindings is { Count: > 0 }) await notices.ImportedWithFindingsAsync(next, compliance, held: !publishWithoutPerson, ct);
        else if (importedFindings is null && decision == ReviewDecision.Returned) await notices.ReturnedAfterCheckAsync(next, compliance, ct);
        if (decision == ReviewDecision.NeedsReview) await TellOwnerOfRelatedItemAsync(next, compliance, ct);
        var outcome = decision switch
        {
            ReviewDecision.Approved => CheckResult.Approved,
            ReviewDecision.NeedsReview => CheckResult.NeedsReview,
            _ => CheckResult.Returned,
        };
        return new CheckOutcome(outcome, string.Format(CultureInfo.InvariantCulture, ComplianceTexts.CheckCountsValue,
            compliance.Count(Severity.Block), compliance.Count(Severity.Review), compliance.Count(Severity.Info)), warnings);
    }

    /// <summary>The version a 历史导入 brought in (a later correction is a department's submission like any other).</summary>
    private static bool IsImportedVersion(DisclosureItem item) => item is { Imported: not null, Version: 1 };

    private static IReadOnlyDictionary<string, string> ImportedCheckDetails(ComplianceRecord record, bool published)
    {
        var details = new Dictionary<string, string>(CheckDetails(record, isWithdrawal: false, withoutPerson: null))
        {
            [ComplianceTexts.ImportedCheck] = published ? ComplianceTexts.ImportedPublished : ComplianceTexts.ImportedHeld,
        };
        return details;
    }

    /// <summary>The related item belongs to another department (<see cref="RuleIds.RelatedItemOfOtherDepartment"/>): that department is told.</summary>
    private async Task TellOwnerOfRelatedItemAsync(DisclosureItem item, ComplianceRecord record, CancellationToken ct)
    {
        if (item.RelatedItemId is null || !record.Findings.Any(f => f.Finding.RuleId == RuleIds.RelatedItemOfOtherDepartment)) return;
        if (await items.GetAsync(item.RelatedItemId, ct) is { Item: var target } && target.DepartmentCode != item.DepartmentCode)
            await notices.RelatedItemOfOtherDepartmentAsync(item, target, ct);
    }

    /// <summary>The version the message names is waiting for its check: submitted, being checked, or a withdrawal request.</summary>
    private static bool InTheCheck(DisclosureItem item, CheckRequest request) => item.Version == request.Version
        && (item.State is ItemState.Submitted or ItemState.Checking || item is { State: ItemState.Published, WithdrawalRequested: true });

    /// <summary>
    /// The check message failed on every attempt and the host moved it to the poison queue: the item must not stay
    /// 检查中 (nor 已提交) for ever, so it becomes 检查失败 and the operators are alerted. Safe to repeat.
    /// </summary>
    public async Task<CheckOutcome> MarkCheckFailedAsync(CheckRequest request, string queue, CancellationToken ct)
    {
        var outcome = await lifecycle.MoveAsync(request.ItemId, Checker, current => InTheCheck(current, request)
            ? ItemLifecycle.Move(current, ItemState.CheckFailed, AuditAction.CheckFailed) with
            {
                Details = new Dictionary<string, string> { ["原因"] = string.Format(CultureInfo.InvariantCulture, ComplianceTexts.CheckFailedIntro, queue) },
            }
            : ItemLifecycle.Stop("item is not in the check"), ct);
        var item = outcome switch
        {
            LifecycleOutcome<DisclosureItem>.Moved moved => moved.After,
            LifecycleOutcome<DisclosureItem>.Stopped stopped => stopped.Current,
            LifecycleOutcome<DisclosureItem>.NotFound => null,
            var other => throw new InvalidOperationException($"检查失败 could not be recorded for {request.ItemId}: {other}"),
        };
        // Alert when this version failed (again on a repeat, where the id keeps it to one alert); a message for
        // a version that was since checked or replaced needs nobody's attention.
        if (item is null || (item.Version == request.Version && item.State == ItemState.CheckFailed))
            await notices.CheckFailedAsync(request.ItemId, request.Version, item, queue, ct);
        return outcome is LifecycleOutcome<DisclosureItem>.Moved
            ? new CheckOutcome(CheckResult.MarkedFailed, "marked 检查失败", [])
            : CheckOutcome.Ignore("item is not in the check");
    }

    private async Task<(List<TextSource> Texts, List<UnextractableSource> Unextractable, List<AttachmentPictures> Pictures, List<AttachmentText> AttachmentTexts)> ExtractAsync(
        DisclosureItem item, CancellationToken ct)
    {
        var texts = new List<TextSource>();
        var attachmentTexts = new List<AttachmentText>();
        var unextractable = new List<UnextractableSource>();
        var pictures = new List<AttachmentPictures>();
        if (item.BodyId is not null)
        {
            string body;
            await using (var stream = await content.OpenAsync(item.Id, item.BodyId, ct))
            using (var reader = new StreamReader(stream, Encoding.UTF8))
                body = await reader.ReadToEndAsync(ct);
            texts.Add(TextSource.Body(item.BodyFormat == BodyFormat.Html ? BodySanitizer.ToPlainText(body) : body));
        }
        foreach (var attachment in item.Attachments)
        {
            ExtractedText extracted;
            await using (var stream = await content.OpenAsync(item.Id, attachment.Id, ct))
                extracted = await extractor.ExtractAsync(stream, attachment.ContentType, ct);
            var name = TextSource.AttachmentName(attachment.FileName);
            if (extracted.Text.Length > 0) texts.Add(new TextSource(name, extracted.Text));
            attachmentTexts.Add(new AttachmentText(attachment.Id, attachment.FileName, extracted.Text));
            if (!extracted.IsComplete) unextractable.Add(new UnextractableSource(name, extracted.IncompleteReason ?? ""));
            if (extracted.Pictures.HasPictures) pictures.Add(new AttachmentPictures(attachment.Id, name, extracted.Pictures));
        }
        return (texts, unextractable, pictures, attachmentTexts);
    }

    /// <summary>Entities the cloud detector found that no local finding already covers, as findings for a person to look at.</summary>
    public static IEnumerable<ComplianceFinding> CloudFindings(CloudPiiResult result, IReadOnlyList<TextSource> sources, IReadOnlyList<ComplianceFinding> local)
    {
        var texts = sources.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First().Text, StringComparer.Ordinal);
        foreach (var entity in result.Entities)
        {
            var end = entity.Offset + entity.Length;
            if (local.Any(f => f.Source == entity.Source && f.Offset < end && entity.Offset < f.Offset + f.Length)) continue;
            var value = texts.TryGetValue(entity.Source, out var text) && entity.Offset >= 0 && end <= text.Length
                ? text.Substring(entity.Offset, entity.Length)
                : "";
            yield return new ComplianceFinding(CloudRuleId, Severity.Review, entity.Source, entity.Offset, entity.Length,
                MaskCloudValue(value),
                string.Format(CultureInfo.InvariantCulture, ComplianceTexts.CloudEntity, entity.Category, entity.Confidence),
                ComplianceTexts.CloudEntityAdvice);
        }
    }

    private static string MaskCloudValue(string value)
    {
        if (value.Length <= 2) return new string('*', value.Length);
        var keep = value.Length >= 8 ? 2 : 1;
        return string.Concat(value.AsSpan(0, keep), new string('*', value.Length - 2 * keep), value.AsSpan(value.Length - keep));
    }

    private static IReadOnlyDictionary<string, string> CheckDetails(ComplianceRecord record, bool isWithdrawal, AutomatedPublicationPermission? withoutPerson)
    {
        var details = new Dictionary<string, string>
        {
            [ComplianceTexts.CheckConclusion] = record.Decision.ToChinese(),
            [ComplianceTexts.CheckCounts] = string.Format(CultureInfo.InvariantCulture, ComplianceTexts.CheckCountsValue,
                record.Count(Severity.Block), record.Count(Severity.Review), record.Count(Severity.Info)),
        };
        if (isWithdrawal) details[ComplianceTexts.CheckConclusion] = ComplianceTexts.CheckWithdrawal;
        // The self-inspection and the annual report count these from the audit trail, with the permission's reason.
        if (withoutPerson is not null) details[ComplianceTexts.AutomatedPublication] = ComplianceTexts.AutomatedPublicationValue(withoutPerson);
        return details;
    }
}
