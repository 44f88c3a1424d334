using Disclosure.Catalogue;

namespace Disclosure.Compliance;

/// <summary>What happens to an item after the checks (Art. 17: nothing unreviewed is published).</summary>
public enum ReviewDecision
{
    Approved,      // 检查通过, ready to publish
    NeedsReview,   // 待人工审核
    Returned,      // 退回修改
}

public static class ReviewOutcome
{
    /// <summary>
    /// Any block returns the item; any review, a finding that always wants a person (<see cref="RuleIds.AlwaysToReviewer"/>:
    /// a relation to another department's item), or a column that always wants a person, sends it to a reviewer.
    /// </summary>
    public static ReviewDecision Decide(IEnumerable<ComplianceFinding> findings, Column? column)
    {
        var needsReview = column?.AlwaysRequiresReview ?? false;
        foreach (var finding in findings)
        {
            if (finding.Severity == Severity.Block) return ReviewDecision.Returned;
            if (finding.Severity == Severity.Review || RuleIds.AlwaysToReviewer.Contains(finding.RuleId)) needsReview = true;
        }
        return needsReview ? ReviewDecision.NeedsReview : ReviewDecision.Approved;
    }

    public static string ToChinese(this ReviewDecision decision) => decision switch
    {
        ReviewDecision.Approved => "检查通过",
        ReviewDecision.NeedsReview => "待人工审核",
        ReviewDecision.Returned => "退回修改",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };

    public static string ToChinese(this Severity severity) => severity switch
    {
        Severity.Info => "提示",
        Severity.Review => "复核",
        Severity.Block => "阻止",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };
}
