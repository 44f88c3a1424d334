using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Disclosure.Adapters.Plan;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.Plan;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Plan;

[Collection(PlanCollection.Name)]
public class PlanEndpointTests
{
    private static HttpRequestMessage Put(string url, string json, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    private static HttpRequestMessage Post(string url, object? body = null) => new(HttpMethod.Post, url)
    {
        Content = body is null ? null : new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
    };

    [Fact]
    public async Task On_start_the_current_years_plan_is_loaded_into_table_storage_once_even_by_two_hosts()
    {
        PlanHost.UseTablesOfItsOwn();
        var clock = new FakeTimeProvider(PlanHost.WorkingMorning);
        var hosts = await Task.WhenAll(PlanHost.StartAsync(clock), PlanHost.StartAsync(clock));
        try
        {
            var store = new TablePlanStore(await PlanHost.TablesAsync(), PlanHost.PlanTable);
            StoredPlan? stored = null;
            for (var i = 0; i < 100 && stored is null; i++)
            {
                stored = await store.GetAsync(2026);
                if (stored is null) await Task.Delay(100);
            }
            Assert.NotNull(stored);
            Assert.Equal(await File.ReadAllTextAsync(PlanLoader.FileFor(2026)), stored.Json);
            var rows = (await PlanHost.TablesAsync()).GetTableClient(PlanHost.PlanTable).QueryAsync<Azure.Data.Tables.TableEntity>();
            var count = 0;
            await foreach (var _ in rows) count++;
            Assert.Equal(1, count);
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Saving_the_plan_needs_the_current_etag_412_when_stale_and_428_without_one()
    {
        PlanHost.UseTablesOfItsOwn();
        await using var host = await PlanHost.StartAsync(new FakeTimeProvider(PlanHost.WorkingMorning));
        using var client = host.Client();

        using var get = await client.SendAsync(PlanHost.Get("/api/plan/2026").As("王管理", "bgs", Role.Administrator));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("application/json", get.Content.Headers.ContentType?.MediaType);
        var etag = get.Headers.ETag!.ToString();
        Assert.False(get.Headers.ETag.IsWeak);
        var plan = JsonNode.Parse(await get.Content.ReadAsStringAsync())!;
        plan["version"] = "2026.2";

        using var byDepartment = await client.SendAsync(Put("/api/plan/2026", plan.ToJsonString(), etag).As("李四", "bgs", Role.Submitter, Role.Reviewer));
        Assert.Equal(HttpStatusCode.Forbidden, byDepartment.StatusCode);

        using var saved = await client.SendAsync(Put("/api/plan/2026", plan.ToJsonString(), etag).As("王管理", "bgs", Role.Administrator));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.NotEqual(etag, saved.Headers.ETag!.ToString());

        plan["version"] = "2026.3";
        using var stale = await client.SendAsync(Put("/api/plan/2026", plan.ToJsonString(), etag).As("王管理", "bgs", Role.Administrator));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Contains("计划已被他人修改", await stale.Content.ReadAsStringAsync());

        using var blind = await client.SendAsync(Put("/api/plan/2026", plan.ToJsonString(), null).As("王管理", "bgs", Role.Administrator));
        Assert.Equal((HttpStatusCode)428, blind.StatusCode);

        using var current = await client.SendAsync(PlanHost.Get("/api/plan/2026").As("李四", "bgs", Role.Submitter));
        Assert.Equal("2026.2", JsonNode.Parse(await current.Content.ReadAsStringAsync())!["version"]!.GetValue<string>());
        Assert.Equal(saved.Headers.ETag.ToString(), current.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task An_invalid_plan_is_refused_with_400_listing_each_problem_in_chinese()
    {
        PlanHost.UseTablesOfItsOwn();
        await using var host = await PlanHost.StartAsync(new FakeTimeProvider(PlanHost.WorkingMorning));
        using var client = host.Client();
        using var get = await client.SendAsync(PlanHost.Get("/api/plan/2026").As("王管理", "bgs", Role.Administrator));
        var etag = get.Headers.ETag!.ToString();
        var plan = JsonNode.Parse(await get.Content.ReadAsStringAsync())!;
        plan["columns"]![0]!["department"] = "nosuch";
        plan["leadershipGroup"]!["members"] = new JsonArray();

        using var put = await client.SendAsync(Put("/api/plan/2026", plan.ToJsonString(), etag).As("王管理", "bgs", Role.Administrator));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("年度计划未通过校验", problem.GetProperty("title").GetString());
        var problems = problem.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("栏目“机构职能”的责任处室 nosuch 未定义", problems);
        Assert.Contains("领导小组没有成员", problems);

        using var notJson = await client.SendAsync(Put("/api/plan/2026", "{ 不是 JSON", etag).As("王管理", "bgs", Role.Administrator));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.StartsWith("计划文件格式错误", JsonDocument.Parse(await notJson.Content.ReadAsStringAsync()).RootElement.GetProperty("problems")[0].GetString());
    }

    [Fact]
    public async Task A_department_sees_its_own_obligations_and_is_refused_another_departments()
    {
        PlanHost.UseTablesOfItsOwn();
        await using var host = await PlanHost.StartAsync(new FakeTimeProvider(PlanHost.WorkingMorning));
        using var client = host.Client();

        using var own = await client.SendAsync(PlanHost.Get("/api/obligations?department=bgs").As("李四", "bgs", Role.Submitter));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var report = JsonDocument.Parse(await own.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("2026-03-02", report.GetProperty("today").GetString());
        var obligations = report.GetProperty("obligations").EnumerateArray().ToList();
        Assert.NotEmpty(obligations);
        Assert.All(obligations, o => Assert.Equal("bgs", o.GetProperty("department").GetString()));
        // 年度报告 (due 31 January) is the bureau office's and nothing was published.
        Assert.Contains(obligations, o => o.GetProperty("ruleOrTaskId").GetString() == "ndbg-annual" && o.GetProperty("state").GetString() == "Overdue");

        using var implicitOwn = await client.SendAsync(PlanHost.Get("/api/obligations").As("李四", "bgs", Role.Submitter));
        Assert.Equal(obligations.Count, JsonDocument.Parse(await implicitOwn.Content.ReadAsStringAsync()).RootElement.GetProperty("obligations").GetArrayLength());

        using var other = await client.SendAsync(PlanHost.Get("/api/obligations?department=cwc").As("李四", "bgs", Role.Submitter));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);

        using var anonymous = await client.SendAsync(PlanHost.Get("/api/obligations?department=bgs").As("", null));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var reviewer = await client.SendAsync(PlanHost.Get("/api/obligations").As("赵审核", "bgs", Role.Reviewer));
        var all = JsonDocument.Parse(await reviewer.Content.ReadAsStringAsync()).RootElement.GetProperty("obligations").EnumerateArray().ToList();
        Assert.True(all.Select(o => o.GetProperty("department").GetString()).Distinct().Count() > 1);
    }

    [Fact]
    public async Task A_recorded_budget_approval_becomes_an_obligation_of_the_finance_department_shown_on_its_page()
    {
        PlanHost.UseTablesOfItsOwn();
        await using var host = await PlanHost.StartAsync(new FakeTimeProvider(PlanHost.WorkingMorning));
        using var client = host.Client();
        var approval = new { id = "ys-2026", kind = "部门预算批复", occurredOn = "2026-01-20", title = "2026年部门预算批复" };

        using var byOffice = await client.SendAsync(Post("/api/plan/2026/events", approval).As("李四", "bgs", Role.Submitter));
        Assert.Equal(HttpStatusCode.Forbidden, byOffice.StatusCode);
        using var recorded = await client.SendAsync(Post("/api/plan/2026/events", approval).As("钱会计", "cwc", Role.Submitter));
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        using var resubmitted = await client.SendAsync(Post("/api/plan/2026/events", approval).As("钱会计", "cwc", Role.Submitter));
        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        using var unknownKind = await client.SendAsync(Post("/api/plan/2026/events", approval with { id = "x-1", kind = "不存在的事件" }).As("赵审核", null, Role.Reviewer));
        Assert.Equal(HttpStatusCode.BadRequest, unknownKind.StatusCode);
        Assert.Contains("事件类型“不存在的事件”不在计划中", await unknownKind.Content.ReadAsStringAsync());

        using var json = await client.SendAsync(PlanHost.Get("/api/obligations?department=cwc").As("钱会计", "cwc", Role.Submitter));
        var obligations = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.GetProperty("obligations").EnumerateArray().ToList();
        Assert.Contains(obligations, o => o.GetProperty("period").GetString() == "ys-2026");

        using var page = await client.SendAsync(PlanHost.Get("/api/obligations?department=cwc", "text/html").As("钱会计", "cwc", Role.Submitter));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("<h1>财务处：政府信息公开待办事项</h1>", html);
        Assert.Contains("<a href=\"/api/obligations\">公开待办事项</a>", html);
        Assert.DoesNotContain("/api/outbox", html); // not an administrator
        Assert.Contains("2026年部门预算批复", html);
        Assert.Contains("钱会计（财务处）", html);

        using var disclosed = await client.SendAsync(Post("/api/plan/2026/events/ys-2026/disclosed", new { disclosedOn = "2026-03-02" }).As("钱会计", "cwc", Role.Submitter));
        Assert.Equal(HttpStatusCode.OK, disclosed.StatusCode);
        using var after = await client.SendAsync(PlanHost.Get("/api/obligations?department=cwc").As("钱会计", "cwc", Role.Submitter));
        Assert.DoesNotContain(JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement.GetProperty("obligations").EnumerateArray(),
            o => o.GetProperty("period").GetString() == "ys-2026");
    }

    [Fact]
    public async Task A_completed_phase_task_leaves_the_list_and_only_its_department_or_the_office_may_complete_it()
    {
        PlanHost.UseTablesOfItsOwn();
        await using var host = await PlanHost.StartAsync(new FakeTimeProvider(PlanHost.WorkingMorning));
        using var client = host.Client();
        // p1-training (人事处) was due at the end of 第一阶段, 28 February.
        using var before = await client.SendAsync(PlanHost.Get("/api/obligations?department=rsc").As("孙人事", "rsc", Role.Submitter));
        Assert.Contains(JsonDocument.Parse(await before.Content.ReadAsStringAsync()).RootElement.GetProperty("obligations").EnumerateArray(),
            o => o.GetProperty("ruleOrTaskId").GetString() == "p1-training");

        using var byOther = await client.SendAsync(Post("/api/plan/2026/tasks/p1-training/complete").As("李四", "bgs", Role.Submitter));
        Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        using var done = await client.SendAsync(Post("/api/plan/2026/tasks/p1-training/complete").As("孙人事", "rsc", Role.Submitter));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        using var missing = await client.SendAsync(Post("/api/plan/2026/tasks/no-such-task/complete").As("孙人事", "rsc", Role.Submitter));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var after = await client.SendAsync(PlanHost.Get("/api/obligations?department=rsc").As("孙人事", "rsc", Role.Submitter));
        Assert.DoesNotContain(JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement.GetProperty("obligations").EnumerateArray(),
            o => o.GetProperty("ruleOrTaskId").GetString() == "p1-training");
    }
}
