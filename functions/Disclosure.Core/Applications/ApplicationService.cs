using System.Security.Cryptography;
using System.Text;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Items;
using Disclosure.Lifecycle;

namespace Disclosure.Applications;

public abstract record RegistrationResult
{
    private RegistrationResult() { }

    /// <summary>Stored now (<see cref="IsNew"/>), or found: the same idempotency key registered it before.</summary>
    public sealed record Registered(DisclosureApplication Application, ClockReading Clock, bool IsNew) : RegistrationResult;
    /// <summary>The caller may not register this (the public giving a paper channel or a date).</summary>
    public sealed record Forbidden(string Reason) : RegistrationResult;
    public sealed record Invalid(IReadOnlyList<Intake.FieldError> Errors) : RegistrationResult;
}

public abstract record EventResult
{
    private EventResult() { }

    public sealed record Recorded(DisclosureApplication Application, ClockReading Clock, bool IsNew) : EventResult;
    public sealed record NotFound : EventResult;
    /// <summary>The request is malformed (400).</summary>
    public sealed record Invalid(IReadOnlyList<string> Problems) : EventResult;
    /// <summary>The law or the lifecycle does not allow it now (409), with the application as it is.</summary>
    public sealed record Refused(string Reason, DisclosureApplication Current, ClockReading Clock) : EventResult;
    public sealed record Conflicted : EventResult;
}

