using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Notifications;

namespace Disclosure.Compliance;

/// <summary>Settings section <c>Compliance</c>: where alerts for operators go (<c>Compliance__OperatorEmails__0</c>…).</summary>
public sealed class ComplianceOptions
{
    public const string Section = "Compliance";

    /// <summary>Mailboxes of the people who run the platform; empty means the alert is only recorded in the outbox.</summary>
    public List<string> OperatorEmails { get; set; } = [];
}

/// <summary>
/// The messages the compliance flow sends through <see cref="INotifier"/>: why an item was returned (to its
/// department) and that a check failed for good (to the operators). Every id is derived from the item, its version and
/// the event, so a retried step records nothing new.
/// </summary>
public sealed class ComplianceNotices(INotifier notifier, CatalogueSettings catalogue, ComplianceOptions options)
{
    /// <summary>The recipient code of the people who run the platform (beside the plan's <c>leadership</c> and the department codes).</summary>
    public const string OperatorsRecipient = OperatorAlerts.Recipient;

    // Built when needed: a field initialised from the captured parameters would hold a second copy of them.
    private OperatorAlerts Operators => new(notifier, catalogue, options);

    public static string ReturnedAfterCheckId(DisclosureItem item) => $"check-returned-{item.Id}-v{item.Version}";
    public static string RejectedByReviewerId(DisclosureItem item) => $"review-rejected-{item.Id}-v{item.Version}";
    public static string CheckFailedId(string itemId, int version) => $"check-failed-{itemId}-v{version}";
    public static string RelatedItemOfOtherDepartmentId(DisclosureItem item) => $"relation-to-other-department-{item.Id}-v{item.Version}";

