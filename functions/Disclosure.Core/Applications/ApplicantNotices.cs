using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Notifications;

namespace Disclosure.Applications;

/// <summary>
/// E-mail notices to an applicant who gave an address: the application received (number, dates, status link), a 补正
/// request, an extension, the reply issued. They go through the notification outbox and its SMTP channel, one per event
/// (the notice's id is the event's), so a retried registration or event sends nothing twice and a notice that failed to
/// be recorded is recorded by the retry. A notice carries only what the applicant gave or the register decided: never
/// the identity number, never a name (the mailbox is addressed by the application's number).
/// </summary>
public sealed class ApplicantNotices(INotifier notifier, CatalogueSettings catalogue)
{
    /// <summary>The outbox's recipient for every applicant: not a department, and not a person's name.</summary>
    public const string RecipientCode = "applicant";

    /// <summary>The events an applicant is told of.</summary>
    public static readonly IReadOnlySet<ApplicationEventKind> Told = new HashSet<ApplicationEventKind>
    {
        ApplicationEventKind.Registered, ApplicationEventKind.ClarificationRequested, ApplicationEventKind.Extended, ApplicationEventKind.Replied,
    };

    public static string IdOf(DisclosureApplication a, ApplicationEvent e) => $"applicant|{a.Id}|{e.Id}";

    /// <summary>Records the notice <paramref name="e"/> calls for, if any and if the applicant gave an e-mail address; true when recorded now.</summary>
    public async Task<bool> SendAsync(DisclosureApplication a, ClockReading clock, ApplicationEvent e, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(a.Applicant.Email) || !Told.Contains(e.Kind)) return false;
        var notice = Compose(a, clock, e, StatusLink(a));
        var channels = new[] { new ChannelAddress { Kind = ChannelKind.Email, Address = a.Applicant.Email } };
        return await notifier.SendAsync(notice.Build(IdOf(a, e), RecipientCode, $"申请人（{a.Number}）", channels), ct);
    }

    /// <summary>
    /// The status link as the applicant can follow it from a mailbox: absolute, from the public form's address (the
    /// catalogue's <c>agency.applicationFormUrl</c>, joined to <c>agency.siteBaseUrl</c> when it is a path).
    /// </summary>
    public string StatusLink(DisclosureApplication a)
    {
        var path = ApplicationView.StatusPath(a);
        var agency = catalogue.Agency;
        if (Uri.TryCreate(agency.ApplicationFormUrl, UriKind.Absolute, out var form) && form.Scheme is "https" or "http") return new Uri(form, path).ToString();
        if (Uri.TryCreate(agency.SiteBaseUrl, UriKind.Absolute, out var site)) return new Uri(site, path).ToString();
        return path;
    }

    private static NotificationBuilder Compose(DisclosureApplication a, ClockReading clock, ApplicationEvent e, string statusLink)
    {
        static string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "（暂不能计算）";
        // The applicant is never told an estimated date: the period, and when the date will be known.
        string Limit(DateOnly? d) => clock.IsEstimate(d) ? $"（{CalendarTexts.ToBeFixed(clock.EstimatedYearsOf(d))}）" : Day(d);
        NotificationBuilder builder;
        switch (e.Kind)
        {
            case ApplicationEventKind.Registered:
                builder = new NotificationBuilder($"政府信息公开申请已收到（{a.Number}）");
                builder.Paragraph($"您的政府信息公开申请已收到，申请编号为 {a.Number}，收到申请日期为 {Day(a.ReceivedOn)}。");
                builder.List([
                    $"答复期限：{Limit(clock.DueOn)}（自收到申请之日起 20 个工作日；需要延长的，将另行告知）",
                    clock.IsEstimate(clock.ClarifyBy)
                        ? "如申请内容需要补正，本机关将自收到申请之日起 7 个工作日内一次性告知"
                        : $"如申请内容需要补正，本机关将于 {Day(clock.ClarifyBy)} 前一次性告知",
                ]);
                break;
            case ApplicationEventKind.ClarificationRequested:
                builder = new NotificationBuilder($"政府信息公开申请需要补正（{a.Number}）");
                builder.Paragraph($"依据《中华人民共和国政府信息公开条例》第三十条，您的申请 {a.Number} 需要补正：{e.Reason}");
                builder.Paragraph($"请于 {Day(e.RespondBy)} 前补正。答复期限自本机关收到补正之日起重新计算；无正当理由逾期不补正的，视为放弃申请。");
                break;
            case ApplicationEventKind.Extended:
                builder = new NotificationBuilder($"政府信息公开申请延期答复（{a.Number}）");
                builder.Paragraph($"依据《中华人民共和国政府信息公开条例》第三十三条，经政府信息公开工作机构负责人同意，您的申请 {a.Number} 的答复期限延长 {e.Days} 个工作日，延长后的答复期限为 {Limit(clock.DueOn)}。");
                if (!string.IsNullOrWhiteSpace(e.Reason)) builder.Paragraph($"延期理由：{e.Reason}");
                break;
            case ApplicationEventKind.Replied:
                builder = new NotificationBuilder($"政府信息公开申请已答复（{a.Number}）");
                var outcome = e.Outcome is { } row ? ApplicationTableRows.Get(row).Label : "";
                builder.Paragraph($"本机关已于 {Day(e.On)} 对您的申请 {a.Number} 作出答复：{outcome}。答复书将按您选择的方式（{a.DeliveryForm}）送达。");
                if (e.Outcome is not ApplicationRow.Disclosed)
                    builder.Paragraph("对答复不服的，可以自知道该行政行为之日起 60 日内申请行政复议，或者 6 个月内向人民法院提起行政诉讼。");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.Kind, "no notice to the applicant");
        }
        builder.Link("查看办理进展", statusLink);
        builder.Paragraph("本邮件由系统自动发送，请勿直接回复。查看链接是您查询本申请的凭证，请勿转发给他人。");
        return builder;
    }
}
