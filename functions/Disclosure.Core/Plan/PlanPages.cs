using Disclosure.Calendar;
using System.Globalization;
using Disclosure.Lists;
using Disclosure.Notifications;
using Disclosure.Workbench;

namespace Disclosure.Plan;

/// <summary>
/// What the workbench pages of the plan show: a department's obligations (<c>obligations.liquid</c>) and the outbox
/// (<c>outbox.liquid</c>). Wording that depends on numbers is composed here from <see cref="ReminderText"/>-style
/// strings, so the page and the digests say the same thing.
/// </summary>
public static class PlanPages
{
    public const string ObligationsTemplate = "obligations";
    public const string OutboxTemplate = "outbox";

    public static string ObligationsTitle(ObligationReport report, DisclosurePlan? plan)
        => report.Department is { Length: > 0 } code
            ? $"{plan?.FindDepartment(code)?.Name ?? code}：政府信息公开待办事项"
            : "政府信息公开待办事项";

    public static ObligationsPage Obligations(ObligationReport report, DisclosurePlan? plan, bool mayChooseDepartment)
        => new()
        {
            Caption = ObligationsTitle(report, plan),
            TodayText = ReminderText.LongDate(report.Today),
            PlanVersion = report.PlanVersion ?? "",
            Selected = report.Department ?? "",
            Departments = mayChooseDepartment && plan is not null
                ? plan.Departments.Select(d => new DepartmentChoice(d.Code, d.Name, d.Code == report.Department)).ToList()
                : [],
            Rows = report.Obligations
                .OrderBy(o => o.State switch { ObligationState.Overdue => 0, ObligationState.DueToday => 1, _ => 2 })
                .ThenBy(o => o.DueOn)
                .Select(o => new ObligationRow
                {
                    State = StateText(o),
                    StateClass = o.State.ToString().ToLowerInvariant(),
                    Context = o.Context,
                    Title = o.Title,
                    Department = plan?.FindDepartment(o.Department)?.Name ?? o.Department,
                    DueOn = ObligationIds.Date(o.DueOn),
                    DueText = ReminderText.LongDate(o.DueOn)
                        + (o.MissingCalendarYears.Count > 0 ? $"（{CalendarTexts.Estimated(o.MissingCalendarYears)}）" : ""),
                    CalendarAdvice = o.MissingCalendarYears.Count > 0 ? CalendarTexts.WhatToAdd(o.MissingCalendarYears) : "",
                    Basis = o.Basis,
                })
                .ToList(),
        };

    public static string StateText(Obligation o) => StateWithoutNote(o)
        + (o.MissingCalendarYears.Count > 0 ? $"（{CalendarTexts.Estimated(o.MissingCalendarYears)}）" : "");

    private static string StateWithoutNote(Obligation o) => o.State switch
    {
        ObligationState.Overdue => string.Create(CultureInfo.InvariantCulture, $"已逾期{o.WorkingDaysOverdue}个工作日"),
        ObligationState.DueToday => "今日到期",
        _ when o.WorkingDaysLeft == 0 => "到期日为休息日，请于今日完成",
        _ => string.Create(CultureInfo.InvariantCulture, $"还剩{o.WorkingDaysLeft}个工作日"),
    };

    /// <summary>One page of the outbox, newest first within the page, with the filter form's values and the paging links.</summary>
    public static OutboxPage Outbox(IReadOnlyList<OutboxDelivery> deliveries, OutboxListFilters filters) => Outbox(deliveries) with { Filters = filters };

