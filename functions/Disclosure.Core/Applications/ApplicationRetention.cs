using Disclosure.Calendar;
using Disclosure.Identity;
using Disclosure.Lifecycle;

namespace Disclosure.Applications;

/// <summary>
/// Deletes applicants' personal data (name, identity document number, phone, e-mail, address) once the retention period
/// the agency set (<see cref="ApplicationOptions.RetentionYears"/>, <see cref="ApplicationOptions.RetentionDays"/>) has
/// run from the application's conclusion, with the identity-proof files the applicant attached. The record, its events and its figures stay (the applicant's kind counts in
/// table 三). Each deletion is a lifecycle move of the system, so it has its audit entry; an application already erased
/// is skipped, so a repeated or concurrent run deletes nothing twice.
/// </summary>
public sealed class ApplicationRetention(
    IApplicationStore store, ApplicationLifecycle lifecycle, IIdentityProofStore identityProofs, ApplicationOptions options, TimeProvider time)
{
    public const string Erased = "（已删除）";
    private static readonly Principal RetentionRun = Principal.System("application-retention", "个人信息保存期限");

    /// <summary>The last conclusion date whose personal data may still be kept on <paramref name="today"/>, or null when no period is set.</summary>
    public DateOnly? KeepConcludedAfter(DateOnly today)
        => options.RetentionYears <= 0 && options.RetentionDays <= 0 ? null : today.AddYears(-Math.Max(0, options.RetentionYears)).AddDays(-Math.Max(0, options.RetentionDays));

    /// <summary>Erases what is due today; returns the ids of the applications erased by this run.</summary>
    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        if (KeepConcludedAfter(today) is not { } limit) return [];
        var erased = new List<string>();
        var due = new List<string>();
        await foreach (var a in store.ListAsync(ct))
            if (IsDue(a, limit)) due.Add(a.Id);
        foreach (var id in due)
        {
            // The identity documents go before the record says they are gone: if this run stops between the two, the
            // next one finds the application still due and deletes again (nothing), never a record pointing at files left behind.
            var filesDeleted = await identityProofs.DeleteAllAsync(id, ct);
            var outcome = await lifecycle.MoveAsync(id, RetentionRun, current =>
            {
                if (!IsDue(current, limit)) return Decision<DisclosureApplication, ApplicationState>.Stop(current);
                var eventId = $"retention-{current.Id}";
                var next = current with
                {
                    Applicant = current.Applicant with { Name = Erased, IdDocumentNumber = "", Phone = null, Email = null, Address = null },
                    IdentityProofs = [],
                    Events = [.. current.Events, new ApplicationEvent(eventId, ApplicationEventKind.PersonalDataErased, today, RetentionRun.Name, time.GetUtcNow())],
                    Revision = current.Revision + 1,
                };
                return new Move<DisclosureApplication, ApplicationState>(next, current.State, ApplicationEventKind.PersonalDataErased.Code())
                {
                    EventId = eventId,
                    Details = new Dictionary<string, string>
                    {
                        ["concludedOn"] = current.ConcludedOn!.Value.ToString("yyyy-MM-dd"),
                        ["retention"] = $"{options.RetentionYears}y{options.RetentionDays}d",
                        ["identityProofsDeleted"] = filesDeleted.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    },
                };
            }, ct);
            if (outcome is LifecycleOutcome<DisclosureApplication>.Moved) erased.Add(id);
        }
        return erased;
    }

    private static bool IsDue(DisclosureApplication a, DateOnly limit)
        => a.ConcludedOn is { } concluded && concluded < limit && !a.Events.Any(e => e.Kind == ApplicationEventKind.PersonalDataErased);
}
