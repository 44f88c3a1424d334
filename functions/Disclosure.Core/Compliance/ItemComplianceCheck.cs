using Disclosure.Catalogue;
using Disclosure.Items;

namespace Disclosure.Compliance;

/// <summary>All local findings for one item and what they mean for it.</summary>
public sealed record ComplianceReport(IReadOnlyList<ComplianceFinding> Findings, ReviewDecision Decision);

/// <summary>
/// The whole local check of one item: its catalogue data, its own text fields (名称, 内容概述, 主题词), the body and
/// attachment texts someone else extracted, the sources that could not be extracted and the pictures the attachments
/// carry; then the decision.
/// Register as a singleton; the check is pure apart from the related-item lookup, so it is safe to repeat.
/// </summary>
public sealed class ItemComplianceCheck(LocalRuleSet textRules, MetadataRules metadataRules, CatalogueSettings settings)
{
    public async Task<ComplianceReport> CheckAsync(
        DisclosureItem item,
        IReadOnlyList<TextSource> extractedTexts,
        IReadOnlyList<UnextractableSource> unextractable,
        CancellationToken cancellationToken,
        IReadOnlyList<AttachmentPictures>? pictures = null)
    {
        var findings = new List<ComplianceFinding>(await metadataRules.CheckAsync(item, cancellationToken).ConfigureAwait(false));
        var context = RuleContext.For(item, settings);
        findings.AddRange(textRules.Scan([.. TextSource.FromItemFields(item), .. extractedTexts], context));
        findings.AddRange(unextractable.Select(LocalRuleSet.Unextractable));
        findings.AddRange((pictures ?? []).Where(p => p.Pictures.HasPictures).Select(LocalRuleSet.Pictures));
        return new ComplianceReport(findings, ReviewOutcome.Decide(findings, context.Column));
    }
}
