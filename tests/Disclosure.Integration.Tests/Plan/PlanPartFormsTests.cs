using System.Net;
using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Plan;

/// <summary>
/// Every part of the plan as an HTML form on the real host (Azurite): departments and contacts, phases, columns' rules and
/// deletions. Each is added, changed and deleted; a wrong value comes back beside its field (the JSON API's validator
/// named the field); a save based on a version someone else replaced is refused (409) naming what they changed, one
/// without a version (428); a deletion asks on a page of its own and is refused while something refers to the entry;
/// every save, the JSON PUT's too, is in the plan's change log with who, when and what.
/// </summary>
[Collection(PlanCollection.Name)]
public class PlanPartFormsTests
{
    private static readonly string Administrator = RequestPrincipal.Encode("计划编辑甲", "bgs", Role.Administrator);
    private static readonly string OtherAdministrator = RequestPrincipal.Encode("计划编辑乙", "bgs", Role.Administrator);
    private static readonly string Clerk = RequestPrincipal.Encode("计划测试科员", "xmc", Role.Submitter);
    private const string Plan = "/api/plan/2026/edit";

    private static Task<(Dictionary<string, string> Hidden, string Page)> OpenAsync(HttpClient client, string url, string who = "")
        => PlanForms.OpenAsync(client, url, who.Length == 0 ? Administrator : who);

    private static Task<(HttpStatusCode Status, string Body, string? Location)> PostAsync(HttpClient client, string url,
        Dictionary<string, string> hidden, params (string Name, string Value)[] fields) => PlanForms.PostAsync(client, url, Administrator, hidden, fields);

    private static Task<JsonElement> PlanJsonAsync(HttpClient client) => PlanForms.PlanJsonAsync(client, Administrator);

    private static void Saved((HttpStatusCode Status, string Body, string? Location) answer) => PlanForms.Saved(answer);

