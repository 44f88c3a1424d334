using Disclosure.Calendar;
using Disclosure.Compliance;
using Disclosure.Items;

namespace Disclosure.Inspection.SelfInspection;

/// <summary>
/// Counts the findings of every check made in a period, by rule, from the compliance records the check stores per
/// item version. A version that was never checked has no record and counts nothing.
/// </summary>
public sealed class StoredFindings(IItemStore items, IComplianceRecords records) : IReviewFindingSource
{
    public async Task<IReadOnlyList<FindingCount>> CountByRuleAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var version in items.ListAllVersionsAsync(ct))
        {
            if (await records.GetAsync(version.Id, version.Version, ct) is not { } record) continue;
            var checkedOn = ChinaTime.DateOf(record.CheckedAt);
            if (checkedOn < from || checkedOn > to) continue;
            foreach (var finding in record.Findings)
                counts[finding.Finding.RuleId] = counts.GetValueOrDefault(finding.Finding.RuleId) + 1;
        }
        return counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new FindingCount(c.Key, c.Value)).ToList();
    }
}
