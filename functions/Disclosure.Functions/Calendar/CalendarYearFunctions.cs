using System.Text.Json;
using Disclosure.Calendar;
using Disclosure.Functions.Applications;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Calendar;

/// <summary>
/// <c>GET /api/calendar/{year}</c> (administrators): the year's holiday arrangement in use and the form to enter it from
/// the State Council's notice; for a program, the arrangement as JSON with its version (ETag), 404 when there is none.
/// </summary>
public class CalendarYearPage(CalendarYears years, HttpWorkbench workbench, FormTokens tokens)
{
    [Function(nameof(CalendarYearPage))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar/{year:int}")] HttpRequest req, int year, CancellationToken ct)
        => workbench.RunForAdministrators(req, CalendarYearHttp.Refusal, async who =>
        {
            var stored = await years.FindAsync(year, ct);
            if (!Responses.WantsHtml(req))
            {
                if (years.Calendar.DataFor(year) is not { } inUse) return Responses.NotFound($"{year}年的节假日安排尚未录入。");
                if (stored is not null && !years.Calendar.IsPackaged(year)) req.HttpContext.Response.Headers.ETag = EntityTags.ETagOf(stored.ETag);
                return new OkObjectResult(CalendarYearHttp.Json(inUse, years.Calendar.IsPackaged(year), stored));
            }
            var notice = req.Query.ContainsKey("saved") ? "已保存，新的安排已用于计算工作日。" : "";
            return CalendarYearHttp.Page(workbench, who, CalendarYearPageModel.Build(year, years.Calendar, stored, await years.ChangesAsync(year, ct), tokens.Issue(who),
                notice: notice));
        });
}

/// <summary>
/// <c>POST /api/calendar/{year}</c> (administrators, the page's form with its token and the version it showed): checks
/// every line (errors beside their field, what was typed kept), saves, and uses the year at once; 303 back to the page.
/// Someone else saved since: 409 with what was typed. A year that ships with the program: 409, nothing saved.
/// </summary>
public class SaveCalendarYearForm(CalendarYears years, HttpWorkbench workbench, FormTokens tokens)
{
    /// <summary>Three short fields; far larger is not this page's form.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    [Function(nameof(SaveCalendarYearForm))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "calendar/{year:int}")] HttpRequest req, int year, CancellationToken ct)
        => workbench.RunForAdministrators(req, CalendarYearHttp.Refusal, async who =>
        {
            if (req.ContentLength is null or > MaxBodyBytes || !req.HasFormContentType)
                return workbench.Message(who, req, StatusCodes.Status413PayloadTooLarge, "未保存", "提交的内容不是本页的表单或过大，请重新打开本页填写。",
                    CalendarYearPageModel.Path(year), "返回节假日安排");
            var form = await req.ReadFormAsync(ct);
            var typed = (form[HolidayYearInput.SourceField].ToString(), form[HolidayYearInput.HolidaysField].ToString(), form[HolidayYearInput.WorkdaysField].ToString());
            var version = form["version"].ToString();
            async Task<IActionResult> Again(IReadOnlyList<FormError> errors, int status, string? shownVersion = null)
                => CalendarYearHttp.Page(workbench, who, CalendarYearPageModel.Build(year, years.Calendar, await years.FindAsync(year, ct),
                    await years.ChangesAsync(year, ct), tokens.Issue(who), typed, errors, version: shownVersion ?? version), status);

            if (!tokens.IsValid(form[FormTokens.Field].ToString(), who))
                return await Again([new FormError(HolidayYearInput.SourceField, HttpTexts.FormTokenInvalid)], StatusCodes.Status403Forbidden);
            return await years.SaveAsync(who, year, typed.Item1, typed.Item2, typed.Item3, version.Length == 0 ? null : EntityTags.StoreETagFrom(version) ?? version, ct) switch
            {
                CalendarYearSave.Saved => Responses.SeeOther(CalendarYearPageModel.Path(year) + "?saved=1"),
                CalendarYearSave.Invalid invalid => await Again(invalid.Errors, StatusCodes.Status400BadRequest),
                CalendarYearSave.Packaged => await Again([new FormError(HolidayYearInput.SourceField, CalendarYearHttp.PackagedText(year))], StatusCodes.Status409Conflict),
                CalendarYearSave.Stale stale => await Again([new FormError(HolidayYearInput.SourceField, CalendarYearHttp.StaleText(stale.Current))],
                    StatusCodes.Status409Conflict, stale.Current is { } now ? EntityTags.ETagOf(now.ETag) : ""),
                _ => throw new InvalidOperationException(),
            };
        });
}

/// <summary>
/// <c>PUT /api/calendar/{year}</c> (administrators, JSON <c>{"source", "holidays": ["2027-01-01", "2027-02-06 至 2027-02-13"], "workdays": […]}</c>):
/// the same checks as the form (400 naming the fields), If-Match for a year already added (412 when someone saved since,
/// 428 without it), 409 for a year that ships with the program.
/// </summary>
public class SaveCalendarYear(CalendarYears years, HttpWorkbench workbench)
{
    public const int MaxBodyBytes = 16 * 1024;

