using Disclosure.Identity;
using Disclosure.Lifecycle;
using Disclosure.Work;

namespace Disclosure.Applications;

/// <summary>
/// An application's life (Art. 27–45): every state change it may make and who may make it, in one table. Legal limits
/// that depend on dates (补正 within 7 working days, one extension before the due date …) are checked by
/// <see cref="ApplicationRules"/>; which moves exist at all is read here.
/// </summary>
public static class ApplicationTransitions
{
    /// <summary>The disclosure office (政府信息公开工作机构): reviewers and administrators of the workbench.</summary>
    public const string Office = "DisclosureOffice";
    /// <summary>A person of the department the office assigned the application to (承办处室).</summary>
    public const string HandlingDepartment = "HandlingDepartment";
    /// <summary>A member of the public using the on-line form; no account, so held by anyone who is not staff.</summary>
    public const string Applicant = "Applicant";

    private static readonly ApplicationState?[] Open =
        [ApplicationState.Received, ApplicationState.AwaitingClarification, ApplicationState.InProgress, ApplicationState.Paused];
    private static readonly ApplicationState?[] Counting = [ApplicationState.Received, ApplicationState.InProgress];

    public static readonly TransitionTable<ApplicationState> Table = Build();

    public static string RoleName(string role) => role switch
    {
        Office => "政府信息公开工作机构",
        HandlingDepartment => "承办处室",
        Applicant => "申请人",
        Role.System => "系统",
        _ => role,
    };

    private static string Code(ApplicationEventKind kind) => kind.Code();

    private static TransitionTable<ApplicationState> Build()
    {
        var table = new TransitionTable<ApplicationState>(s => s.ToChinese(), ApplicationEventKinds.ActionToChinese, RoleName)
            // The public files on line; the office registers letters, faxes and applications handed in (Art. 29, 31).
            .Allow(Code(ApplicationEventKind.Registered), (ApplicationState?)null, ApplicationState.Received, Applicant, Office)
            .Allow(Code(ApplicationEventKind.Assigned), ApplicationState.Received, ApplicationState.InProgress, Office)
            // 补正 (Art. 30): asked once, answered or lapsed; the answer restarts the clock.
            .Allow(Code(ApplicationEventKind.ClarificationRequested), Counting, ApplicationState.AwaitingClarification, Office, HandlingDepartment)
            .Allow(Code(ApplicationEventKind.ClarificationReceived), ApplicationState.AwaitingClarification, ApplicationState.InProgress, Office)
            .Allow(Code(ApplicationEventKind.ClarificationLapsed), ApplicationState.AwaitingClarification, ApplicationState.Lapsed, Office)
            // Third parties (Art. 32) and fees (109号) stop the clock until they answer.
            .Allow(Code(ApplicationEventKind.ThirdPartyConsulted), Counting, ApplicationState.Paused, Office, HandlingDepartment)
            .Allow(Code(ApplicationEventKind.ThirdPartyReplied), ApplicationState.Paused, ApplicationState.InProgress, Office, HandlingDepartment)
            .Allow(Code(ApplicationEventKind.FeeNotified), Counting, ApplicationState.Paused, Office)
            .Allow(Code(ApplicationEventKind.FeePaid), ApplicationState.Paused, ApplicationState.InProgress, Office)
            .Allow(Code(ApplicationEventKind.FeeLapsed), ApplicationState.Paused, ApplicationState.Lapsed, Office)
            // The reply (Art. 36) is the agency's, given by the office.
            .Allow(Code(ApplicationEventKind.Replied), Counting, ApplicationState.Replied, Office)
            .Allow(Code(ApplicationEventKind.Withdrawn), Open, ApplicationState.Withdrawn, Office);
        // Reassignment and the extension (approved by the office's head, Art. 33) change no state.
        foreach (var state in new[] { ApplicationState.InProgress, ApplicationState.AwaitingClarification, ApplicationState.Paused })
            table.Allow(Code(ApplicationEventKind.Assigned), state, state, Office);
        foreach (var state in new[] { ApplicationState.Received, ApplicationState.InProgress, ApplicationState.Paused })
            table.Allow(Code(ApplicationEventKind.Extended), state, state, Office);
        // A reply may be challenged (行政复议, 行政诉讼; table 四): recorded by the office, the reply stands meanwhile.
        table.Allow(Code(ApplicationEventKind.ChallengeFiled), ApplicationState.Replied, ApplicationState.Replied, Office);
        table.Allow(Code(ApplicationEventKind.ChallengeDecided), ApplicationState.Replied, ApplicationState.Replied, Office);
        // Art. 44: an applicant may suggest the information be published for everyone (through the status link, or by
        // letter recorded by the office); the suggestion joins the office's proposals and changes nothing of the application.
        foreach (var state in new[] { ApplicationState.Received, ApplicationState.AwaitingClarification, ApplicationState.InProgress, ApplicationState.Paused, ApplicationState.Replied })
            table.Allow(Code(ApplicationEventKind.ProactiveDisclosureSuggested), state, state, Applicant, Office);
        // Retention (个人信息保护法): once the period has run, the system deletes the applicant's personal data; the record stays.
        foreach (var state in new[] { ApplicationState.Replied, ApplicationState.Withdrawn, ApplicationState.Lapsed })
            table.Allow(Code(ApplicationEventKind.PersonalDataErased), state, state, Role.System);
        return table;
    }

