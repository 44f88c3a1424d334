using System.Text.Json;
using Disclosure.Audit;
using Disclosure.Items;
using Disclosure.Work;

namespace Disclosure.Compliance;

/// <summary>
/// <c>{"itemId":"…","eventId":"…"}</c> on <see cref="WorkQueues.DecisionNotices"/>: tell the department about a reviewer's
/// refusal recorded by that audit entry. It is committed with the decision (the item's transactional outbox), so a
/// refusal whose notice could not be sent right away (the process stopped, the outbox was unavailable) is still told.
/// </summary>
public sealed record DecisionNotice(string ItemId, string EventId)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static DecisionNotice Parse(string json)
    {
        var notice = JsonSerializer.Deserialize<DecisionNotice>(json, JsonSerializerOptions.Web) ?? throw new FormatException("empty decision notice");
        if (string.IsNullOrWhiteSpace(notice.ItemId) || string.IsNullOrWhiteSpace(notice.EventId)) throw new FormatException("itemId and eventId are required");
        return notice;
    }

    public WorkMessage ToMessage() => new(WorkQueues.DecisionNotices, ToJson());
}

/// <summary>Sends the notice a <see cref="DecisionNotice"/> asks for, from the audit entry it names. Safe to repeat: notices have stable ids.</summary>
public sealed class DecisionNotices(IItemStore items, IAuditTrail audit, IComplianceRecords records, ComplianceNotices notices)
{
    public async Task<bool> SendAsync(DecisionNotice request, CancellationToken ct)
    {
        var entry = (await audit.ListAsync(request.ItemId, ct)).FirstOrDefault(e => e.EventId == request.EventId);
        if (entry is not { Action: AuditAction.ReviewRejected, Version: { } version }) return false;
        // The item as it was decided: its current state may have moved on (a correction), the notice is about that version.
        var versions = await items.GetVersionsAsync(request.ItemId, ct);
        var decided = versions.FirstOrDefault(v => v.Version == version) ?? (await items.GetAsync(request.ItemId, ct))?.Item;
        if (decided is null) return false;
        var reason = entry.Details.GetValueOrDefault(ComplianceTexts.RecordRefusalReason, "");
        // A refused withdrawal leaves the item 已发布; a refused publication returns it.
        return entry.To == ItemState.Published
            ? await notices.WithdrawalRefusedAsync(decided, reason, entry.Actor, entry.EventId, ct)
            : await notices.RejectedByReviewerAsync(decided, await records.GetAsync(decided.Id, version, ct), reason, entry.Actor, ct);
    }
}