    /// <summary>
    /// Tells the department responsible for <paramref name="target"/> that another department's item would 废止, 修订 or
    /// 解读 it, and that a reviewer decides first, so it can object before anything is published.
    /// </summary>
    public Task<bool> RelatedItemOfOtherDepartmentAsync(DisclosureItem item, DisclosureItem target, CancellationToken ct)
    {
        var message = new NotificationBuilder(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.RelationSubject, target.Title));
        message.Paragraph(DepartmentName(target) + "：");
        message.Paragraph(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.RelationIntro,
            DepartmentName(item), item.Title, item.IndexNumber, target.Title, target.IndexNumber, item.Relation.ToChinese()));
        message.Paragraph(ComplianceTexts.RelationClosing);
        message.Paragraph(ComplianceTexts.Automatic);
        return notifier.SendAsync(ToDepartment(target, RelatedItemOfOtherDepartmentId(item), message), ct);
    }

    public Task<bool> ReturnedAfterCheckAsync(DisclosureItem item, ComplianceRecord record, CancellationToken ct)
    {
        var message = new NotificationBuilder(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.ReturnedSubject, item.Title));
        message.Paragraph(DepartmentName(item) + "：");
        message.Paragraph(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.ReturnedIntro, item.Title, item.IndexNumber, item.Version));
        message.List(Problems(record));
        message.Paragraph(ComplianceTexts.ReturnedClosing);
        message.Paragraph(ComplianceTexts.Automatic);
        return notifier.SendAsync(ToDepartment(item, ReturnedAfterCheckId(item), message), ct);
    }

    public static string ImportedWithFindingsId(DisclosureItem item) => $"import-findings-{item.Id}-v{item.Version}";

    /// <summary>
    /// An imported item on which the checks found something (an ID number the old site already shows): its department
    /// is told what and where, and whether the office's setting held it for a reviewer or let it be published.
    /// </summary>
    public Task<bool> ImportedWithFindingsAsync(DisclosureItem item, ComplianceRecord record, bool held, CancellationToken ct)
    {
        var message = new NotificationBuilder(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.ImportedSubject, item.Title));
        message.Paragraph(DepartmentName(item) + "：");
        message.Paragraph(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.ImportedIntro, item.Title, item.IndexNumber,
            item.Imported?.FileName, item.Imported?.Row));
        message.List(Problems(record));
        message.Paragraph(held ? ComplianceTexts.ImportedHeldClosing : ComplianceTexts.ImportedPublishedClosing);
        message.Paragraph(ComplianceTexts.Automatic);
        return notifier.SendAsync(ToDepartment(item, ImportedWithFindingsId(item), message), ct);
    }

    public Task<bool> RejectedByReviewerAsync(DisclosureItem item, ComplianceRecord? record, string reason, string reviewer, CancellationToken ct)
    {
        var message = new NotificationBuilder(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.RejectedSubject, item.Title));
        message.Paragraph(DepartmentName(item) + "：");
        message.Paragraph(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.RejectedIntro, item.Title, item.IndexNumber, item.Version, reviewer));
        message.Paragraph(ComplianceTexts.ReasonLabel + reason);
        var problems = record is null ? [] : Problems(record);
        if (problems.Count > 0)
        {
            message.Paragraph(ComplianceTexts.FindingsForReference);
            message.List(problems);
        }
        message.Paragraph(ComplianceTexts.ReturnedClosing);
        message.Paragraph(ComplianceTexts.Automatic);
        return notifier.SendAsync(ToDepartment(item, RejectedByReviewerId(item), message), ct);
    }

    public Task<bool> WithdrawalRefusedAsync(DisclosureItem item, string reason, string reviewer, string eventId, CancellationToken ct)
    {
        var message = new NotificationBuilder(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.WithdrawalRefusedSubject, item.Title));
        message.Paragraph(DepartmentName(item) + "：");
        message.Paragraph(string.Format(CultureInfo.InvariantCulture, ComplianceTexts.WithdrawalRefusedIntro, item.Title, item.IndexNumber, reviewer));
        message.Paragraph(ComplianceTexts.ReasonLabel + reason);
        message.Paragraph(ComplianceTexts.Automatic);
        return notifier.SendAsync(ToDepartment(item, $"withdrawal-refused-{item.Id}-{eventId}", message), ct);
    }

    /// <param name="item">Null when the message names no item that exists.</param>
    public Task<bool> CheckFailedAsync(string itemId, int version, DisclosureItem? item, string queue, CancellationToken ct)
        => Operators.SendAsync(CheckFailedId(itemId, version),
            string.Format(CultureInfo.InvariantCulture, ComplianceTexts.CheckFailedSubject, item?.Title ?? itemId),
            string.Format(CultureInfo.InvariantCulture, ComplianceTexts.CheckFailedIntro, queue),
            itemId, version, item, [], [ComplianceTexts.CheckFailedAdvice], ct);

    /// <summary>Blocking findings first, then those for a reviewer; information-only findings are not worth a department's time here.</summary>
    private static List<string> Problems(ComplianceRecord record) => record.Findings
        .Select(f => f.Finding)
        .Where(f => f.Severity != Severity.Info)
        .OrderByDescending(f => f.Severity)
        .Select(Describe)
        .ToList();

    public static string Describe(ComplianceFinding f)
    {
        var where = f.MaskedExcerpt.Length > 0
            ? string.Format(CultureInfo.InvariantCulture, ComplianceTexts.FindingWhere, f.MaskedExcerpt, f.Offset + 1)
            : "";
        return $"【{f.Severity.ToChinese()}】{f.Source}：{f.Message}{where}。{ComplianceTexts.AdviceLabel}{f.Advice}";
    }

    private string DepartmentName(DisclosureItem item) => catalogue.FindDepartment(item.DepartmentCode)?.Name ?? item.DepartmentCode;

    private Notification ToDepartment(DisclosureItem item, string id, NotificationBuilder message)
    {
        var department = catalogue.FindDepartment(item.DepartmentCode);
        IReadOnlyList<ChannelAddress> channels = department is { Emails.Count: > 0 }
            ? department.Emails.Select(e => new ChannelAddress { Kind = ChannelKind.Email, Address = e }).ToList()
            : [new ChannelAddress { Kind = ChannelKind.Outbox }];
        return message.Build(id, item.DepartmentCode, DepartmentName(item), channels);
    }
}

/// <summary>Every sentence the compliance flow says to people, in one place.</summary>
public static class ComplianceTexts
{
    public const string ReturnedSubject = "【已退回】《{0}》未通过发布前检查";
    public const string ReturnedIntro = "贵处室报送的《{0}》（索引号 {1}，第{2}版）在发布前的保密和隐私检查中发现以下问题，已退回修改，暂不公开：";
    public const string ReturnedClosing = "请按处理建议修改后提交更正版本，更正版本将重新检查。如对检查结果有疑问，请联系政府信息公开工作办公室。";
    public const string RejectedSubject = "【已退回】《{0}》未通过保密审查";
    public const string RejectedIntro = "贵处室报送的《{0}》（索引号 {1}，第{2}版）经审核人 {3} 审查，不予公开，已退回修改。";
    public const string ReasonLabel = "不予公开理由：";
    public const string FindingsForReference = "自动检查发现的问题（供参考）：";
    public const string WithdrawalRefusedSubject = "【撤回未通过】《{0}》的撤回申请未获同意";
    public const string WithdrawalRefusedIntro = "贵处室对《{0}》（索引号 {1}）提出的撤回申请，经审核人 {2} 审查，未获同意，该信息继续公开。";
    public const string RelationSubject = "【请关注】其他处室报送的信息涉及贵处室的《{0}》";
    public const string RelationIntro = "{0}报送的《{1}》（索引号 {2}）拟对贵处室负责的《{3}》（索引号 {4}）作出{5}，已转保密审查人员审核，审核通过前不会公开。";
    public const string RelationClosing = "如贵处室对此有不同意见，请尽快联系审核人或政府信息公开工作办公室。";
    public const string CheckFailedSubject = "【检查失败】《{0}》的发布前检查多次失败";
    public const string CheckFailedIntro = "以下信息的发布前检查多次处理失败，检查消息已转入 {0} 队列，信息状态已置为“检查失败”，不会公开：";
    public const string CheckFailedAdvice = "请查看运行日志排除故障（例如正文或附件文件缺失、存储不可用），然后请报送处室提交更正版本，更正版本将重新检查。";
    public const string AdviceLabel = "处理建议：";
    public const string FindingWhere = "（{0}，第{1}个字符起）";
    public const string Automatic = "本通知由政府信息公开工作平台自动发送，请勿直接回复。";

