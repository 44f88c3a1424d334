using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Intake;

namespace Disclosure.Applications;

/// <summary>An event as a caller asks to record it: the kind's code and its date, with the fields that kind needs.</summary>
public sealed record EventRequest
{
    public string? Id { get; init; }
    public string? Kind { get; init; }
    public DateOnly? On { get; init; }
    public string? Department { get; init; }
    public int? Days { get; init; }
    /// <summary>The row of table 三: its code as printed (三(三)1) or its name (WithheldStateSecret).</summary>
    public string? Outcome { get; init; }
    public string? Reason { get; init; }
    public DateOnly? RespondBy { get; init; }
    public int? AmountYuan { get; init; }
    /// <summary>fee-notified by quantity (按量): the pages provided; the amount is computed from them (109号).</summary>
    public int? Pages { get; init; }
    public string? ApprovedBy { get; init; }
    /// <summary>Which challenge (challenge-filed, challenge-decided): its code or its Chinese name.</summary>
    public string? Challenge { get; init; }
    /// <summary>How a challenge ended (challenge-decided): upheld/维持, corrected/纠正, other/其他.</summary>
    public string? Result { get; init; }
}

/// <summary>
/// What the law allows an application's events to be, beyond the transition table's states and roles: 补正 once and
/// within 7 working days, an extension once, of at most 20 working days, before the due date; a reply with its row of
/// table 三 and, where the row is a refusal, its reason. Each refusal says why, for the 409 the caller gets.
/// </summary>
public static class ApplicationRules
{
    /// <summary>An application's record, events included, must fit one Table storage property (64 KiB); a real one has a dozen.</summary>
    public const int MaxEvents = 40;

