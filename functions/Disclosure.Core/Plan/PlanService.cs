using Disclosure.Catalogue;

namespace Disclosure.Plan;

/// <summary>A plan as stored: its JSON and the store's concurrency token.</summary>
public sealed record StoredPlan(string Json, string ETag);

/// <summary>Where the editable plan lives (Table storage in production).</summary>
public interface IPlanStore
{
    Task<StoredPlan?> GetAsync(int year, CancellationToken ct = default);

    /// <summary>
    /// Saves when <paramref name="ifMatch"/> matches the stored ETag, or creates when it is null and nothing is
    /// stored yet. Returns the new ETag, or null on a concurrency conflict.
    /// </summary>
    Task<string?> TrySaveAsync(int year, string json, string? ifMatch, CancellationToken ct = default);
}

public abstract record PlanSaveResult
{
    public sealed record Saved(string ETag, DisclosurePlan Plan) : PlanSaveResult;
    public sealed record Invalid(IReadOnlyList<string> Problems) : PlanSaveResult;
    /// <summary>Someone saved in between (HTTP 412), or the plan exists and no If-Match was given (HTTP 428).</summary>
    public sealed record Conflict(string Message) : PlanSaveResult;
}

/// <summary>
/// The plan's application service: GET/PUT for administrators, and the plan the reminder run uses. The seed file
/// <c>data/plan/{year}.json</c> is loaded into the store the first time the year is asked for.
/// </summary>
public sealed class PlanService(IPlanStore store, CatalogueSettings catalogue)
{
    public async Task<DisclosurePlan?> GetPlanAsync(int year, CancellationToken ct = default)
        => await GetDocumentAsync(year, ct) is { } stored ? PlanLoader.Parse(stored.Json) : null;

    /// <summary>For <c>GET /api/plan/{year}</c>: the JSON and the ETag to send back in If-Match.</summary>
    public async Task<StoredPlan?> GetDocumentAsync(int year, CancellationToken ct = default)
    {
        if (await store.GetAsync(year, ct) is { } stored) return stored;
        var seed = PlanLoader.FileFor(year);
        if (!File.Exists(seed)) return null;
        var json = await File.ReadAllTextAsync(seed, ct);
        PlanLoader.Parse(json, catalogue);
        // A concurrent seeding wins or we do; either way the stored one is returned.
        await store.TrySaveAsync(year, json, ifMatch: null, ct);
        return await store.GetAsync(year, ct);
    }

    /// <summary>For <c>PUT /api/plan/{year}</c> (administrators only): validates against the catalogue, then saves with optimistic concurrency.</summary>
    public async Task<PlanSaveResult> SaveAsync(int year, string json, string? ifMatch, CancellationToken ct = default)
    {
        DisclosurePlan plan;
        try
        {
            plan = PlanLoader.Parse(json, catalogue);
        }
        catch (PlanValidationException ex)
        {
            return new PlanSaveResult.Invalid(ex.Problems);
        }
        if (plan.Year != year) return new PlanSaveResult.Invalid([$"计划年度 {plan.Year} 与地址中的年度 {year} 不一致"]);
        if (ifMatch is null && await store.GetAsync(year, ct) is not null)
            return new PlanSaveResult.Conflict("修改已有计划须提供 If-Match（先获取计划及其 ETag）");
        var etag = await store.TrySaveAsync(year, json, ifMatch, ct);
        return etag is null
            ? new PlanSaveResult.Conflict("计划已被他人修改，请重新获取后再保存")
            : new PlanSaveResult.Saved(etag, plan);
    }
}