    private sealed record Body(string? Source, string[]? Holidays, string[]? Workdays);

    [Function(nameof(SaveCalendarYear))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "calendar/{year:int}")] HttpRequest req, int year, CancellationToken ct)
        => workbench.RunForAdministrators(req, CalendarYearHttp.Refusal, async who =>
        {
            // Read no further than the limit, whether or not a Content-Length was sent.
            if (await ApplicationHttp.ReadBodyAsync(req, MaxBodyBytes, ct) is not { } text)
                return Responses.Problem(StatusCodes.Status413PayloadTooLarge, "内容过大", $"节假日安排的 JSON 不能超过 {MaxBodyBytes / 1024} KiB。");
            Body? body;
            try
            {
                body = JsonSerializer.Deserialize<Body>(text, JsonSerializerOptions.Web);
            }
            catch (JsonException)
            {
                body = null;
            }
            if (body is null) return Responses.Problem(StatusCodes.Status400BadRequest, "提交的内容有误", "请求体应为 JSON 对象：source、holidays、workdays。");

            var stored = await years.FindAsync(year, ct);
            var ifMatch = req.Headers.IfMatch.ToString();
            if (stored is not null && ifMatch.Length == 0)
                return Responses.Problem(StatusCodes.Status428PreconditionRequired, "缺少 If-Match", $"{year}年的安排已录入，修改时须带 GET 所得的 ETag。");
            var seen = ifMatch.Length == 0 ? null : EntityTags.StoreETagFrom(ifMatch) ?? ifMatch;
            return await years.SaveAsync(who, year, body.Source, Lines(body.Holidays), Lines(body.Workdays), seen, ct) switch
            {
                CalendarYearSave.Saved saved => Saved(req, saved.Year, years.Calendar),
                CalendarYearSave.Invalid invalid => Responses.ValidationProblem([.. invalid.Errors.Select(e => new FieldError(e.FieldId, e.Message))]),
                CalendarYearSave.Packaged => Responses.Problem(StatusCodes.Status409Conflict, "随程序提供", CalendarYearHttp.PackagedText(year)),
                CalendarYearSave.Stale stale => Responses.Problem(StatusCodes.Status412PreconditionFailed, "已被他人修改", CalendarYearHttp.StaleText(stale.Current)),
                _ => throw new InvalidOperationException(),
            };
        });

    private static string Lines(string[]? lines) => string.Join("\n", lines ?? []);

    private static IActionResult Saved(HttpRequest req, StoredHolidayYear saved, WorkingDayCalendar calendar)
    {
        req.HttpContext.Response.Headers.ETag = EntityTags.ETagOf(saved.ETag);
        return new OkObjectResult(CalendarYearHttp.Json(saved.Year, calendar.IsPackaged(saved.Year.Year), saved));
    }
}

internal static class CalendarYearHttp
{
    public const string Refusal = "只有管理员可以录入节假日安排。";

    public static string PackagedText(int year)
        => $"{year}年的节假日安排随程序提供，不能在此修改；如需更正，请修改数据文件 {CalendarTexts.DataFolder}{year}.json。";

    public static string StaleText(StoredHolidayYear? current) => current is null
        ? "未保存：该年的安排已不在原处，请重新打开本页。"
        : $"未保存：{current.SavedBy}已于 {current.SavedAt.ToOffset(ChinaTime.Offset):yyyy-MM-dd HH:mm} 保存了该年的安排（{current.Year.Source}）。您填写的内容仍在表单中，请核对后再保存。";

    public static object Json(HolidayYear year, bool packaged, StoredHolidayYear? stored) => new
    {
        year = year.Year,
        source = year.Source,
        holidays = year.Holidays.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        workdays = year.Workdays.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        packaged,
        savedBy = packaged ? null : stored?.SavedBy,
        savedAt = packaged ? null : stored?.SavedAt,
    };

    public static IActionResult Page(HttpWorkbench workbench, Principal who, CalendarYearPageModel model, int status = StatusCodes.Status200OK)
        => workbench.Page(who, CalendarYearPageModel.Template, CalendarYearPageModel.Title(model.Year), model, status);
}

/// <summary>
/// Every instance takes the years an administrator added: at start, then every <see cref="CalendarYears.RefreshEvery"/>
/// (a timer function would run on one instance only). A failed read keeps the years it had and tries again.
/// </summary>
public sealed class CalendarRefresh(CalendarYears years, ILogger<CalendarRefresh> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var added = await years.RefreshAsync(stoppingToken);
                if (added.Count > 0) log.LogDebug("Holiday arrangements added by administrators: {Years}", string.Join(",", added.Select(a => a.Year.Year)));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(ex, "Reading the holiday arrangements added by administrators failed; the years read before stay in use");
            }
            try
            {
                // A pause, not a business date: real time even under a test clock.
                await Task.Delay(CalendarYears.RefreshEvery, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public static class CalendarFlowServices
{
    public static IServiceCollection AddCalendarFlow(this IServiceCollection services)
    {
        services.AddHostedService<CalendarRefresh>();
        return services;
    }
}
