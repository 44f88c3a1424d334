using System.Globalization;
using System.Text;
using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Applications;

/// <summary>
/// Information that several applicants asked for and were given (予以公开 or 部分公开), which Art. 44 says the agency should
/// consider publishing of its own accord (主动公开). <see cref="Applicants"/> counts different applicants, not applications.
/// </summary>
public sealed record ConversionProposal(string Key, string InformationSought, IReadOnlyList<DisclosureApplication> Applications, int Applicants)
{
    /// <summary>The application the proposal is reached through: the earliest disclosed one.</summary>
    public DisclosureApplication First => Applications[0];
}

/// <summary>An applicant's suggestion that what they asked for be published for everyone (Art. 44).</summary>
public sealed record ConversionSuggestion(DisclosureApplication Application, DateOnly SuggestedOn, string? Reason, bool InProposal);

/// <summary>
/// Art. 44: 多个申请人就相同政府信息向同一行政机关提出公开申请，且该政府信息属于可以公开的，行政机关可以纳入主动公开的范围.
/// "The same information" is decided honestly and simply: two applications ask for the same information when their
/// 所需信息 texts are equal after full-width forms are folded to half-width (NFKC), letters lower-cased, and every space,
/// punctuation mark and symbol dropped. “2025年度 科技计划项目清单。” and “2025年度科技计划项目清单” are the same; a
/// reworded request is not (staff see both in the register and can propose it by hand).
/// </summary>
public static class ProactiveConversion
{
    /// <summary>The comparison key of an information-sought text.</summary>
    public static string SameInformationKey(string informationSought)
    {
        var folded = informationSought.Normalize(NormalizationForm.FormKC);
        var key = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c) || category == UnicodeCategory.Format) continue;
            key.Append(char.ToLowerInvariant(c));
        }
        return key.ToString();
    }

    /// <summary>Whether the application ended with the information given to the applicant, wholly or in part.</summary>
    public static bool WasDisclosed(DisclosureApplication application)
        => application.OutcomeRow is ApplicationRow.Disclosed or ApplicationRow.PartlyDisclosed;

    /// <summary>
    /// The proposals of a register: groups of disclosed applications for the same information from at least
    /// <paramref name="minimumApplicants"/> different applicants (by identity document), most asked first.
    /// </summary>
    public static IReadOnlyList<ConversionProposal> Propose(IEnumerable<DisclosureApplication> register, int minimumApplicants)
    {
        if (minimumApplicants < 2) throw new ArgumentOutOfRangeException(nameof(minimumApplicants), minimumApplicants, "Art. 44 speaks of several applicants: at least 2.");
        return register
            .Where(WasDisclosed)
            .GroupBy(a => SameInformationKey(a.InformationSought))
            .Where(g => g.Key.Length > 0)
            .Select(g =>
            {
                var ordered = g.OrderBy(a => a.ConcludedOn).ThenBy(a => a.Number.Year).ThenBy(a => a.Number.Serial).ToList();
                var applicants = ordered.Select(ApplicantIdentity).Distinct().Count();
                return new ConversionProposal(g.Key, ordered[0].InformationSought, ordered, applicants);
            })
            .Where(p => p.Applicants >= minimumApplicants)
            .OrderByDescending(p => p.Applicants).ThenBy(p => p.First.ConcludedOn)
            .ToList();
    }

    /// <summary>
    /// The submission that proposes the information for 主动公开, pre-filled from the register: the information sought as
    /// title, the replies as body, the handling department, 主动公开. Staff add what the register cannot know (栏目, 体裁,
    /// 成文日期, 文号) in <paramref name="staff"/>; the submission then goes through intake and its review chain like any other.
    /// Nothing of the applicants goes into it.
    /// </summary>
    public static Intake.SubmissionDraft DraftFrom(ConversionProposal proposal, Intake.SubmissionDraft staff)
    {
        var replies = proposal.Applications
            .Select(a => a.Events.LastOrDefault(e => e.Kind == ApplicationEventKind.Replied)?.Reason)
            .OfType<string>().Distinct().ToList();
        var body = new StringBuilder()
            .AppendLine(proposal.InformationSought)
            .AppendLine()
            .Append(CultureInfo.InvariantCulture, $"本信息已依申请向{proposal.Applicants}位申请人公开（{string.Join("、", proposal.Applications.Select(a => a.Number))}），")
            .AppendLine("根据《中华人民共和国政府信息公开条例》第四十四条纳入主动公开范围。");
        foreach (var reply in replies) body.AppendLine().Append(reply);
        return staff with
        {
            Title = string.IsNullOrWhiteSpace(staff.Title) ? proposal.InformationSought : staff.Title,
            Department = proposal.First.Department ?? staff.Department,
            Attribute = "主动公开",
            Body = string.IsNullOrWhiteSpace(staff.Body) ? body.ToString().TrimEnd() : staff.Body,
            BodyFormat = string.IsNullOrWhiteSpace(staff.Body) ? "text" : staff.BodyFormat,
        };
    }

    /// <summary>
    /// The applicants' own suggestions (建议主动公开), earliest first, each with whether its information already is in one of
    /// <paramref name="proposals"/> (the same information key), so the office sees what the register would not propose yet.
    /// </summary>
    public static IReadOnlyList<ConversionSuggestion> Suggestions(IEnumerable<DisclosureApplication> register, IReadOnlyList<ConversionProposal> proposals)
    {
        var proposed = proposals.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        return register
            .Select(a => (Application: a, Event: a.Events.FirstOrDefault(e => e.Kind == ApplicationEventKind.ProactiveDisclosureSuggested)))
            .Where(x => x.Event is not null)
            .Select(x => new ConversionSuggestion(x.Application, x.Event!.On, x.Event.Reason, proposed.Contains(SameInformationKey(x.Application.InformationSought))))
            .OrderBy(s => s.SuggestedOn).ThenBy(s => s.Application.Number.Year).ThenBy(s => s.Application.Number.Serial)
            .ToList();
    }

    // One applicant asking three times is one applicant: the same identity document, case and spaces aside.
    private static string ApplicantIdentity(DisclosureApplication a)
        => a.Applicant.IdDocumentType + ":" + SameInformationKey(a.Applicant.IdDocumentNumber);
}
