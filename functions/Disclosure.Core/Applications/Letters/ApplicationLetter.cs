using System.Globalization;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Applications.Letters;

/// <summary>The letters the register writes, one per kind of event that the law says must be told in writing.</summary>
public enum LetterKind
{
    /// <summary>答复书 (Art. 36–37): the reply, one wording per result row of table 三.</summary>
    Reply,
    /// <summary>补正告知书 (Art. 30): the points to clarify and by when.</summary>
    ClarificationNotice,
    /// <summary>延期告知书 (Art. 33): the extension and the new due date.</summary>
    ExtensionNotice,
    /// <summary>收费通知书 (Art. 42, 109号): amount, basis and the period to pay.</summary>
    FeeNotice,
    /// <summary>征求第三方意见函 (Art. 32): to the third party, never naming the applicant.</summary>
    ThirdPartyConsultation,
}

/// <summary>
/// One letter, ready to be written out: a title, the reference number, whom it is to, its paragraphs, and the agency and
/// date it is signed with. Built by <see cref="ApplicationLetters.Compose"/> from the record and one of its events.
/// </summary>
public sealed record ApplicationLetter(
    LetterKind Kind, string Title, string Reference, string Addressee, IReadOnlyList<string> Paragraphs, string Signatory, DateOnly Date)
{
    /// <summary>The file name staff download it as: 依申〔2026〕0001号答复书.docx.</summary>
    public string FileName => $"{Reference}{Title}.docx";
}

/// <summary>
/// Composes the letter an event calls for. The wording is ours, the facts are the register's: the dates from the record
/// and the clock (never recomputed by hand), the agency from the catalogue. The applicant's name is on the letters that
/// go to the applicant; the identity number is on none.
/// </summary>
public static class ApplicationLetters
{
    /// <summary>The event kinds that have a letter.</summary>
    public static LetterKind? KindFor(ApplicationEventKind kind) => kind switch
    {
        ApplicationEventKind.Replied => LetterKind.Reply,
        ApplicationEventKind.ClarificationRequested => LetterKind.ClarificationNotice,
        ApplicationEventKind.Extended => LetterKind.ExtensionNotice,
        ApplicationEventKind.FeeNotified => LetterKind.FeeNotice,
        ApplicationEventKind.ThirdPartyConsulted => LetterKind.ThirdPartyConsultation,
        _ => null,
    };