    public static OutboxPage Outbox(IReadOnlyList<OutboxDelivery> deliveries) => new()
    {
        Total = deliveries.Count,
        Waiting = deliveries.Count(IsWaiting),
        Failed = deliveries.Count(d => d.Status == DeliveryStatus.Failed),
        Held = deliveries.Count(d => d.Status == DeliveryStatus.Held),
        Rows = deliveries.Select(d => new OutboxRow
        {
            Status = OutboxAdministration.StatusText(d.Status),
            Recipient = d.RecipientName,
            Channel = OutboxAdministration.ChannelText(d.Channel),
            Address = d.Address,
            Subject = d.Subject,
            CreatedAt = Beijing(d.CreatedAt),
            Attempts = d.Attempts,
            NextAttempt = IsWaiting(d) && d.NextAttemptAt is { } next ? Beijing(next) : "",
            LastError = d.LastError ?? "",
            // Deliveries that no timer will pick up again are the ones an administrator sends again.
            RetryPath = d.Status is DeliveryStatus.Failed or DeliveryStatus.Held
                ? $"/api/outbox/{Uri.EscapeDataString(d.RecipientCode)}/{Uri.EscapeDataString(d.DeliveryId)}/retry"
                : "",
        }).ToList(),
    };

    /// <summary>A delivery the dispatcher will still attempt: counted as waiting, and shown with its next attempt.</summary>
    private static bool IsWaiting(OutboxDelivery d) => d.Status is DeliveryStatus.Pending or DeliveryStatus.Sending;

    private static string Beijing(DateTimeOffset t) => t.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}

[PageModel]
public sealed record ObligationsPage
{
    public required string Caption { get; init; }
    public required string TodayText { get; init; }
    public required string PlanVersion { get; init; }
    public required string Selected { get; init; }
    public required IReadOnlyList<DepartmentChoice> Departments { get; init; }
    public required IReadOnlyList<ObligationRow> Rows { get; init; }
    /// <summary>The state links and paging links; null where the list is shown whole.</summary>
    public ObligationListFilters? Filters { get; init; }
}

[PageModel]
public sealed record DepartmentChoice(string Code, string Name, bool Selected);

[PageModel]
public sealed record ObligationRow
{
    public required string State { get; init; }
    public required string StateClass { get; init; }
    public required string Context { get; init; }
    public required string Title { get; init; }
    public required string Department { get; init; }
    public required string DueOn { get; init; }
    public required string DueText { get; init; }
    /// <summary>What an administrator adds when the date cannot be computed (a year's holiday calendar); empty otherwise.</summary>
    public string CalendarAdvice { get; init; } = "";
    public required string Basis { get; init; }
}

[PageModel]
public sealed record OutboxPage
{
    public required int Total { get; init; }
    public required int Waiting { get; init; }
    public required int Failed { get; init; }
    public required int Held { get; init; }
    public required IReadOnlyList<OutboxRow> Rows { get; init; }
    /// <summary>The filter form and paging links; null where a page is shown without them.</summary>
    public OutboxListFilters? Filters { get; init; }
}

/// <summary>The outbox's filter form (the values in force, so the form shows what was asked) and its paging links.</summary>
[PageModel]
public sealed record OutboxListFilters(
    IReadOnlyList<FilterOption> Statuses,
    IReadOnlyList<FilterOption> Channels,
    string Recipient,
    string From,
    string To,
    bool IsFiltered,
    ListPaging Paging)
{
    public static OutboxListFilters Build(OutboxListRequest request, string? next)
    {
        var f = request.Filter;
        return new OutboxListFilters(
            FilterOption.Choices(Enum.GetValues<DeliveryStatus>().Select(s => (s.ToString(), OutboxAdministration.StatusText(s))), f.Status?.ToString()),
            FilterOption.Choices(Enum.GetValues<ChannelKind>().Select(c => (c.ToString(), OutboxAdministration.ChannelText(c))), f.Channel?.ToString()),
            f.RecipientCode ?? "",
            FilterOption.Date(f.CreatedFrom),
            FilterOption.Date(f.CreatedTo),
            request.IsFiltered,
            ListPaging.For(OutboxListRequest.Path, request.After, next, request.QueryString));
    }
}

[PageModel]
public sealed record OutboxRow
{
    public required string Status { get; init; }
    public required string Recipient { get; init; }
    public required string Channel { get; init; }
    public required string Address { get; init; }
    public required string Subject { get; init; }
    public required string CreatedAt { get; init; }
    public required int Attempts { get; init; }
    public required string NextAttempt { get; init; }
    public required string LastError { get; init; }
    public required string RetryPath { get; init; }
}