    /// <summary>Problems of the request itself (400): what is missing or malformed whatever the application's state.</summary>
    public static IReadOnlyList<string> Malformed(EventRequest request, ApplicationEventKind? kind)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Id)) problems.Add("请提供事件编号（请求头 Idempotency-Key 或字段 id），重复提交同一编号不会重复登记。");
        else if (InputText.Problem("事件编号", request.Id, 100) is { } idProblem) problems.Add(idProblem);
        // Registration has its own endpoint; deleting personal data is the retention run's alone.
        if (kind is null or ApplicationEventKind.Registered or ApplicationEventKind.PersonalDataErased)
            problems.Add("事件类型 kind 应为：" + string.Join("、", Enum.GetValues<ApplicationEventKind>()
                .Where(k => k is not (ApplicationEventKind.Registered or ApplicationEventKind.PersonalDataErased)).Select(k => k.Code())) + "。");
        if (request.On is null) problems.Add("请提供事件发生日期 on（yyyy-MM-dd）。");
        if (request.Reason is { Length: > InputText.MaxReasonLength }) problems.Add($"理由不能超过 {InputText.MaxReasonLength} 个字。");
        if (InputText.Problem("审批人", request.ApprovedBy, 100) is { } approver) problems.Add(approver);
        if (InputText.Problem("承办处室", request.Department, 50) is { } department) problems.Add(department);
        if (InputText.Problem("复议或诉讼类型", request.Challenge, 50) is { } challenge) problems.Add(challenge);
        if (InputText.Problem("复议或诉讼结果", request.Result, 50) is { } result) problems.Add(result);
        return problems;
    }

    /// <summary>Why the law does not allow this event now (409), or null.</summary>
    public static string? WhyNot(
        DisclosureApplication application, ApplicationClock clocks, ClockReading clock, ApplicationEventKind kind, EventRequest request, DateOnly today)
    {
        var on = request.On!.Value;
        if (application.Events.Count >= MaxEvents) return $"一件申请最多登记 {MaxEvents} 个事件；请联系管理员。";
        if (on > today) return $"事件日期 {Day(on)} 晚于今天（{Day(today)}），不能预先登记。";
        if (on < application.ReceivedOn) return $"事件日期 {Day(on)} 早于收到申请之日（{Day(application.ReceivedOn)}）。";
        if (application.Events.LastOrDefault() is { } last && on < last.On)
            return $"事件应按发生顺序登记：上一事件“{last.Kind.ToChinese()}”发生于 {Day(last.On)}，晚于 {Day(on)}。";

        switch (kind)
        {
            case ApplicationEventKind.ProactiveDisclosureSuggested:
                return application.Events.FirstOrDefault(e => e.Kind == ApplicationEventKind.ProactiveDisclosureSuggested) is { } earlier
                    ? $"本申请已于 {Day(earlier.On)} 提出过转为主动公开的建议。"
                    : null;
            case ApplicationEventKind.Assigned when string.IsNullOrWhiteSpace(request.Department):
                return "交办须指明承办处室（department）。";
            case ApplicationEventKind.ClarificationRequested:
                if (application.Events.Any(e => e.Kind == ApplicationEventKind.ClarificationRequested))
                    return "补正只能一次性告知（《条例》第三十条）：本申请已告知过补正。";
                // A limit counted across a year without an arrangement is an estimate: the office is not refused by a guess.
                if (on > clock.ClarifyBy && !clock.IsEstimate(clock.ClarifyBy)) return $"补正应自收到申请之日起 {ApplicationClock.ClarifyWithinWorkingDays} 个工作日内告知（至 {Day(clock.ClarifyBy.Value)}），{Day(on)} 已逾期。";
                if (string.IsNullOrWhiteSpace(request.Reason)) return "补正告知须写明需要补正的事项（reason）。";
                if (request.RespondBy is not { } by || by <= on) return "补正告知须给出合理的补正期限（respondBy，晚于告知日期）。";
                return null;
            case ApplicationEventKind.ClarificationLapsed:
                var asked = application.Events.Last(e => e.Kind == ApplicationEventKind.ClarificationRequested);
                return on > asked.RespondBy ? null : $"补正期限至 {Day(asked.RespondBy!.Value)} 尚未届满，不能按逾期未补正处理。";
            case ApplicationEventKind.ThirdPartyConsulted or ApplicationEventKind.FeeNotified:
                if (clock.DueOn is null) return "答复期限当前不在计算中。";
                if (on > clock.DueOn && !clock.IsEstimate(clock.DueOn)) return $"答复期限已于 {Day(clock.DueOn.Value)} 届满，不能再暂停计时。";
                if (kind == ApplicationEventKind.FeeNotified && request.AmountYuan is not > 0) return "收费通知须写明收费金额（amountYuan，元）。";
                return null;
            case ApplicationEventKind.ThirdPartyReplied:
                return OpenPause(application) == ApplicationEventKind.ThirdPartyConsulted ? null : "当前暂停计时不是因为征求第三方意见。";
            case ApplicationEventKind.FeePaid:
                return OpenPause(application) == ApplicationEventKind.FeeNotified ? null : "当前暂停计时不是因为收费通知。";
            case ApplicationEventKind.FeeLapsed:
                if (OpenPause(application) != ApplicationEventKind.FeeNotified) return "当前暂停计时不是因为收费通知。";
                var notice = application.Events.Last(e => e.Kind == ApplicationEventKind.FeeNotified);
                var estimated = new List<int>();
                var payBy = clocks.Add(notice.On, ApplicationClock.FeePaymentWorkingDays, estimated);
                // Treating the application as abandoned goes against the applicant: never on an estimated limit.
                if (estimated.Count > 0)
                    return $"缴费期限（收到收费通知之日起 {ApplicationClock.FeePaymentWorkingDays} 个工作日）{CalendarTexts.Incalculable(estimated)}（按周一至周五估算为 {Day(payBy)}），不能确定已届满，暂不能按逾期未缴费处理。{CalendarTexts.WhatToAdd(estimated)}";
                return on > payBy ? null : $"缴费期限（收到收费通知之日起 {ApplicationClock.FeePaymentWorkingDays} 个工作日，至 {Day(payBy)}）尚未届满。";
            case ApplicationEventKind.Extended:
                if (application.Events.Any(e => e.Kind == ApplicationEventKind.Extended))
                    return "延期答复只能一次（《条例》第三十三条）：本申请已经延期。";
                if (request.Days is not (> 0 and <= ApplicationClock.MaxExtensionWorkingDays))
                    return $"延长的期限（days）应为 1 至 {ApplicationClock.MaxExtensionWorkingDays} 个工作日。";
                if (clock.DueOnBeforeExtension is null) return "答复期限当前不在计算中。";
                if (on > clock.DueOnBeforeExtension && !clock.IsEstimate(clock.DueOnBeforeExtension))
                    return $"延期须在答复期限届满（{Day(clock.DueOnBeforeExtension.Value)}）前决定并告知申请人，{Day(on)} 已逾期。";
                if (string.IsNullOrWhiteSpace(request.ApprovedBy)) return "延期须经政府信息公开工作机构负责人同意（approvedBy）。";
                if (string.IsNullOrWhiteSpace(request.Reason)) return "延期告知须写明延期理由（reason）。";
                return null;
            case ApplicationEventKind.Replied:
                if (ParseOutcome(request.Outcome) is not { } row)
                    return "答复须选择办理结果，即表三“本年度办理结果”的一行（如 三(一)、三(三)1）；不予公开、无法提供、不予处理和其他处理须选到具体理由。";
                if (row != ApplicationRow.Disclosed && string.IsNullOrWhiteSpace(request.Reason))
                    return $"“{ApplicationTableRows.Get(row).Label}”的答复须写明理由和依据（reason）。";
                return null;
            case ApplicationEventKind.ChallengeFiled:
                return WhyNotFiled(application, request);
            case ApplicationEventKind.ChallengeDecided:
                return WhyNotDecided(application, request);
            default:
                return null;
        }
    }

    private static string ChallengeKinds => string.Join("、", Enum.GetValues<ChallengeKind>().Select(k => $"{k.Code()}（{k.ToChinese()}）"));

    private static string? WhyNotFiled(DisclosureApplication application, EventRequest request)
    {
        if (ChallengeNames.ParseKind(request.Challenge) is not { } kind) return $"请写明复议或诉讼的类型（challenge）：{ChallengeKinds}。";
        var challenges = Challenge.Of(application);
        if (challenges.Any(c => c.Kind == kind && c.DecidedOn is null)) return $"本申请的{kind.ToChinese()}尚未审结，不能重复登记。";
        if (kind == ChallengeKind.LitigationAfterReconsideration
            && !challenges.Any(c => c.Kind == ChallengeKind.Reconsideration && c.DecidedOn is { } decided && decided <= request.On))
            return "复议后起诉须在行政复议有结果之后登记；请先登记行政复议及其结果。";
        return null;
    }

    private static string? WhyNotDecided(DisclosureApplication application, EventRequest request)
    {
        if (ChallengeNames.ParseKind(request.Challenge) is not { } kind) return $"请写明复议或诉讼的类型（challenge）：{ChallengeKinds}。";
        if (ChallengeNames.ParseResult(request.Result) is null) return "请写明结果（result）：upheld（维持）、corrected（纠正）或 other（其他）；尚未审结的不登记结果。";
        return Challenge.Of(application).Any(c => c.Kind == kind && c.DecidedOn is null) ? null : $"本申请没有尚未审结的{kind.ToChinese()}。";
    }

    /// <summary>A result row of table 三 from its printed code (三(三)1) or its name; parents such as 三(三) are not outcomes.</summary>
    public static ApplicationRow? ParseOutcome(string? text)
    {
        var value = text?.Trim().Replace('（', '(').Replace('）', ')');
        return ApplicationTableRows.ResultRows.FirstOrDefault(d => d.Code == value || d.Row.ToString() == value)?.Row;
    }

    /// <summary>The event that opened the pause still open, or null.</summary>
    public static ApplicationEventKind? OpenPause(DisclosureApplication application)
    {
        foreach (var e in Enumerable.Reverse(application.Events))
        {
            if (e.Kind is ApplicationEventKind.ThirdPartyReplied or ApplicationEventKind.FeePaid or ApplicationEventKind.ClarificationReceived) return null;
            if (e.Kind is ApplicationEventKind.ThirdPartyConsulted or ApplicationEventKind.FeeNotified) return e.Kind;
        }
        return null;
    }

    private static string Day(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
}