    // Art. 17 record written with every review decision.
    public const string RecordTitle = "名称";
    public const string RecordMethod = "拟公开方式";
    public const string RecordScope = "公开范围";
    public const string RecordConclusion = "审查结论";
    public const string RecordRefusalReason = "不予公开理由";
    public const string RecordOpinion = "审查意见";
    public const string RecordReviewer = "审查人";
    public const string RecordTime = "审查时间";
    public const string ConclusionApproved = "同意公开";
    public const string ConclusionRejected = "不予公开";
    public const string ConclusionWithdrawalApproved = "同意撤回";
    public const string ConclusionWithdrawalRejected = "不同意撤回，继续公开";
    public const string MethodPublish = "{0}：在政府网站“{1}”栏目发布";
    public const string MethodWithdraw = "撤回：从政府网站“{0}”栏目撤下";

    // 历史导入: findings on imported items.
    public const string ImportedSubject = "【历史导入】《{0}》的自动检查发现问题";
    public const string ImportedIntro = "历史导入的《{0}》（索引号 {1}，来自“{2}”第 {3} 行）在自动检查中发现以下问题，该信息在原网站上可能已经公开：";
    public const string ImportedHeldClosing = "按本机关的设置，该信息暂不发布，已转保密审查人员审核；请尽快处理，如需修改请提交更正版本。";
    public const string ImportedPublishedClosing = "按本机关的设置，该信息仍随其他导入信息发布；请尽快核实，如需修改请提交更正版本或申请撤回。";
    public const string ImportedCheck = "历史导入";
    public const string ImportedPublished = "原系统已审核发布，检查后随下次发布上线";
    public const string ImportedHeld = "检查发现问题，按设置暂不发布，转人工审核";

    // Check audit entries.
    public const string CheckConclusion = "检查结论";
    public const string CheckCounts = "发现问题";
    public const string CheckCountsValue = "阻止{0}项，复核{1}项，提示{2}项";
    public const string CheckWithdrawal = "撤回申请须经人工审核";
    public const string AutomatedPublication = "仅经自动检查后发布";
    public static string AutomatedPublicationValue(AutomatedPublicationPermission p)
        => $"管理员{p.SetBy}于{p.SetOn:yyyy-MM-dd}准许本栏目仅经自动检查后发布，理由：{p.Reason}";

    // Review chain (条例第十七条): each step's signature in the audit trail, and why one is refused.
    public const string RecordStep = "审核步骤";
    public const string RecordNextStep = "待签署步骤";
    public const string StepConclusionSigned = "同意，转下一审核步骤";
    public const string OwnSubmission = "不能审核本人报送的信息（含本人提交的更正版本或撤回申请），请由其他审核人员审核。";
    public const string SignedTwice = "您已签署该信息的“{0}”步骤，同一人不能签署同一版本的两个审核步骤，请由其他人员签署“{1}”。";
    public const string NotThisStepsSigner = "该信息当前待签署“{0}”，须由{1}签署。";
    public const string StepSignedMeanwhile = "“{0}”已由他人签署，该信息现待签署“{1}”，请刷新审核队列后再审核。";

    // Cloud detector findings (pii.cloud).
    public const string CloudEntity = "云端个人信息识别发现疑似个人信息（类别 {0}，置信度 {1:0.00}）";
    public const string CloudEntityAdvice = "请核对是否为应当保护的个人信息；如是，请删除或遮盖后再公开。";

    // Review decisions refused.
    public const string OnlyReviewers = "只有保密审查人员、分管领导或管理员可以审核。";
    public const string NotAwaitingReview = "该信息当前状态为“{0}”，不在待审核队列中。";
    public const string VersionChanged = "该信息已有新的版本（第{0}版），请刷新审核队列后重新审核。";
    public const string ReasonRequired = "不予公开时必须填写理由。";
    public const string ChangedByOthers = "该信息已被他人处理，请刷新审核队列。";
    public const string ReasonTooLong = "审核意见不能超过 {0} 个字。";
    public const string VersionRequired = "请说明审核所依据的版本：表单中的 version 或 JSON 中的 \"version\"（审核队列中显示的版本号）。";
}