    /// <summary>The state an event leads to from <paramref name="from"/>: the table's one row for it, or null when it has none.</summary>
    public static ApplicationState? TargetOf(ApplicationEventKind kind, ApplicationState? from)
        => Table.Rows.Where(r => r.Action == kind.Code() && Nullable.Equals(r.From, from)).Select(r => (ApplicationState?)r.To).FirstOrDefault();
}

/// <summary>The lifecycle of <see cref="DisclosureApplication"/>: the one place an application's state is changed.</summary>
public sealed class ApplicationLifecycle(IApplicationStore applications, TimeProvider time)
    : Lifecycle<DisclosureApplication, ApplicationState>(new ApplicationLifecycleStore(applications), ApplicationShape.Instance, ApplicationTransitions.Table, time);

internal sealed class ApplicationShape : IAggregateShape<DisclosureApplication, ApplicationState>
{
    public static readonly ApplicationShape Instance = new();

    public string IdOf(DisclosureApplication a) => a.Id;
    public ApplicationState StateOf(DisclosureApplication a) => a.State;
    public int RevisionOf(DisclosureApplication a) => a.Revision;
    public DisclosureApplication Moved(DisclosureApplication a, ApplicationState state, DateTimeOffset at) => a with { State = state, UpdatedAt = at };

    public IReadOnlySet<string> RolesOf(Principal actor, DisclosureApplication a)
    {
        var roles = new HashSet<string>(actor.Roles, StringComparer.Ordinal);
        if (actor.IsReviewer) roles.Add(ApplicationTransitions.Office);
        if (a.Department is not null && actor.DepartmentCode == a.Department) roles.Add(ApplicationTransitions.HandlingDepartment);
        if (ReferenceEquals(actor, ApplicationPrincipals.Public)) roles.Add(ApplicationTransitions.Applicant);
        return roles;
    }
}

public static class ApplicationPrincipals
{
    /// <summary>Whoever uses the public form: no account, so one principal for all, named for the audit trail.</summary>
    public static readonly Principal Public = new("申请人（网上申请）", null, new HashSet<string>(StringComparer.Ordinal)) { Id = "public:online-form" };
}

/// <summary>The applications' store as the lifecycle uses it: the event becomes an audit row committed with the record.</summary>
internal sealed class ApplicationLifecycleStore(IApplicationStore applications) : ILifecycleStore<DisclosureApplication, ApplicationState>
{
    public Task<Versioned<DisclosureApplication>?> GetAsync(string id, CancellationToken ct) => applications.GetAsync(id, ct);

