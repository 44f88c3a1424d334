using System.Globalization;
using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Items;

namespace Disclosure.Inspection;

/// <summary>Publications of one column that went out after the automated check alone, with the administrator's recorded reason.</summary>
public sealed record AutomatedOnlyPublications(string Column, int Count, string Permission);

/// <summary>
/// What the audit trail says about the review (条例第十七条) of what was published in a period: how many publications
/// there were, how many had every step of their review chain signed by a person, how many went out after the automated
/// check alone (by column, with the recorded reason), and how many had neither. The annual report's and the
/// self-inspection's review statement is this, never a fixed sentence.
/// </summary>
public sealed record ReviewStatement(
    DateOnly From, DateOnly To, int Published, int SignedByPeople, IReadOnlyList<AutomatedOnlyPublications> AutomatedOnly, int NotFullyReviewed)
{
    public int AutomatedOnlyCount => AutomatedOnly.Sum(a => a.Count);
    public bool AllReviewedByPeople => SignedByPeople == Published;

    /// <summary>The statement in the report's words, true to the counts: it says so when not every publication was reviewed.</summary>
    public string Text(string period)
    {
        if (Published == 0) return $"{period}未发布政府信息。";
        if (AllReviewedByPeople) return $"{period}发布的{Published}条政府信息均按审核流程经人员逐级签署（含保密审查）后发布。";
        var parts = new List<string> { $"{period}共发布政府信息{Published}条，其中{SignedByPeople}条按审核流程经人员逐级签署（含保密审查）" };
        if (AutomatedOnly.Count > 0)
            parts.Add($"{AutomatedOnlyCount}条经管理员准许仅经自动检查后发布、未经人工审查（"
                + string.Join("；", AutomatedOnly.Select(a => $"“{a.Column}”栏目{a.Count}条，{a.Permission}")) + "）");
        if (NotFullyReviewed > 0) parts.Add($"{NotFullyReviewed}条发布前未经审核流程全部步骤的人员签署");
        return string.Join("；", parts) + "。";
    }

    /// <summary>
    /// Computes the statement from published items' audit trails. A publication is each 发布 entry dated (China time) in
    /// [<paramref name="from"/>, <paramref name="to"/>]; its version's chain is the one the catalogue gives its column and
    /// genre; a step counts as signed by a person when an entry of that version records the step and its actor is not the
    /// system (ids <c>system:…</c>, which includes the sample-data seeder).
    /// </summary>
    public static ReviewStatement Compute(IEnumerable<ItemHistory> histories, CatalogueSettings catalogue, DateOnly from, DateOnly to)
    {
        int published = 0, signed = 0, unreviewed = 0;
        var automated = new Dictionary<string, (int Count, string Permission)>(StringComparer.Ordinal);
        foreach (var history in histories)
        {
            foreach (var publication in history.Trail.Where(e => e.Action == AuditAction.Published && InPeriod(e.At, from, to)))
            {
                var version = history.Versions.FirstOrDefault(v => v.Version == publication.Version);
                if (version is null) continue;
                published++;
                var trail = history.Trail.Where(e => e.Version == publication.Version && e.At <= publication.At).ToList();
                var automatedEntry = trail.LastOrDefault(e => e.Action == AuditAction.Checked && e.To == ItemState.ReadyToPublish);
                if (automatedEntry is not null)
                {
                    var column = catalogue.FindColumn(version.ColumnCode)?.Name ?? version.ColumnCode;
                    var permission = automatedEntry.Details.GetValueOrDefault(ComplianceTexts.AutomatedPublication, "未记录准许理由");
                    automated[column] = (automated.GetValueOrDefault(column).Count + 1, permission);
                }
                else if (ReviewChains.For(catalogue, catalogue.FindColumn(version.ColumnCode), version.Genre).All(step => SignedByPerson(trail, step)))
                {
                    signed++;
                }
                else
                {
                    unreviewed++;
                }
            }
        }
        return new ReviewStatement(from, to, published, signed,
            automated.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new AutomatedOnlyPublications(a.Key, a.Value.Count, a.Value.Permission)).ToList(),
            unreviewed);
    }

    private static bool SignedByPerson(IReadOnlyList<AuditEntry> trail, ReviewStep step) => trail.Any(e =>
        IsPerson(e.ActorId)
        && (step.AttestedAtSubmission
            ? e.Action is AuditAction.Submitted or AuditAction.Corrected && e.Details.ContainsKey(step.Name)
            : e.Action is AuditAction.ReviewStepSigned or AuditAction.ReviewApproved
              && e.Details.TryGetValue(ComplianceTexts.RecordStep, out var name) && name == step.Name));

    /// <summary>Entries written before stable ids were kept have none; they are not counted as a person's, which understates rather than overstates.</summary>
    private static bool IsPerson(string? actorId) => actorId is not null && !actorId.StartsWith("system:", StringComparison.Ordinal);

    private static bool InPeriod(DateTimeOffset at, DateOnly from, DateOnly to)
    {
        var day = ChinaTime.DateOf(at);
        return day >= from && day <= to;
    }

    public static string Year(int year) => string.Create(CultureInfo.InvariantCulture, $"{year}年");
}

/// <summary>One item's versions and audit trail, as the review statement reads them.</summary>
public sealed record ItemHistory(IReadOnlyList<DisclosureItem> Versions, IReadOnlyList<AuditEntry> Trail);

/// <summary>The review statement of a period, read from the item store and the audit trail.</summary>
public sealed class ReviewRecord(IItemStore items, IAuditTrail audit, CatalogueSettings catalogue)
{
    public async Task<ReviewStatement> StatementAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        // Publishing a version updates it, so only items with a version changed on or after `from` can have a publication
        // in the period; only their trails are read.
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var version in items.ListAllVersionsAsync(ct))
            if (ChinaTime.DateOf(version.UpdatedAt) >= from) candidates.Add(version.Id);
        var histories = new List<ItemHistory>(candidates.Count);
        foreach (var id in candidates.Order(StringComparer.Ordinal))
            histories.Add(new ItemHistory(await items.GetVersionsAsync(id, ct), await audit.ListAsync(id, ct)));
        return ReviewStatement.Compute(histories, catalogue, from, to);
    }
}
