using System.Globalization;
using Disclosure.Workbench;

namespace Disclosure.Applications;

/// <summary>An application of a proposal or a suggestion as the page links it (by number: never the applicant).</summary>
[PageModel]
public sealed record ConversionApplicationLink(string Number, string Url, string Date);

/// <summary>Information several applicants were given: how many, through which applications, and where to draft the item.</summary>
[PageModel]
public sealed record ConversionProposalRow(string InformationSought, int Applicants, IReadOnlyList<ConversionApplicationLink> Applications, string DraftUrl);

/// <summary>An applicant's own suggestion, and whether the register already proposes that information.</summary>
[PageModel]
public sealed record ConversionSuggestionRow(ConversionApplicationLink Application, string InformationSought, string Reason, string StateName, bool InProposal);

/// <summary>
/// Art. 44 for the office: the information the register proposes for 主动公开 (given to at least
/// <see cref="MinimumApplicants"/> different applicants), each with the form that drafts the item from the register, and
/// the applicants' own suggestions. The JSON of the same route has the same content.
/// </summary>
[PageModel]
public sealed record ConversionProposalsPageModel(int MinimumApplicants, IReadOnlyList<ConversionProposalRow> Proposals, IReadOnlyList<ConversionSuggestionRow> Suggestions)
{
    public const string Template = "conversion-proposals";
    public const string Title = "建议转为主动公开的信息";

    public static string DraftPath(DisclosureApplication first) => $"/api/applications/{first.Id}/proactive-disclosure/new";

    public static ConversionProposalsPageModel Build(int minimumApplicants, IReadOnlyList<ConversionProposal> proposals, IReadOnlyList<ConversionSuggestion> suggestions)
        => new(minimumApplicants,
            [.. proposals.Select(p => new ConversionProposalRow(p.InformationSought, p.Applicants,
                [.. p.Applications.Select(a => Link(a, a.ConcludedOn))], DraftPath(p.First)))],
            [.. suggestions.Select(s => new ConversionSuggestionRow(Link(s.Application, s.SuggestedOn), s.Application.InformationSought, s.Reason ?? "",
                s.Application.State.ToChinese(), s.InProposal))]);

    private static ConversionApplicationLink Link(DisclosureApplication a, DateOnly? on)
        => new(a.Number.ToString(), $"/api/applications/{a.Id}", on?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
}