/// <summary>The register of applications: registration, events on the legal clock, and reading it back.</summary>
public sealed class ApplicationService(
    IApplicationStore store, ApplicationLifecycle lifecycle, ApplicationClock clock, IIdempotencyStore idempotency,
    CatalogueSettings catalogue, IIdentityProofStore identityProofs, ApplicantNotices notices, TimeProvider time) : Inspection.AnnualReport.IRegisterFigureSource
{
    private const string IdempotencyScope = "applications";
    /// <summary>Far beyond any honest request (a lorry of paper), small enough that the fee cannot overflow.</summary>
    public const int MaxPages = 1_000_000;

    public ApplicationClock Clock => clock;

    /// <summary>
    /// Registers an application. The public files on line and its date of receipt is today (Art. 31: the system's answer
    /// is the confirmation of receipt); the office registers the other channels with the date Art. 31 gives them.
    /// </summary>
    public async Task<RegistrationResult> RegisterAsync(Principal actor, bool byOffice, ApplicationDraft draft, string? idempotencyKey, CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        var (valid, errors) = ApplicationDraftValidator.Validate(draft, today);
        if (valid is null) return new RegistrationResult.Invalid(errors);
        if (!byOffice && (valid.Channel != ApplicationChannel.Online || valid.ReceivedOn is not null))
            return new RegistrationResult.Forbidden("只有政府信息公开工作机构可以登记信函、传真和当面提交的申请并填写收到日期；网上申请以提交之日为收到之日。");
        var receivedOn = valid.ReceivedOn ?? today;
        if (receivedOn > today) return new RegistrationResult.Invalid([new(ApplicationFields.ReceivedOn, "收到申请日期不能晚于今天。")]);
        if (receivedOn < today.AddYears(-1)) return new RegistrationResult.Invalid([new(ApplicationFields.ReceivedOn, "收到申请日期不能早于一年前；请核对日期。")]);

        var id = Guid.NewGuid().ToString("N");
        if (!string.IsNullOrWhiteSpace(idempotencyKey))
        {
            var reservation = await idempotency.ReserveAsync(IdempotencyScope, idempotencyKey, id, ct);
            if (!reservation.IsNew)
            {
                id = reservation.ItemId;
                if (await store.GetAsync(id, ct) is { } earlier)
                    return await ToldAsync(new RegistrationResult.Registered(earlier.Value, clock.Read(earlier.Value), IsNew: false), ct);
                // The earlier attempt reserved the key and failed before storing: this one completes it under the same id.
            }
        }

        var number = await store.NextNumberAsync(receivedOn.Year, ct);
        var application = new DisclosureApplication
        {
            Id = id,
            Number = number,
            Applicant = valid.Applicant,
            InformationSought = valid.InformationSought,
            DeliveryForm = valid.DeliveryForm,
            Channel = valid.Channel,
            ReceivedOn = receivedOn,
            StatusToken = NewToken(),
            Events = [new ApplicationEvent(id, ApplicationEventKind.Registered, receivedOn, actor.Name, time.GetUtcNow())],
            IdentityProofs = valid.IdentityProofs.Select(p => p.Proof).ToList(),
        };
        // The files go first, so that a stored application never lacks its proofs; they are written only now that
        // everything else was accepted, and under names a retry of the same registration writes again.
        foreach (var proof in valid.IdentityProofs) await identityProofs.PutAsync(id, proof.Proof, proof.Content, ct);
        var creation = new Move<DisclosureApplication, ApplicationState>(application, ApplicationState.Received, ApplicationEventKind.Registered.Code())
        {
            // The audit trail says how and when it arrived; never who the applicant is.
            Details = new Dictionary<string, string> { ["channel"] = valid.Channel.Code(), ["receivedOn"] = receivedOn.ToString("yyyy-MM-dd") },
        };
        try
        {
            var created = await lifecycle.CreateAsync(actor, creation, ct);
            return await ToldAsync(new RegistrationResult.Registered(created, clock.Read(created), IsNew: true), ct);
        }
        catch (Exception e) when (e is not ApplicationExistsException && valid.IdentityProofs.Count > 0)
        {
            // The record was not stored: its files must not stay behind as personal data nobody can reach or erase.
            await identityProofs.DeleteAllAsync(id, CancellationToken.None);
            throw;
        }
        catch (ApplicationExistsException)
        {
            // Two retries with one key raced; the first stored it.
            var raced = await store.GetAsync(id, ct) ?? throw new InvalidOperationException($"Application {id} exists and cannot be read.");
            return await ToldAsync(new RegistrationResult.Registered(raced.Value, clock.Read(raced.Value), IsNew: false), ct);
        }
    }

    /// <summary>
    /// The applicant's notice of receipt. Sent on a repeat too: the outbox keeps one per event, so a retry after a failure
    /// between storing and telling completes the notice instead of losing it.
    /// </summary>
    private async Task<RegistrationResult> ToldAsync(RegistrationResult.Registered registered, CancellationToken ct)
    {
        await notices.SendAsync(registered.Application, registered.Clock, registered.Application.Events[0], ct);
        return registered;
    }

    /// <summary>Records one event; a repeated event id answers with the application as it is and changes nothing.</summary>
    public async Task<EventResult> RecordAsync(string id, Principal actor, EventRequest request, CancellationToken ct)
    {
        var kind = ApplicationEventKinds.Parse(request.Kind);
        var malformed = ApplicationRules.Malformed(request, kind);
        if (malformed.Count > 0) return new EventResult.Invalid(malformed);
        if (kind == ApplicationEventKind.Assigned && catalogue.FindDepartment(request.Department) is null)
            return new EventResult.Invalid([$"承办处室 {request.Department} 不在本机关的处室目录中。"]);
        var today = ChinaTime.Today(time);
        FeeBasis? basis = null;
        if (kind == ApplicationEventKind.FeeNotified && request.Pages is { } pages)
        {
            // By quantity (按量): the amount follows from the pages; a stated amount must agree with it.
            if (pages < 1 || pages > MaxPages) return new EventResult.Invalid([$"页数 pages 应为 1 至 {MaxPages} 之间的整数。"]);
            var byPages = ProcessingFee.ByPagesYuan(pages);
            if (request.AmountYuan is { } stated && stated != byPages)
                return new EventResult.Invalid([$"按量计收 {pages} 页应为 {byPages} 元，与填写的 amountYuan {stated} 元不符。"]);
            if (byPages == 0 && await store.GetAsync(id, ct) is { } free)
                return new EventResult.Refused($"按量计收：{pages} 页在 {ProcessingFee.FreePages} 页以内，不收费。", free.Value, clock.Read(free.Value));
            request = request with { AmountYuan = byPages };
            basis = FeeBasis.ByPages;
        }
        else if (kind == ApplicationEventKind.FeeNotified && request.AmountYuan is null && await store.GetAsync(id, ct) is { } charged)
        {
            // No amount given: the fee by count (109号), from the applicant's applications of that calendar month.
            var fee = await FeeByCountAsync(charged.Value, ct);
            if (fee.Yuan == 0)
                return new EventResult.Refused($"按件计收：本申请是该申请人 {charged.Value.ReceivedOn.Month} 月的第 {fee.NthInMonth} 件，每月前 10 件不收费。",
                    charged.Value, clock.Read(charged.Value));
            request = request with { AmountYuan = fee.Yuan };
            basis = FeeBasis.ByCount;
        }

        var outcome = await lifecycle.MoveAsync(id, actor, current =>
        {
            var reading = clock.Read(current);
            if (current.Events.FirstOrDefault(e => e.Id == request.Id) is { } earlier)
                return earlier.Kind == kind
                    ? Decision<DisclosureApplication, ApplicationState>.Stop(new EventResult.Recorded(current, reading, IsNew: false))
                    : Decision<DisclosureApplication, ApplicationState>.Stop(new EventResult.Refused(
                        $"事件编号 {request.Id} 已用于“{earlier.Kind.ToChinese()}”，不能再用于“{kind!.Value.ToChinese()}”。", current, reading));
            // 109号: one application is charged by count or by pages, never both.
            if (basis is { } chosen && current.Events.FirstOrDefault(e => e.FeeBasis is { } earlier && earlier != chosen) is { } other)
                return Decision<DisclosureApplication, ApplicationState>.Stop(new EventResult.Refused(
                    $"本申请已于 {other.On:yyyy-MM-dd} {other.FeeBasis!.Value.ToChinese()}，同一申请不能再{chosen.ToChinese()}（按件、按量只能选择一种）。", current, reading));
            var to = ApplicationTransitions.TargetOf(kind!.Value, current.State)
                ?? ApplicationTransitions.Table.Rows.First(r => r.Action == kind.Value.Code()).To; // the lifecycle refuses it, saying why
            if (ApplicationTransitions.TargetOf(kind.Value, current.State) is not null
                && ApplicationRules.WhyNot(current, clock, reading, kind.Value, request, today) is { } why)
                return Decision<DisclosureApplication, ApplicationState>.Stop(new EventResult.Refused(why, current, reading));

            var recorded = new ApplicationEvent(request.Id!, kind.Value, request.On!.Value, actor.Name, time.GetUtcNow())
            {
                Department = kind == ApplicationEventKind.Assigned ? request.Department : null,
                Days = kind == ApplicationEventKind.Extended ? request.Days : null,
                Outcome = kind == ApplicationEventKind.Replied ? ApplicationRules.ParseOutcome(request.Outcome) : null,
                Reason = string.IsNullOrWhiteSpace(request.Reason) ? null : Intake.InputText.Normalize(request.Reason).Trim(),
                RespondBy = kind == ApplicationEventKind.ClarificationRequested ? request.RespondBy : null,
                AmountYuan = kind == ApplicationEventKind.FeeNotified ? request.AmountYuan : null,
                FeeBasis = kind == ApplicationEventKind.FeeNotified ? basis : null,
                Pages = kind == ApplicationEventKind.FeeNotified && basis == FeeBasis.ByPages ? request.Pages : null,
                ApprovedBy = kind == ApplicationEventKind.Extended ? Intake.InputText.Clean(request.ApprovedBy) : null,
                Challenge = kind is ApplicationEventKind.ChallengeFiled or ApplicationEventKind.ChallengeDecided ? ChallengeNames.ParseKind(request.Challenge) : null,
                ChallengeResult = kind == ApplicationEventKind.ChallengeDecided ? ChallengeNames.ParseResult(request.Result) : null,
            };
            var next = current with
            {
                Events = [.. current.Events, recorded],
                Revision = current.Revision + 1,
                Department = recorded.Department ?? current.Department,
            };
            return new Move<DisclosureApplication, ApplicationState>(next, to, kind.Value.Code())
            {
                EventId = request.Id,
                Details = Details(recorded),
            };
        }, ct);

        var result = outcome switch
        {
            LifecycleOutcome<DisclosureApplication>.Moved moved => new EventResult.Recorded(moved.After, clock.Read(moved.After), IsNew: true),
            LifecycleOutcome<DisclosureApplication>.Stopped stopped => (EventResult)stopped.Answer,
            LifecycleOutcome<DisclosureApplication>.NotAllowed refused => new EventResult.Refused(refused.Reason, refused.Current, clock.Read(refused.Current)),
            LifecycleOutcome<DisclosureApplication>.NotFound => new EventResult.NotFound(),
            _ => new EventResult.Conflicted(),
        };
        // Told on a repeat too (one notice per event id): a retry completes a notice the first attempt did not record.
        if (result is EventResult.Recorded recorded && recorded.Application.Events.FirstOrDefault(e => e.Id == request.Id) is { } happened)
            await notices.SendAsync(recorded.Application, recorded.Clock, happened, ct);
        return result;
    }

    /// <summary>What the audit entry of an event says besides its action: its date, and for a challenge which one and its result.</summary>
    private static Dictionary<string, string> Details(ApplicationEvent recorded)
    {
        var details = new Dictionary<string, string> { ["on"] = recorded.On.ToString("yyyy-MM-dd") };
        if (recorded.Challenge is { } challenge) details["challenge"] = challenge.Code();
        if (recorded.ChallengeResult is { } result) details["result"] = result.Code();
        return details;
    }

    /// <summary>Which of its applicant's applications of that calendar month this is, and its fee by count (109号).</summary>
    public async Task<FeeByCount> FeeByCountAsync(DisclosureApplication application, CancellationToken ct)
    {
        var register = new List<DisclosureApplication>();
        await foreach (var a in store.ListAsync(ct)) register.Add(a);
        var nth = ProcessingFee.NthInMonth(application, register);
        return new FeeByCount(nth, ProcessingFee.ByCountYuan(nth));
    }

    /// <summary>Table 三 of <paramref name="year"/> as the register knows it.</summary>
    public async Task<IReadOnlyDictionary<Inspection.AnnualReport.ApplicationRow, Inspection.AnnualReport.ApplicantCounts>> TableThreeAsync(int year, CancellationToken ct)
    {
        var register = new List<DisclosureApplication>();
        await foreach (var a in store.ListAsync(ct)) register.Add(a);
        return RegisterFigures.TableThree(year, register);
    }

    /// <summary>Art. 44: information several applicants were given, proposed for 主动公开.</summary>
    public async Task<IReadOnlyList<ConversionProposal>> ConversionProposalsAsync(int minimumApplicants, CancellationToken ct)
    {
        var register = new List<DisclosureApplication>();
        await foreach (var a in store.ListAsync(ct)) register.Add(a);
        return ProactiveConversion.Propose(register, minimumApplicants);
    }

    /// <summary>Art. 44's proposals and the applicants' own suggestions, read from one listing of the register.</summary>
    public async Task<(IReadOnlyList<ConversionProposal> Proposals, IReadOnlyList<ConversionSuggestion> Suggestions)> ConversionProposalsAndSuggestionsAsync(
        int minimumApplicants, CancellationToken ct)
    {
        var register = new List<DisclosureApplication>();
        await foreach (var a in store.ListAsync(ct)) register.Add(a);
        var proposals = ProactiveConversion.Propose(register, minimumApplicants);
        return (proposals, ProactiveConversion.Suggestions(register, proposals));
    }

    /// <summary>The applicant's Art. 44 suggestion through the status link: recorded as the public's event, once.</summary>
    public Task<EventResult> SuggestProactiveDisclosureAsync(string id, string? reason, CancellationToken ct)
        => RecordAsync(id, ApplicationPrincipals.Public, new EventRequest
        {
            // One suggestion per application: the id makes a repeated post (a double click) answer as the first did.
            Id = $"{id}-suggestion",
            Kind = ApplicationEventKind.ProactiveDisclosureSuggested.Code(),
            On = ChinaTime.Today(time),
            Reason = reason,
        }, ct);

    /// <summary>What the annual report of <paramref name="year"/> takes from the register.</summary>
    public async Task<Inspection.AnnualReport.RegisterYearFigures> ForYearAsync(int year, CancellationToken cancellationToken)
    {
        var register = new List<DisclosureApplication>();
        await foreach (var a in store.ListAsync(cancellationToken)) register.Add(a);
        var tableFour = ChallengeFigures.TableFour(year, register);
        var fees = FeeFigures.ForYear(year, register);
        return new(year, RegisterFigures.TableThree(year, register))
        {
            ProcessingFeeNotices = fees.Notices,
            ProcessingFeeYuan = fees.Yuan,
            Reconsideration = tableFour[ChallengeKind.Reconsideration],
            LitigationDirect = tableFour[ChallengeKind.LitigationDirect],
            LitigationAfterReconsideration = tableFour[ChallengeKind.LitigationAfterReconsideration],
        };
    }

    public async Task<DisclosureApplication?> GetAsync(string id, CancellationToken ct) => (await store.GetAsync(id, ct))?.Value;

    /// <summary>An identity-proof file of the application with its details, or null when it has none of that id (or it was erased).</summary>
    public async Task<(IdentityProof Proof, Stream Content)?> OpenIdentityProofAsync(DisclosureApplication application, string proofId, CancellationToken ct)
    {
        if (application.IdentityProofs.FirstOrDefault(p => p.Id == proofId) is not { } proof) return null;
        return await identityProofs.OpenAsync(application.Id, proof.Id, ct) is { } content ? (proof, content) : null;
    }

    public Task<IReadOnlyList<ApplicationAuditEntry>> AuditAsync(string id, CancellationToken ct) => store.AuditAsync(id, ct);

    /// <summary>The register as <paramref name="viewer"/> may see it: the office every application, a department those assigned to it.</summary>
    public async Task<IReadOnlyList<DisclosureApplication>> ListAsync(Principal viewer, ApplicationFilter filter, CancellationToken ct)
    {
        var list = new List<DisclosureApplication>();
        await foreach (var a in store.ListAsync(ct))
        {
            if (!MaySee(viewer, a)) continue;
            if (filter.State is { } state && a.State != state) continue;
            if (filter.Department is { } department && a.Department != department) continue;
            if (!IsDueBefore(a, filter.DueBefore)) continue;
            list.Add(a);
        }
        return InRegisterOrder(list);
    }

    /// <summary>
    /// One page of the register as <paramref name="viewer"/> may see it, in the store's id order (stable while
    /// applications change), the page itself in the register's order (received, then number). A department's page is
    /// its own applications whatever department it asks for.
    /// </summary>
    public async Task<ApplicationPage> ListPageAsync(Principal viewer, ApplicationFilter filter, int pageSize, string? after, CancellationToken ct)
    {
        if (!viewer.IsReviewer)
        {
            if (viewer.DepartmentCode is null || (filter.Department is { } asked && asked != viewer.DepartmentCode)) return new ApplicationPage([], null);
            filter = filter with { Department = viewer.DepartmentCode };
        }
        var page = await store.ListPageAsync(filter, pageSize, after, a => MaySee(viewer, a) && IsDueBefore(a, filter.DueBefore), ct);
        return page with { Applications = InRegisterOrder(page.Applications) };
    }

    /// <summary>Whether the answer is due before the date and still owed (no date asked: every application).</summary>
    private bool IsDueBefore(DisclosureApplication a, DateOnly? dueBefore)
        => dueBefore is not { } before || (clock.Read(a).DueOn is { } due && due < before && !a.IsConcluded);

    private static List<DisclosureApplication> InRegisterOrder(IEnumerable<DisclosureApplication> applications)
        => applications.OrderBy(a => a.ReceivedOn).ThenBy(a => a.Number.Year).ThenBy(a => a.Number.Serial).ToList();

    /// <summary>Every application not yet concluded, for the system's own runs (reminders).</summary>
    public async Task<IReadOnlyList<DisclosureApplication>> OpenAsync(CancellationToken ct)
    {
        var open = new List<DisclosureApplication>();
        await foreach (var a in store.ListAsync(ct)) if (!a.IsConcluded) open.Add(a);
        return open;
    }

    /// <summary>The office handles every application; a department only those assigned to it.</summary>
    public static bool MaySee(Principal viewer, DisclosureApplication application)
        => viewer.IsReviewer || (application.Department is not null && viewer.DepartmentCode == application.Department);

    /// <summary>Whether <paramref name="token"/> is the application's status token (compared in constant time).</summary>
    public static bool TokenMatches(DisclosureApplication application, string? token)
        => token is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(application.StatusToken));

    /// <summary>256 random bits, URL-safe: the only key to the applicant's status page.</summary>
    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record FeeByCount(int NthInMonth, int Yuan);

public sealed record ApplicationFilter(ApplicationState? State = null, string? Department = null, DateOnly? DueBefore = null);
