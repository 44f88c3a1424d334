using Disclosure.Catalogue;
using Disclosure.Identity;

namespace Disclosure.Plan;

/// <summary>A plan as stored: its JSON and the store's concurrency token.</summary>
public sealed record StoredPlan(string Json, string ETag);

/// <summary>Where the editable plan lives (Table storage in production).</summary>
public interface IPlanStore
{
    Task<StoredPlan?> GetAsync(int year, CancellationToken ct = default);

    /// <summary>
    /// Saves when <paramref name="ifMatch"/> matches the stored ETag, or creates when it is null and nothing is
    /// stored yet, together with <paramref name="change"/> (its audit entry) when there is one. Returns the new ETag,
    /// or null on a concurrency conflict (then neither is written).
    /// </summary>
    Task<string?> TrySaveAsync(int year, string json, string? ifMatch, PlanChange? change = null, CancellationToken ct = default);

    /// <summary>The year's plan changes, newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<PlanChange>> ListChangesAsync(int year, int max, CancellationToken ct = default);
}

public abstract record PlanSaveResult
{
    public sealed record Saved(string ETag, DisclosurePlan Plan) : PlanSaveResult;
    public sealed record Invalid(IReadOnlyList<PlanProblem> Found) : PlanSaveResult
    {
        public IReadOnlyList<string> Problems => [.. Found.Select(p => p.Message)];
    }
    /// <summary>Someone saved in between (HTTP 412), or the plan exists and no If-Match was given (HTTP 428).</summary>
    public sealed record Conflict(string Message) : PlanSaveResult;
}

/// <summary>
/// The plan's application service: GET/PUT for administrators, and the plan the reminder run uses. The seed file
/// <c>data/plan/{year}.json</c> is loaded into the store the first time the year is asked for.
/// </summary>
public sealed class PlanService(IPlanStore store, CatalogueSettings catalogue, TimeProvider? time = null)
{
    /// <summary>The saves the plan page lists; the store keeps them all.</summary>
    public const int RecentChanges = 20;

    public async Task<DisclosurePlan?> GetPlanAsync(int year, CancellationToken ct = default)
        => await GetDocumentAsync(year, ct) is { } stored ? PlanLoader.Parse(stored.Json) : null;

    /// <summary>
    /// The plan whose people are in charge on <paramref name="today"/>: the year's, or the year before's until the
    /// year's is entered (the leadership group does not stop being one on 1 January; a report of the year's missing plan
    /// is the self-inspection's to make, not a reason to tell nobody).
    /// </summary>
    public async Task<DisclosurePlan?> GetPlanInForceAsync(DateOnly today, CancellationToken ct = default)
        => await GetPlanAsync(today.Year, ct) ?? await GetPlanAsync(today.Year - 1, ct);

    /// <summary>For <c>GET /api/plan/{year}</c>: the JSON and the ETag to send back in If-Match.</summary>
    public async Task<StoredPlan?> GetDocumentAsync(int year, CancellationToken ct = default)
    {
        if (await store.GetAsync(year, ct) is { } stored) return stored;
        var seed = PlanLoader.FileFor(year);
        if (!File.Exists(seed)) return null;
        var json = await File.ReadAllTextAsync(seed, ct);
        PlanLoader.Parse(json, catalogue);
        // A concurrent seeding wins or we do; either way the stored one is returned.
        await store.TrySaveAsync(year, json, ifMatch: null, change: null, ct);
        return await store.GetAsync(year, ct);
    }

    public Task<IReadOnlyList<PlanChange>> ListChangesAsync(int year, CancellationToken ct = default) => store.ListChangesAsync(year, RecentChanges, ct);

    /// <summary>
    /// For <c>PUT /api/plan/{year}</c> and the workbench's plan forms (administrators only): validates against the
    /// catalogue, then saves with optimistic concurrency, with an audit entry naming <paramref name="who"/>, when, and
    /// what changed against the version <paramref name="ifMatch"/> names (<paramref name="via"/>: <c>api</c> or the form's part).
    /// </summary>
    public async Task<PlanSaveResult> SaveAsync(int year, string json, string? ifMatch, Principal who, string via, CancellationToken ct = default)
    {
        DisclosurePlan plan;
        try
        {
            plan = PlanLoader.Parse(json, catalogue);
        }
        catch (PlanValidationException ex)
        {
            return new PlanSaveResult.Invalid(ex.Found);
        }
        if (plan.Year != year) return new PlanSaveResult.Invalid([new(PlanFields.Plan, $"计划年度 {plan.Year} 与地址中的年度 {year} 不一致")]);
        var stored = await store.GetAsync(year, ct);
        if (ifMatch is null && stored is not null)
            return new PlanSaveResult.Conflict("修改已有计划须提供 If-Match（先获取计划及其 ETag）");
        // What changed is told against the version the save was based on; when that is not the stored one, the store refuses.
        var before = stored is not null && (ifMatch == "*" || ifMatch == stored.ETag) ? PlanLoader.Parse(stored.Json) : null;
        var change = new PlanChange
        {
            Year = year, EventId = Guid.NewGuid().ToString("N"), At = (time ?? TimeProvider.System).GetUtcNow(), Actor = who.Name, ActorId = who.Id,
            FromVersion = before?.Version ?? "", ToVersion = plan.Version, Via = via,
            Changes = before is null ? ["新建计划"] : PlanDiff.Describe(before, plan) is { Count: > 0 } changes ? changes : ["未改动内容"],
        };
        var etag = await store.TrySaveAsync(year, json, ifMatch, change, ct);
        return etag is null
            ? new PlanSaveResult.Conflict("计划已被他人修改，请重新获取后再保存")
            : new PlanSaveResult.Saved(etag, plan);
    }
}
