using Disclosure.Identity;

namespace Disclosure.Catalogue;

/// <summary>
/// One step of a column's review chain (条例第十七条: 先审后发, every item is reviewed by a person before release), e.g.
/// 处室负责人初审, 公开办复审, 分管领导终审. The steps are catalogue data, so an agency changes its chain without a code change.
/// </summary>
public sealed record ReviewStep
{
    /// <summary>What the step is called in the audit trail and the review queue (unique within a chain).</summary>
    public required string Name { get; init; }
    /// <summary>App roles of which the signer holds at least one; empty: any role that takes review steps.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];
    /// <summary>Department codes the signer belongs to; empty: any department.</summary>
    public IReadOnlyList<string> Departments { get; init; } = [];
    /// <summary>
    /// The submitting department attests the step when it submits (处室负责人初审): the submitter, by submitting, confirms
    /// that the department's head reviewed the item, and the item records who confirmed it and when.
    /// </summary>
    public bool AttestedAtSubmission { get; init; }
    /// <summary>The step applies only to items of these genres (e.g. 分管领导终审 for 行政规范性文件); empty: every item.</summary>
    public IReadOnlyList<string> Genres { get; init; } = [];

    public bool AppliesTo(string genre) => Genres.Count == 0 || Genres.Contains(genre, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="who"/> may sign this step. Administrators count as reviewers, as everywhere else.</summary>
    public bool MayBeSignedBy(Principal who)
    {
        var roleFits = Roles.Count == 0
            ? who.TakesReviewSteps
            : Roles.Any(r => who.Roles.Contains(r) || (r == Role.Reviewer && who.IsReviewer));
        var departmentFits = Departments.Count == 0 || (who.DepartmentCode is { } d && Departments.Contains(d, StringComparer.Ordinal));
        return roleFits && departmentFits;
    }

    /// <summary>Who may sign the step, as the review queue and a refusal tell people.</summary>
    public string Signers(Func<string, string> roleName, Func<string, string> departmentName)
    {
        var roles = Roles.Count == 0 ? "审核人员" : string.Join("或", Roles.Select(roleName));
        return Departments.Count == 0 ? roles : string.Join("或", Departments.Select(departmentName)) + "的" + roles;
    }
}

/// <summary>
/// An administrator's recorded permission for a column to publish after the automated check alone, without a person's
/// review (an exception to 条例第十七条's 先审后发). Without all three of who, when and why the catalogue does not load;
/// the self-inspection report lists every one.
/// </summary>
public sealed record AutomatedPublicationPermission
{
    /// <summary>The administrator who set it (name and, where known, stable id).</summary>
    public required string SetBy { get; init; }
    public required DateOnly SetOn { get; init; }
    public required string Reason { get; init; }
}

public static class ReviewChains
{
    /// <summary>
    /// The chain an item of <paramref name="column"/> and <paramref name="genre"/> must pass: the column's own, else the
    /// catalogue's default; steps limited to other genres left out. Never empty: with nothing configured, one 保密审查 by a
    /// reviewer (条例第十七条: nothing unreviewed is published).
    /// </summary>
    public static IReadOnlyList<ReviewStep> For(CatalogueSettings catalogue, Column? column, string genre)
    {
        var chain = column?.ReviewChain is { Count: > 0 } own ? own : catalogue.DefaultReviewChain;
        var steps = chain.Where(s => s.AppliesTo(genre)).ToList();
        return steps.Count > 0 ? steps : [Fallback];
    }

    public static readonly ReviewStep Fallback = new() { Name = "保密审查", Roles = [Role.Reviewer] };

    /// <summary>What is wrong with a chain as configured, or null: names unique and present, an attested step only first, every step somebody's.</summary>
    public static string? Problem(IReadOnlyList<ReviewStep> chain, string where)
    {
        if (chain.Any(s => string.IsNullOrWhiteSpace(s.Name))) return $"{where}的审核步骤缺少名称";
        var duplicate = chain.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) return $"{where}的审核步骤“{duplicate.Key}”重复";
        var attested = chain.Select((s, n) => (s, n)).Where(x => x.s.AttestedAtSubmission).ToList();
        if (attested.Any(x => x.n != 0)) return $"{where}中只有第一个审核步骤可以在报送时确认";
        if (chain.Count > 0 && chain.All(s => s.AttestedAtSubmission)) return $"{where}须至少有一个由审核人员签署的步骤";
        return null;
    }
}
