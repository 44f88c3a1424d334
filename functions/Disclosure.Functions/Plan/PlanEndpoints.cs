using Disclosure.Calendar;
using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Plan;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Plan;

/// <summary><c>GET /api/plan/{year}</c>: the year's plan as stored (seeded from the data file on first use), with its ETag.</summary>
public class GetPlan(PlanService plans, HttpWorkbench workbench)
{
    [Function(nameof(GetPlan))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "plan/{year:int}")] HttpRequest req, int year, CancellationToken ct)
        => workbench.Run(req, async principal =>
        {
            var stored = await plans.GetDocumentAsync(year, ct);
            if (stored is null) return Responses.NotFound($"没有 {year} 年度政府信息公开工作计划。");
            var etag = EntityTags.ETagOf(stored.ETag);
            req.HttpContext.Response.Headers.ETag = etag;
            req.HttpContext.Response.Headers.CacheControl = "private, no-cache";
            if (req.Headers.IfNoneMatch.ToString().Split(',').Any(t => t.Trim() == etag))
                return new StatusCodeResult(StatusCodes.Status304NotModified);
            return PlanHttp.RawJson(stored.Json);
        });
}

/// <summary>
/// <c>PUT /api/plan/{year}</c> (administrators): the whole plan, validated against the catalogue; If-Match with the
/// ETag of <c>GET</c> is required once the year has a plan (428 without it, 412 when someone saved in between).
/// </summary>
public class SavePlan(PlanService plans, HttpWorkbench workbench)
{
    [Function(nameof(SavePlan))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "plan/{year:int}")] HttpRequest req, int year, CancellationToken ct)
        => workbench.RunForAdministrators(req, "只有管理员可以修改年度计划。", async principal =>
        {
            string? ifMatch = null;
            var header = req.Headers.IfMatch.ToString();
            if (!string.IsNullOrWhiteSpace(header))
            {
                ifMatch = EntityTags.StoreETagFrom(header);
                if (ifMatch is null)
                    return Responses.Problem(StatusCodes.Status412PreconditionFailed, "计划已被修改", "If-Match 不是本系统发出的计划版本标识，请重新获取计划后再保存。");
            }
            if (await PlanHttp.ReadBodyAsync(req, ct) is not { } json) return PlanHttp.BodyTooLarge();

            return await plans.SaveAsync(year, json, ifMatch, principal, "api", ct) switch
            {
                PlanSaveResult.Saved saved => Saved(req, saved, created: ifMatch is null),
                PlanSaveResult.Invalid invalid => PlanHttp.Problems("年度计划未通过校验", invalid.Problems),
                PlanSaveResult.Conflict conflict when ifMatch is null =>
                    Responses.Problem(StatusCodes.Status428PreconditionRequired, "需要提供计划版本", conflict.Message),
                PlanSaveResult.Conflict conflict =>
                    Responses.Problem(StatusCodes.Status412PreconditionFailed, "计划已被修改", conflict.Message),
                var other => throw new InvalidOperationException(other.GetType().Name),
            };
        });

    private static IActionResult Saved(HttpRequest req, PlanSaveResult.Saved saved, bool created)
    {
        var etag = EntityTags.ETagOf(saved.ETag);
        req.HttpContext.Response.Headers.ETag = etag;
        return PlanHttp.Ok(new { year = saved.Plan.Year, version = saved.Plan.Version, etag },
            created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }
}