    public static string TitleOf(LetterKind kind) => kind switch
    {
        LetterKind.Reply => "政府信息公开申请答复书",
        LetterKind.ClarificationNotice => "政府信息公开申请补正告知书",
        LetterKind.ExtensionNotice => "政府信息公开申请延期答复告知书",
        LetterKind.FeeNotice => "政府信息公开信息处理费收费通知书",
        LetterKind.ThirdPartyConsultation => "政府信息公开征求第三方意见函",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public const string Remedies =
        "如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。";

    /// <summary>The letter for event <paramref name="eventId"/>, or null when the application has no such event or the event has no letter.</summary>
    public static ApplicationLetter? Compose(DisclosureApplication application, string eventId, ApplicationClock clock, Agency agency)
    {
        var index = application.Events.ToList().FindIndex(e => e.Id == eventId);
        if (index < 0 || KindFor(application.Events[index].Kind) is not { } kind) return null;
        var e = application.Events[index];
        // The clock as it stood right after this event: a later event must not change what this letter said.
        var reading = clock.Read(application.ReceivedOn, application.Events.Take(index + 1).ToList());
        var received = $"本机关于{Day(application.ReceivedOn)}收到您提出的政府信息公开申请，申请获取“{application.InformationSought}”。";
        var contact = Contact(agency);

        var paragraphs = kind switch
        {
            LetterKind.Reply => Reply(application, e, received),
            LetterKind.ClarificationNotice =>
            [
                received,
                $"经审查，您的申请内容不够明确。根据{ReplyBases.Regulation}第三十条的规定，请您对以下事项作出补正：{e.Reason}",
                $"请于{Day(e.RespondBy!.Value)}前向本机关提交补正后的申请。答复期限自本机关收到补正申请之日起重新计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            ],
            LetterKind.ExtensionNotice =>
            [
                received,
                $"因{e.Reason}，本机关不能在规定期限内作出答复。经本机关政府信息公开工作机构负责人同意，根据{ReplyBases.Regulation}第三十三条第二款的规定，答复期限延长{e.Days}个工作日。",
                // A date counted across a year without a holiday arrangement is an estimate: a letter states none.
                reading.DueOn is { } due && !reading.IsEstimate(due)
                    ? $"本机关将于{Day(due)}前作出答复。"
                    : "征求第三方意见和缴纳费用的时间不计算在答复期限内，本机关将在延长后的期限内作出答复。",
            ],
            LetterKind.FeeNotice => FeeNotice(e, received, clock),
            LetterKind.ThirdPartyConsultation => Consultation(application, e, clock),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        if (contact is not null) paragraphs = [.. paragraphs, contact];

        var addressee = kind == LetterKind.ThirdPartyConsultation ? "有关单位（个人）：" : $"{application.Applicant.Name}：";
        return new ApplicationLetter(kind, TitleOf(kind), application.Number.ToString(), addressee, paragraphs, agency.Name, e.On);
    }

    private static string[] Reply(DisclosureApplication application, ApplicationEvent e, string received)
    {
        var row = e.Outcome ?? throw new InvalidOperationException($"Reply {e.Id} has no outcome.");
        var basis = ReplyBases.Of(row);
        var decision = row == ApplicationRow.Disclosed
            ? $"经审查，您申请获取的政府信息属于可以公开的信息。根据{ReplyBases.Citation(basis)}的规定，{basis.Decision}，按您选择的方式（{application.DeliveryForm}）提供。"
            : $"经审查，{e.Reason}（{OutcomeName(row)}）。根据{ReplyBases.Citation(basis)}的规定，{basis.Decision}。";
        string[] paragraphs = [received, decision];
        if (row == ApplicationRow.Disclosed && e.Reason is { Length: > 0 } note) paragraphs = [.. paragraphs, note];
        return basis.StatesRemedies ? [.. paragraphs, Remedies] : paragraphs;
    }

    /// <summary>"不予公开：属于国家秘密" from the printed rows "（三）不予公开" and "1.属于国家秘密".</summary>
    public static string OutcomeName(ApplicationRow row)
    {
        var definition = ApplicationTableRows.Get(row);
        var name = PrintedName(definition.Label);
        return definition.Parent is { } parent ? PrintedName(ApplicationTableRows.Get(parent).Label) + "：" + name : name;
    }

    // "（二）部分公开（区分处理的，…）" → "部分公开"; "1.属于国家秘密" → "属于国家秘密".
    private static string PrintedName(string label)
    {
        var name = System.Text.RegularExpressions.Regex.Replace(label, @"^(（[一二三四五六七]）|\d+\.)", "");
        return name.IndexOf('（') is > 0 and var cut ? name[..cut] : name;
    }

    private static string[] FeeNotice(ApplicationEvent e, string received, ApplicationClock clock)
    {
        var estimated = new List<int>();
        var payBy = clock.Add(e.On, ApplicationClock.FeePaymentWorkingDays, estimated);
        var period = estimated.Count == 0
            ? $"请自收到本通知之日起{ApplicationClock.FeePaymentWorkingDays}个工作日内（{Day(payBy)}前）缴纳。"
            : $"请自收到本通知之日起{ApplicationClock.FeePaymentWorkingDays}个工作日内缴纳。";
        return
        [
            received,
            $"根据{ReplyBases.Regulation}第四十二条和{ReplyBases.FeeMeasures}的规定，您的申请需缴纳信息处理费人民币{e.AmountYuan}元。" + FeeStandard(e),
            period + "自发出收费通知至缴纳费用的时间不计算在答复期限内。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ];
    }

    /// <summary>The basis and standard a fee notice must state (109号), when the register computed the amount.</summary>
    private static string FeeStandard(ApplicationEvent e) => e.FeeBasis switch
    {
        FeeBasis.ByPages => $"本费用按量计收：本次提供的政府信息共{e.Pages}页，{ProcessingFee.FreePages}页以内不收费，" +
            string.Join("，", ProcessingFee.PageBands.Select(b => b.To is { } to ? $"第{b.From}至{to}页每页{b.YuanPerPage}元" : $"第{b.From}页起每页{b.YuanPerPage}元")) + "。",
        FeeBasis.ByCount => "本费用按件计收：同一申请人一个自然月内提出的政府信息公开申请，前10件不收费，第11至30件每件100元，第31件起每增加10件，每件收费标准提高100元。",
        _ => "",
    };

    private static string[] Consultation(DisclosureApplication application, ApplicationEvent e, ApplicationClock clock)
    {
        var estimated = new List<int>();
        var by = clock.Add(e.On, ApplicationClock.ThirdPartyWorkingDays, estimated);
        var why = e.Reason is { Length: > 0 } reason ? $"（{reason}）" : "";
        return
        [
            // The third party learns what is asked, never who asks (个人信息保护法).
            $"本机关收到一份政府信息公开申请，申请获取“{application.InformationSought}”。该信息的公开可能损害贵方的合法权益{why}。",
            $"根据{ReplyBases.Regulation}第三十二条的规定，现书面征求贵方意见。请自收到本函之日起{ApplicationClock.ThirdPartyWorkingDays}个工作日内"
                + (estimated.Count == 0 ? $"（{Day(by)}前）" : "") + "提出书面意见。逾期未提出意见的，由本机关依照条例的规定决定是否公开。",
        ];
    }

    private static string? Contact(Agency agency)
    {
        var parts = new[] { agency.OfficeName, agency.Phone.Length > 0 ? "电话：" + agency.Phone : "", agency.Address.Length > 0 ? "地址：" + agency.Address : "" }
            .Where(p => p.Length > 0).ToList();
        return parts.Count == 0 ? null : "联系方式：" + string.Join("；", parts) + "。";
    }

    public static string Day(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
}