    [Fact]
    public async Task Departments_and_contacts_are_added_changed_and_deleted_in_forms_with_their_audit_and_refusals()
    {
        PlanHost.UseTablesOfItsOwn();
        try
        {
            await using var host = await PlanHost.StartAsync(new FakeTimeProvider(PlanHost.WorkingMorning));
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

            // Through the JSON API: 成果转化处 leaves the plan (its column goes to 办公室), so that the form can add it back.
            using (var get = new HttpRequestMessage(HttpMethod.Get, "/api/plan/2026"))
            {
                get.Headers.Add(RequestPrincipal.Header, Administrator);
                using var answer = await client.SendAsync(get);
                var plan = System.Text.Json.Nodes.JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
                var departments = plan["departments"]!.AsArray();
                departments.Remove(departments.First(d => (string)d!["code"]! == "cgc"));
                foreach (var column in plan["columns"]!.AsArray().Where(c => (string)c!["department"]! == "cgc")) column!["department"] = "bgs";
                plan["version"] = "2026.2";
                using var put = new HttpRequestMessage(HttpMethod.Put, "/api/plan/2026") { Content = new StringContent(plan.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
                put.Headers.Add(RequestPrincipal.Header, OtherAdministrator);
                put.Headers.TryAddWithoutValidation("If-Match", answer.Headers.ETag!.ToString());
                using var putAnswer = await client.SendAsync(put);
                Assert.Equal(HttpStatusCode.OK, putAnswer.StatusCode);
            }

            // Add: a code the catalogue does not know is refused beside the code field, by the same validator as the JSON API.
            var (hidden, _) = await OpenAsync(client, Plan + "/department");
            var (wrongStatus, wrong, _) = await PostAsync(client, Plan + "/department", hidden, ("code", "xcc"), ("name", "宣传处"));
            Assert.Equal(HttpStatusCode.BadRequest, wrongStatus);
            Assert.Contains("<span class=\"error-message\" id=\"department-code-error\">处室 xcc（宣传处）不在信息公开目录配置中</span>", WebUtility.HtmlDecode(wrong));
            Assert.Contains("value=\"宣传处\"", WebUtility.HtmlDecode(wrong));
            Saved(await PostAsync(client, Plan + "/department", hidden, ("code", "cgc"), ("name", "成果转化处")));

            // Change the department's name, then add a contact to it (a wrong phone first) and change that contact.
            (hidden, var edit) = await OpenAsync(client, Plan + "/department?key=cgc");
            Assert.Contains("value=\"成果转化处\"", WebUtility.HtmlDecode(edit));
            Saved(await PostAsync(client, Plan + "/department", hidden, ("name", "成果转化与推广处")));
            (hidden, var contactForm) = await OpenAsync(client, Plan + "/contact?department=cgc");
            Assert.Contains("<option value=\"cgc\" selected>", contactForm);
            var (badPhone, badPhonePage, _) = await PostAsync(client, Plan + "/contact", hidden, ("department", "cgc"), ("name", "联络员丙"), ("phone", "请打总机"), ("email", "cgc@kjj.gov.cn"));
            Assert.Equal(HttpStatusCode.BadRequest, badPhone);
            Assert.Contains("id=\"contact-phone-error\"", badPhonePage);
            Saved(await PostAsync(client, Plan + "/contact", hidden, ("department", "cgc"), ("name", "联络员丙"), ("phone", "0571-85000099"), ("email", "cgc@kjj.gov.cn")));
            // The other administrator opens the contact; meanwhile the first changes it.
            var (staleHidden, _) = await OpenAsync(client, Plan + "/contact?key=cgc:0", OtherAdministrator);
            (hidden, _) = await OpenAsync(client, Plan + "/contact?key=cgc:0");
            Saved(await PostAsync(client, Plan + "/contact", hidden, ("department", "cgc"), ("name", "联络员丁"), ("role", "科员"), ("phone", "0571-85000098")));

            // A save based on the version before that one: refused, naming what changed and who changed it, what was typed kept.
            var (staleStatus, stalePage, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Plan + "/contact", OtherAdministrator,
                new Dictionary<string, string>(staleHidden) { ["key"] = "cgc:0", ["department"] = "cgc", ["name"] = "联络员戊" });
            Assert.Equal(HttpStatusCode.Conflict, staleStatus);
            var staleText = WebUtility.HtmlDecode(stalePage);
            Assert.Contains("计划已被他人修改，您的修改未保存。", staleText);
            Assert.Contains("修改处室 cgc（成果转化与推广处）的联系人", staleText);
            Assert.Contains("计划编辑甲", staleText);
            Assert.Contains("value=\"联络员戊\"", staleText);
            // No version at all: 428, nothing saved.
            var noVersion = new Dictionary<string, string>(staleHidden) { ["key"] = "cgc:0", ["department"] = "cgc", ["name"] = "联络员己" };
            noVersion.Remove("planETag");
            Assert.Equal(HttpStatusCode.PreconditionRequired, (await WorkbenchForms.SendAsync(client, HttpMethod.Post, Plan + "/contact", OtherAdministrator, noVersion)).Status);

            var contact = (await PlanJsonAsync(client)).GetProperty("departments").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "cgc");
            Assert.Equal("成果转化与推广处", contact.GetProperty("name").GetString());
            Assert.Equal("联络员丁", contact.GetProperty("contacts")[0].GetProperty("name").GetString());

            // Deletions ask first (GET shows a page, nothing changes); a department still named by a task or column is refused.
            var (refusedStatus, refusedPage, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, "/api/plan/2026/delete/department?key=bgs", Administrator);
            Assert.Equal(HttpStatusCode.Conflict, refusedStatus);
            Assert.Contains("不能删除", refusedPage);
            Assert.Contains("栏目“工作动态”", refusedPage);
            Assert.DoesNotContain("确认删除", refusedPage);
            var (confirmHidden, confirm) = await OpenAsync(client, "/api/plan/2026/delete/contact?key=cgc:0");
            Assert.Contains("确认删除", confirm);
            Saved(await PostAsync(client, "/api/plan/2026/delete/contact", confirmHidden));
            (confirmHidden, confirm) = await OpenAsync(client, "/api/plan/2026/delete/department?key=cgc");
            // The same POST for a department still referred to is refused with the reason: the server checks, not the page.
            var (postRefused, postRefusedPage, _) = await PostAsync(client, "/api/plan/2026/delete/department", confirmHidden, ("key", "bgs"));
            Assert.Equal(HttpStatusCode.Conflict, postRefused);
            Assert.Contains("栏目“工作动态”", postRefusedPage);
            Saved(await PostAsync(client, "/api/plan/2026/delete/department", confirmHidden));
            Assert.DoesNotContain((await PlanJsonAsync(client)).GetProperty("departments").EnumerateArray(), d => d.GetProperty("code").GetString() == "cgc");

            // The change log on the plan page: each save with who and what, the JSON PUT's among them.
            var (_, planPage, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Plan + "?saved=1", Administrator);
            var log = WebUtility.HtmlDecode(planPage);
            Assert.Contains("<td>计划编辑乙</td><td>2026.1 → 2026.2</td><td>删除处室 cgc（成果转化处）；修改栏目 kjcg（科技成果）</td>", log);
            Assert.Contains("<td>计划编辑甲</td><td>2026.2 → 2026.3</td><td>新增处室 cgc（成果转化处）</td>", log);
            Assert.Contains("<td>2026-03-02 06:30</td><td>计划编辑甲</td><td>2026.7 → 2026.8</td><td>删除处室 cgc（成果转化与推广处）</td>", log);
            Assert.Contains("/api/plan/2026/edit/contact?key=bgs%3A0", planPage);
            Assert.Contains("/api/plan/2026/delete/department?key=bgs", planPage);

            // A department user can neither open nor post the forms.
            Assert.Equal(HttpStatusCode.Forbidden, (await WorkbenchForms.SendAsync(client, HttpMethod.Get, Plan + "/department", Clerk)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await WorkbenchForms.SendAsync(client, HttpMethod.Post, Plan + "/department", Clerk, new(hidden) { ["code"] = "cgc", ["name"] = "越权" })).Status);

            var pages = new Dictionary<string, string>
            {
                ["department-wrong.html"] = wrong, ["contact-wrong.html"] = badPhonePage, ["contact-stale.html"] = stalePage,
                ["delete-refused.html"] = refusedPage, ["delete-confirm.html"] = confirm, ["plan.html"] = planPage,
            };
            await PlanForms.CheckPagesAsync(host.BaseAddress, Administrator, pages, [Plan + "/contact?key=bgs:0"]);
        }
        finally
        {
            // Its own tables, of no use to another test.
            await PlanHost.DeleteOwnTablesAsync();
        }
    }

    [Fact]
    public async Task Phases_and_column_rules_are_added_changed_and_deleted_in_forms_and_a_phase_a_rule_names_cannot_go()
    {
        PlanHost.UseTablesOfItsOwn();
        try
        {
            await using var host = await PlanHost.StartAsync(new FakeTimeProvider(PlanHost.WorkingMorning));
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

            // A phase whose end is before its start: the plan's validator names the end field.
            var (hidden, _) = await OpenAsync(client, Plan + "/phase");
            var (wrongStatus, wrong, _) = await PostAsync(client, Plan + "/phase", hidden, ("code", "p4"), ("name", "第四阶段（补充）"), ("start", "2026-12-20"), ("end", "2026-12-01"));
            Assert.Equal(HttpStatusCode.BadRequest, wrongStatus);
            Assert.Contains("<span class=\"error-message\" id=\"phase-end-error\">阶段“第四阶段（补充）”的开始日期晚于结束日期</span>", WebUtility.HtmlDecode(wrong));
            var (notADate, _, _) = await PostAsync(client, Plan + "/phase", hidden, ("code", "p4"), ("name", "第四阶段"), ("start", "2026-13-01"), ("end", "2026-12-31"));
            Assert.Equal(HttpStatusCode.BadRequest, notADate);
            Saved(await PostAsync(client, Plan + "/phase", hidden, ("code", "p4"), ("name", "第四阶段（补充）"), ("start", "2026-12-01"), ("end", "2026-12-31")));
            (hidden, _) = await OpenAsync(client, Plan + "/phase?key=p4");
            Saved(await PostAsync(client, Plan + "/phase", hidden, ("key", "p4"), ("name", "第四阶段（年末补充）"), ("start", "2026-12-01"), ("end", "2026-12-31")));

            // A rule of each shape the form offers; a number that is none comes back beside its field.
            (hidden, var ruleForm) = await OpenAsync(client, Plan + "/rule?column=gzdt");
            Assert.Contains("<option value=\"gzdt\" selected>", ruleForm);
            var (badRule, badRulePage, _) = await PostAsync(client, Plan + "/rule", hidden, ("column", "gzdt"), ("kind", "withinWorkingDaysOfEvent"), ("title", "专题活动报道"), ("workingDays", "七"), ("eventKinds", "专题活动"));
            Assert.Equal(HttpStatusCode.BadRequest, badRule);
            Assert.Contains("id=\"rule-workingDays-error\"", badRulePage);
            Saved(await PostAsync(client, Plan + "/rule", hidden, ("column", "gzdt"), ("kind", "atLeastEvery"), ("title", "专题更新"), ("basis", "考核指标"), ("days", "30")));
            (hidden, _) = await OpenAsync(client, Plan + "/rule?key=gzdt-rule-1");
            Saved(await PostAsync(client, Plan + "/rule", hidden, ("key", "gzdt-rule-1"), ("column", "gzdt"), ("kind", "atLeastEvery"), ("title", "专题更新"), ("months", "1"), ("days", "")));
            (hidden, _) = await OpenAsync(client, Plan + "/rule?column=ghjh");
            Saved(await PostAsync(client, Plan + "/rule", hidden, ("column", "ghjh"), ("kind", "byPhaseEnd"), ("title", "年末补充计划"), ("phase", "p4")));

            var plan = await PlanJsonAsync(client);
            var rules = plan.GetProperty("columns").EnumerateArray().SelectMany(c => c.GetProperty("rules").EnumerateArray()).ToList();
            var every = rules.Single(r => r.GetProperty("id").GetString() == "gzdt-rule-1");
            Assert.Equal(("atLeastEvery", 0, 1), (every.GetProperty("kind").GetString(), every.GetProperty("days").GetInt32(), every.GetProperty("months").GetInt32()));
            Assert.Equal("p4", rules.Single(r => r.GetProperty("id").GetString() == "ghjh-rule-1").GetProperty("phase").GetString());
            Assert.Contains(plan.GetProperty("phases").EnumerateArray(), p => p.GetProperty("code").GetString() == "p4" && p.GetProperty("name").GetString() == "第四阶段（年末补充）");

            // A phase with tasks, and a phase a rule ends at, cannot be deleted; once the rule is gone, it can.
            var (withTasks, withTasksPage, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, "/api/plan/2026/delete/phase?key=p1", Administrator);
            Assert.Equal(HttpStatusCode.Conflict, withTasks);
            Assert.Contains("任务“", withTasksPage);
            var (namedByRule, namedByRulePage, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, "/api/plan/2026/delete/phase?key=p4", Administrator);
            Assert.Equal(HttpStatusCode.Conflict, namedByRule);
            Assert.Contains("规则“年末补充计划”", WebUtility.HtmlDecode(namedByRulePage));
            var (confirmHidden, confirmRule) = await OpenAsync(client, "/api/plan/2026/delete/rule?key=ghjh-rule-1");
            Saved(await PostAsync(client, "/api/plan/2026/delete/rule", confirmHidden));
            (confirmHidden, _) = await OpenAsync(client, "/api/plan/2026/delete/rule?key=gzdt-rule-1");
            Saved(await PostAsync(client, "/api/plan/2026/delete/rule", confirmHidden));
            (confirmHidden, _) = await OpenAsync(client, "/api/plan/2026/delete/phase?key=p4");
            Saved(await PostAsync(client, "/api/plan/2026/delete/phase", confirmHidden));

            plan = await PlanJsonAsync(client);
            Assert.DoesNotContain(plan.GetProperty("phases").EnumerateArray(), p => p.GetProperty("code").GetString() == "p4");
            Assert.DoesNotContain(plan.GetProperty("columns").EnumerateArray().SelectMany(c => c.GetProperty("rules").EnumerateArray()),
                r => r.GetProperty("id").GetString()!.Contains("-rule-", StringComparison.Ordinal));
            Assert.Equal("2026.9", plan.GetProperty("version").GetString());

            // The longest form (a rule's) and the plan page fit a phone.
            var pages = new Dictionary<string, string>
            {
                ["phase-wrong.html"] = wrong, ["rule-wrong.html"] = badRulePage, ["rule-form.html"] = ruleForm,
                ["phase-refused.html"] = namedByRulePage, ["rule-confirm.html"] = confirmRule,
            };
            await PlanForms.CheckPagesAsync(host.BaseAddress, Administrator, pages, [Plan + "/phase?key=p1"], [Plan + "/rule?key=gzdt-periodic", Plan]);
        }
        finally
        {
            await PlanHost.DeleteOwnTablesAsync();
        }
    }
}
