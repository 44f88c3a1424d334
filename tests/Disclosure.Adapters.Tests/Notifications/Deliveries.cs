using Disclosure.Calendar;
using Disclosure.Notifications;
using Disclosure.Plan;

namespace Disclosure.Adapters.Tests.Notifications;

/// <summary>Real digests from the seed plan, so the channels carry what production carries.</summary>
internal static class Deliveries
{
    public static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
    public static readonly DisclosurePlan Plan = PlanLoader.Load(PlanLoader.FileFor(2026));

    public static Notification Digest(string department = "bgs", string day = "2026-02-02", IReadOnlyList<ChannelAddress>? channels = null)
    {
        var today = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var open = new ObligationCalculator(Calendar).Calculate(Plan, PublicationFacts.None, today, 5).Where(o => o.Department == department).ToList();
        var dept = Plan.FindDepartment(department)!;
        var n = new DigestComposer(new ReminderOptions()).ForDepartment(Plan, dept, today, open, open.Select(o => Reminder.ForDepartment(o).Key).ToHashSet());
        return channels is null ? n : n with { Channels = channels };
    }

    public static OutboxDelivery On(Notification n, ChannelKind kind, string address) => new()
    {
        RecipientCode = n.RecipientCode,
        DeliveryId = OutboxDelivery.IdFor(n.Id, 0),
        NotificationId = n.Id,
        RecipientName = n.RecipientName,
        Channel = kind,
        Address = address,
        Subject = n.Subject,
        Text = n.Text,
        Html = n.Html,
        Markdown = n.Markdown,
        Status = DeliveryStatus.Pending,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };
}