/// <summary>
/// <c>POST /api/plan/{year}/events</c>: records an event that starts a working-day deadline (部门预算批复, 行政许可决定 …).
/// Body: <c>{ "id", "kind", "occurredOn", "title" }</c>. A resubmitted id answers 200 and changes nothing.
/// </summary>
public class RecordPlanEvent(PlanRecordsService records, PlanService plans, HttpWorkbench workbench)
{
    [Function(nameof(RecordPlanEvent))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "plan/{year:int}/events")] HttpRequest req, int year, CancellationToken ct)
        => workbench.Run(req, async principal =>
        {
            if (await PlanHttp.ReadBodyAsync(req, ct) is not { } body) return PlanHttp.BodyTooLarge();
            RecordedEvent? recorded;
            try
            {
                recorded = JsonSerializer.Deserialize<RecordedEvent>(body, PlanHttp.Json);
            }
            catch (JsonException)
            {
                recorded = null;
            }
            if (recorded is null) return PlanHttp.InvalidJson("请提供事件编号 id、事件类型 kind、发生日期 occurredOn（yyyy-MM-dd）和标题 title。");

            if (!principal.IsReviewer)
            {
                var plan = await plans.GetPlanAsync(year, ct);
                if (plan?.IsResponsibleForEvent(principal.DepartmentCode, recorded.Kind) != true)
                    return Responses.Forbidden("只有公开办或负责该类事件公开的处室可以登记此事件。");
            }
            // The disclosure date is recorded separately, once the information is out.
            var result = await records.RecordEventAsync(year, recorded with { DisclosedOn = null }, ct);
            return PlanHttp.Result(result, new { year, id = recorded.Id, kind = recorded.Kind, occurredOn = recorded.OccurredOn });
        });
}

/// <summary><c>POST /api/plan/{year}/events/{id}/disclosed</c>: the event's information was published (body <c>{ "disclosedOn" }</c>, default today).</summary>
public class MarkPlanEventDisclosed(PlanRecordsService records, IPlanRecords stored, PlanService plans, HttpWorkbench workbench, TimeProvider time)
{
    private sealed record Body(DateOnly? DisclosedOn);

    [Function(nameof(MarkPlanEventDisclosed))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "plan/{year:int}/events/{id}/disclosed")] HttpRequest req,
        int year, string id, CancellationToken ct)
        => workbench.Run(req, async principal =>
        {
            if (await PlanHttp.ReadBodyAsync(req, ct) is not { } text) return PlanHttp.BodyTooLarge();
            Body? body;
            try
            {
                body = string.IsNullOrWhiteSpace(text) ? new Body(null) : JsonSerializer.Deserialize<Body>(text, PlanHttp.Json);
            }
            catch (JsonException)
            {
                body = null;
            }
            if (body is null) return PlanHttp.InvalidJson("公开日期 disclosedOn 应为 yyyy-MM-dd 格式，或不填（默认为今天）。");
            var today = ChinaTime.Today(time);
            var disclosedOn = body.DisclosedOn ?? today;
            if (disclosedOn > today) return PlanHttp.Problems("登记内容有误", ["公开日期不能晚于今天"]);

            if (!principal.IsReviewer)
            {
                var recorded = (await stored.ListEventsAsync(year, ct)).FirstOrDefault(e => e.Id == id);
                if (recorded is null) return Responses.NotFound($"{year} 年没有编号为 {id} 的事件");
                var plan = await plans.GetPlanAsync(year, ct);
                if (plan?.IsResponsibleForEvent(principal.DepartmentCode, recorded.Kind) != true)
                    return Responses.Forbidden("只有公开办或负责该类事件公开的处室可以登记公开日期。");
            }
            var result = await records.MarkEventDisclosedAsync(year, id, disclosedOn, ct);
            return result is PlanRecordResult.Recorded
                ? PlanHttp.Ok(new { year, id, disclosedOn })
                : PlanHttp.Result(result, new { year, id });
        });
}

/// <summary><c>POST /api/plan/{year}/tasks/{id}/complete</c>: a phase task is done (today, China time); repeating it keeps the first date.</summary>
public class CompletePlanTask(PlanRecordsService records, PlanService plans, HttpWorkbench workbench)
{
    [Function(nameof(CompletePlanTask))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "plan/{year:int}/tasks/{id}/complete")] HttpRequest req,
        int year, string id, CancellationToken ct)
        => workbench.Run(req, async principal =>
        {
            var plan = await plans.GetPlanAsync(year, ct);
            var task = plan?.Phases.SelectMany(p => p.Tasks).FirstOrDefault(t => t.Id == id);
            if (task is null) return Responses.NotFound($"{year} 年度计划中没有编号为 {id} 的任务");
            if (!PlanHttp.MayRecordFor(principal, task.Department))
                return Responses.Forbidden("只有公开办或该任务的责任处室可以登记完成。");
            var result = await records.CompleteTaskAsync(year, id, ct);
            return result is PlanRecordResult.Recorded ? PlanHttp.Ok(new { year, id, completed = true }) : PlanHttp.Result(result, new { year, id });
        });
}
