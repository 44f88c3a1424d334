using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Disclosure.Notifications;

namespace Disclosure.Plan;

/// <summary>
/// Writes the one digest a department gets per run (and the one escalation digest of the leadership group) in
/// plain text, HTML and markdown. All wording lives in <see cref="ReminderText"/>.
/// </summary>
public sealed class DigestComposer(ReminderOptions options)
{
    /// <summary>Chinese stays readable in the HTML source; markup characters are still encoded.</summary>

    /// <param name="open">Every obligation of the department worth mentioning today.</param>
    /// <param name="freshKeys">Reminder keys not sent before: these items are marked new; the digest exists only if there is one.</param>
    public Notification ForDepartment(DisclosurePlan plan, PlanDepartment department, DateOnly today,
        IReadOnlyList<Obligation> open, IReadOnlySet<string> freshKeys)
    {
        var reminders = open.Select(Reminder.ForDepartment).ToList();
        var fresh = reminders.Where(r => freshKeys.Contains(r.Key)).ToList();
        if (fresh.Count == 0) throw new InvalidOperationException("A digest needs at least one new reminder.");

        var sections = new (string Heading, List<Reminder> Items)[]
        {
            (ReminderText.OverdueHeading, reminders.Where(r => r.Kind == ReminderKind.Overdue).ToList()),
            (ReminderText.DueTodayHeading, reminders.Where(r => r.Kind == ReminderKind.DueToday).ToList()),
            (string.Format(CultureInfo.InvariantCulture, ReminderText.UpcomingHeading, options.LeadWorkingDays),
                reminders.Where(r => r.Kind == ReminderKind.Upcoming).ToList()),
        };
        var subject = string.Format(CultureInfo.InvariantCulture, ReminderText.DepartmentSubject, department.Name,
            ReminderText.ShortDate(today), sections[0].Items.Count, sections[1].Items.Count, sections[2].Items.Count);
        var intro = string.Format(CultureInfo.InvariantCulture, ReminderText.DepartmentIntro, plan.Title, ReminderText.LongDate(today));
        var footer = string.Format(CultureInfo.InvariantCulture, ReminderText.DepartmentFooter, plan.Title, plan.Version);

        var builder = new NotificationBuilder(subject);
        builder.Paragraph(department.Name + "：");
        builder.Paragraph(intro);
        foreach (var (heading, items) in sections.Where(s => s.Items.Count > 0))
        {
            builder.Heading($"{heading}（{items.Count}项）");
            builder.List(items.Select(r => Line(r, freshKeys.Contains(r.Key))));
        }
        if (options.ObligationsPageUrl.Length > 0)
            builder.Link(ReminderText.ObligationsLink, $"{options.ObligationsPageUrl}?department={Uri.EscapeDataString(department.Code)}");
        builder.Paragraph(footer);
        builder.Paragraph(ReminderText.AutomaticNotice);

        var keys = fresh.Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        return builder.Build(
            id: $"digest-{department.Code}-{today:yyyyMMdd}-{Reminder.Fingerprint(keys)}",
            recipientCode: department.Code, recipientName: department.Name, channels: department.Channels, keys);
    }

    /// <param name="escalations">New escalations (already filtered to those not sent before).</param>
    public Notification ForLeadership(DisclosurePlan plan, DateOnly today, IReadOnlyList<Reminder> escalations)
    {
        if (escalations.Count == 0) throw new InvalidOperationException("An escalation digest needs at least one escalation.");
        var group = plan.LeadershipGroup;
        var subject = string.Format(CultureInfo.InvariantCulture, ReminderText.EscalationSubject, ReminderText.ShortDate(today), escalations.Count);
        var builder = new NotificationBuilder(subject);
        builder.Paragraph(group.Name + "：");
        builder.Paragraph(string.Format(CultureInfo.InvariantCulture, ReminderText.EscalationIntro, plan.Title, ReminderText.LongDate(today)));
        foreach (var byDepartment in escalations.GroupBy(e => e.Obligation.Department).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var department = plan.FindDepartment(byDepartment.Key);
            var contacts = department?.Contacts.Select(c => string.IsNullOrEmpty(c.Phone) ? c.Name : $"{c.Name} {c.Phone}") ?? [];
            var heading = department?.Name ?? byDepartment.Key;
            var contactText = string.Join("、", contacts);
            builder.Heading(contactText.Length > 0 ? $"{heading}（联系人：{contactText}）" : heading);
            builder.List(byDepartment.Select(e => ((string?)null, $"【{e.Obligation.Context}】{e.Obligation.Title}——" + string.Format(CultureInfo.InvariantCulture,
                ReminderText.EscalationLine, ReminderText.LongDate(e.Obligation.DueOn), e.Obligation.WorkingDaysOverdue, e.Threshold)
                + ReminderText.EstimateNote(e.Obligation))));
        }
        builder.Paragraph(string.Format(CultureInfo.InvariantCulture, ReminderText.DepartmentFooter, plan.Title, plan.Version));
        builder.Paragraph(ReminderText.AutomaticNotice);

        var keys = escalations.Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        return builder.Build(
            id: $"escalation-{today:yyyyMMdd}-{Reminder.Fingerprint(keys)}",
            recipientCode: LeadershipGroup.RecipientCode, recipientName: group.Name, channels: group.Channels, keys);
    }


    /// <summary>A reminder as a list line: 【新】 marks one not reported before.</summary>
    private static (string? Mark, string Text) Line(Reminder r, bool isNew)
    {
        var o = r.Obligation;
        var due = ReminderText.LongDate(o.DueOn);
        var status = o switch
        {
            { State: ObligationState.Overdue } => string.Format(CultureInfo.InvariantCulture, ReminderText.OverdueStatus, due, o.WorkingDaysOverdue),
            { State: ObligationState.DueToday } => string.Format(CultureInfo.InvariantCulture, ReminderText.DueTodayStatus, due),
            _ when o.WorkingDaysLeft == 0 => string.Format(CultureInfo.InvariantCulture, ReminderText.DueOnDayOffStatus, due),
            _ => string.Format(CultureInfo.InvariantCulture, ReminderText.UpcomingStatus, due, o.WorkingDaysLeft),
        } + ReminderText.EstimateNote(o);
        var basis = o.Basis.Length > 0 ? $"（依据：{o.Basis}）" : "";
        return (isNew ? ReminderText.NewMark : null, $"【{o.Context}】{o.Title}——{status}{basis}");
    }
}
