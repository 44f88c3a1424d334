using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Plan;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Disclosure.Functions.Plan;

/// <summary>
/// What every plan form's POST shares (the tasks form, the parts' forms, the deletions): the form's token, the version
/// the person based the save on (none: 428; another than the stored one: 409 naming the saves they had not seen), the
/// change applied to the plan as stored, and one call of <see cref="PlanService.SaveAsync"/>, the JSON API's, which
/// validates, audits and writes with If-Match. What comes back is either saved, or the page to show again.
/// </summary>
public sealed class PlanFormSaving(PlanService plans, FormTokens tokens)
{
    /// <summary>A plan form is a few fields; a body far larger is not one of them.</summary>
    public const long MaxBodyBytes = 16 * 1024;
    public const string ETagField = "planETag";
    public const string VersionField = "planVersion";
    public const string Changed = "计划已被他人修改，您的修改未保存。上面是现在的计划，您填写的内容仍在表单中：请核对后再保存。";
    public const string NoVersion = "表单没有带上所依据的计划版本，未保存：下面是现在的计划，请核对后再保存。";

    public abstract record Outcome
    {
        public sealed record Saved : Outcome;
        /// <summary>Nothing saved: show <see cref="Shown"/> (the plan as stored) with the errors, under <see cref="ETag"/>/<see cref="Version"/>.</summary>
        public sealed record Refused(IReadOnlyList<FormError> Errors, int Status, DisclosurePlan Shown, string ETag, string Version,
            IReadOnlyList<PlanChangeRow> ChangedSince) : Outcome;
    }

    /// <summary>The posted form, or null when the request is no form of these pages or too large to be one.</summary>
    public static async Task<IFormCollection?> ReadAsync(HttpRequest req, CancellationToken ct)
        => req.ContentLength is null or > MaxBodyBytes || !req.HasFormContentType ? null : await req.ReadFormAsync(ct);

    /// <param name="via">How the save is named in the audit entry: the part (<c>department</c> …, <c>task</c>) and, for a deletion, <c>delete-…</c>.</param>
    /// <param name="fieldIds">The form's field ids: a problem of the validator about one of them is shown there, others at <paramref name="generalField"/>.</param>
    /// <param name="refusedStatus">The status when <paramref name="change"/> refuses: 400 for what was typed, 409 for a deletion something still needs.</param>
    public async Task<Outcome> SaveAsync(int year, Principal who, string via, IFormCollection posted, StoredPlan stored,
        IReadOnlyCollection<string> fieldIds, string generalField, Func<DisclosurePlan, PlanEdit> change, CancellationToken ct,
        int refusedStatus = StatusCodes.Status400BadRequest)
    {
        var current = PlanLoader.Parse(stored.Json);
        var seenETag = posted[ETagField].ToString();
        var seenVersion = posted[VersionField].ToString();
        Outcome.Refused Again(IReadOnlyList<FormError> errors, int status)
            => new(errors, status, current, seenETag, seenVersion, []);
        async Task<Outcome.Refused> Stale(string message, int status)
        {
            // Shown as it is now, under the tag and version it has now, with the saves made since the person's version.
            var now = await plans.GetDocumentAsync(year, ct) ?? stored;
            var shown = PlanLoader.Parse(now.Json);
            var since = seenVersion.Length == 0 ? [] : PlanChangeRow.Since(await plans.ListChangesAsync(year, ct), seenVersion);
            return new([new FormError(generalField, message)], status, shown, EntityTags.ETagOf(now.ETag), shown.Version, since);
        }

        if (!tokens.IsValid(posted[FormTokens.Field].ToString(), who))
            return Again([new FormError(generalField, HttpTexts.FormTokenInvalid)], StatusCodes.Status403Forbidden);
        if (seenETag.Length == 0) return await Stale(NoVersion, StatusCodes.Status428PreconditionRequired);
        if (EntityTags.StoreETagFrom(seenETag) is not { } seen || seen != stored.ETag) return await Stale(Changed, StatusCodes.Status409Conflict);

        var edit = change(current);
        if (edit.Plan is null) return Again(edit.Errors, refusedStatus);
        return await plans.SaveAsync(year, PlanLoader.Serialize(edit.Plan), seen, who, via, ct) switch
        {
            PlanSaveResult.Saved => new Outcome.Saved(),
            PlanSaveResult.Invalid invalid => Again([.. invalid.Found.Select(p => new FormError(fieldIds.Contains(p.Field) ? p.Field : generalField, p.Message))],
                StatusCodes.Status400BadRequest),
            // Someone saved between our read and our write: the store's If-Match refused it.
            _ => await Stale(Changed, StatusCodes.Status409Conflict),
        };
    }
}