    public Task<Versioned<DisclosureApplication>> CreateAsync(
        DisclosureApplication created, LifecycleEvent<ApplicationState> entry, IReadOnlyList<WorkMessage> messages, CancellationToken ct)
        => applications.CreateAsync(created, Audit(entry, messages), ct);

    public Task<Versioned<DisclosureApplication>> UpdateAsync(
        DisclosureApplication next, string etag, LifecycleEvent<ApplicationState> entry, IReadOnlyList<WorkMessage> messages, CancellationToken ct)
        => applications.UpdateAsync(next, etag, Audit(entry, messages), ct);

    public Task TryDeliverPendingAsync(string id) => Task.CompletedTask;

    /// <remarks>Applications send no queue messages yet (reminders will go through the outbox, not here).</remarks>
    private static ApplicationAuditEntry Audit(LifecycleEvent<ApplicationState> e, IReadOnlyList<WorkMessage> messages)
    {
        if (messages.Count > 0) throw new NotSupportedException("Applications do not send work messages.");
        return new ApplicationAuditEntry(e.SubjectId, e.EventId, e.At, e.ActorId, e.Actor, e.Action, e.From, e.To, e.Revision, e.Details);
    }
}

/// <summary>One entry of an application's append-only audit trail.</summary>
public sealed record ApplicationAuditEntry(
    string ApplicationId, string EventId, DateTimeOffset At, string ActorId, string Actor, string Action, ApplicationState? From,
    ApplicationState To, int Revision, IReadOnlyDictionary<string, string> Details);

/// <summary>Where applications live: apart from disclosure items (their applicants' personal data never meet the portal's data).</summary>
public interface IApplicationStore
{
    Task<Versioned<DisclosureApplication>?> GetAsync(string id, CancellationToken ct);
    /// <summary>Stores a new application with its first audit entry, all or nothing.</summary>
    /// <exception cref="ApplicationExistsException">An application with that id exists.</exception>
    Task<Versioned<DisclosureApplication>> CreateAsync(DisclosureApplication created, ApplicationAuditEntry entry, CancellationToken ct);
    /// <summary>Replaces it if it still has <paramref name="etag"/>, with its audit entry, all or nothing.</summary>
    /// <exception cref="VersionConflictException">It was changed since.</exception>
    Task<Versioned<DisclosureApplication>> UpdateAsync(DisclosureApplication next, string etag, ApplicationAuditEntry entry, CancellationToken ct);
    IAsyncEnumerable<DisclosureApplication> ListAsync(CancellationToken ct);
    /// <summary>
    /// One page of the register in id order, continuing after <paramref name="after"/> (a page's
    /// <see cref="ApplicationPage.Next"/>, or null) without reading what comes before it. The filter's state and
    /// department are asked of the store; <paramref name="keep"/> is what only the domain can decide (a due date computed
    /// from the events). A page may end early with a continuation when <paramref name="keep"/> drops most rows.
    /// </summary>
    Task<ApplicationPage> ListPageAsync(ApplicationFilter filter, int pageSize, string? after, Func<DisclosureApplication, bool> keep, CancellationToken ct);
    /// <summary>The audit trail in the order it was recorded.</summary>
    Task<IReadOnlyList<ApplicationAuditEntry>> AuditAsync(string id, CancellationToken ct);
    /// <summary>The next number of <paramref name="year"/>'s register; never the same twice, on any instance.</summary>
    Task<ApplicationNumber> NextNumberAsync(int year, CancellationToken ct);
}

/// <summary>One page of the register; <see cref="Next"/> is the application id the following page starts after, null on the last page.</summary>
public sealed record ApplicationPage(IReadOnlyList<DisclosureApplication> Applications, string? Next);

public sealed class ApplicationExistsException(string id) : Exception($"Application {id} exists.");
