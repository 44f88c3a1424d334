using System.Globalization;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Items;

namespace Disclosure.Notifications;

/// <summary>
/// Alerts for the people who run the platform when a work message failed for good (检查失败, 发布失败): one shape for
/// every stage — what failed and where the message now lies, the facts of the item it names, what to check, what to do
/// next — sent to the operators' mailboxes (<c>Compliance__OperatorEmails__0</c>…, configured where the first such alert
/// lived) or, when none are configured, only recorded in the outbox. The caller gives the id, so a repeat records nothing.
/// </summary>
public sealed class OperatorAlerts(INotifier notifier, CatalogueSettings catalogue, ComplianceOptions options)
{
    /// <summary>The recipient code of the operators (beside the plan's <c>leadership</c> and the department codes).</summary>
    public const string Recipient = "operators";
    public const string RecipientName = "平台运维人员";

    /// <param name="item">The item as it stands now; null when the message names no item that exists.</param>
    /// <param name="facts">Facts beyond the item's id, version, 索引号, department and state.</param>
    /// <param name="advice">Paragraphs: what to check, then what to do next.</param>
    public Task<bool> SendAsync(string id, string subject, string intro, string itemId, int version, DisclosureItem? item,
        IEnumerable<string> facts, IEnumerable<string> advice, CancellationToken ct)
    {
        var message = new NotificationBuilder(subject);
        message.Paragraph(intro);
        var list = new List<string>
        {
            OperatorAlertTexts.ItemIdLabel + itemId,
            string.Format(CultureInfo.InvariantCulture, OperatorAlertTexts.VersionLabel, version),
        };
        if (item is not null)
        {
            list.Add(OperatorAlertTexts.IndexNumberLabel + item.IndexNumber);
            list.Add(OperatorAlertTexts.DepartmentLabel + (catalogue.FindDepartment(item.DepartmentCode)?.Name ?? item.DepartmentCode));
            list.Add(OperatorAlertTexts.StateLabel + item.State.ToChinese());
        }
        else
        {
            list.Add(OperatorAlertTexts.ItemMissing);
        }
        list.AddRange(facts);
        message.List(list);
        foreach (var paragraph in advice) message.Paragraph(paragraph);
        message.Paragraph(ComplianceTexts.Automatic);
        // A deployment leaves the setting empty when no mailbox is given: blanks are no address.
        var mailboxes = options.OperatorEmails.Where(e => !string.IsNullOrWhiteSpace(e)).ToList();
        IReadOnlyList<ChannelAddress> channels = mailboxes.Count > 0
            ? mailboxes.Select(e => new ChannelAddress { Kind = ChannelKind.Email, Address = e.Trim() }).ToList()
            : [new ChannelAddress { Kind = ChannelKind.Outbox }];
        return notifier.SendAsync(message.Build(id, Recipient, RecipientName, channels), ct);
    }
}

/// <summary>The labels of an operator alert's facts.</summary>
public static class OperatorAlertTexts
{
    public const string ItemMissing = "消息所指的信息不存在。";
    public const string ItemIdLabel = "信息编号：";
    public const string VersionLabel = "版本：第{0}版";
    public const string IndexNumberLabel = "索引号：";
    public const string DepartmentLabel = "报送处室：";
    public const string StateLabel = "当前状态：";
}
