namespace Disclosure.Publishing;

/// <summary>The time limits and fee rule the 政府信息公开指南 states, each with the article it comes from.</summary>
public static class PortalGuideFacts
{
    /// <summary>Art. 26: proactive information is published within 20 working days of being formed or changed.</summary>
    public const int ProactiveDisclosureWorkingDays = 20;
    /// <summary>Art. 33: a reply within 20 working days where it cannot be given on the spot.</summary>
    public const int ReplyWorkingDays = 20;
    /// <summary>Art. 33: one extension of at most 20 working days, with notice to the applicant.</summary>
    public const int ReplyExtensionWorkingDays = 20;
    /// <summary>Art. 30: a request for clarification (补正) is sent once, within 7 working days.</summary>
    public const int ClarificationWorkingDays = 7;
    /// <summary>国办函〔2020〕109号: an applicant's first 10 applications in a calendar month are free.</summary>
    public const int FreeApplicationsPerMonth = 10;
}
