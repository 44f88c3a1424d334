using System.Net;
using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Plan;

/// <summary>
/// The plan as an HTML form on the real host: an administrator edits a task and adds one, errors are shown beside their
/// fields, and two editors who opened the same plan cannot overwrite each other: the second save is refused (409) with
/// the plan as it is now and what they typed kept. A department user can neither open nor post it.
/// </summary>
[Collection(PlanCollection.Name)]
public class PlanEditPageTests
{
    private static readonly string Administrator = RequestPrincipal.Encode("计划编辑甲", "bgs", Role.Administrator);
    private static readonly string OtherAdministrator = RequestPrincipal.Encode("计划编辑乙", "bgs", Role.Administrator);
    private static readonly string Clerk = RequestPrincipal.Encode("计划测试科员", "xmc", Role.Submitter);
    private const string Edit = "/api/plan/2026/edit";

    private static Dictionary<string, string> Task(Dictionary<string, string> hidden, string taskId, string phase, string title, string department, string due = "")
        => new(hidden) { ["taskId"] = taskId, ["phase"] = phase, ["title"] = title, ["department"] = department, ["due"] = due };

    [Fact]
    public async Task Two_editors_of_one_plan_cannot_overwrite_each_other_and_errors_are_shown_beside_their_fields()
    {
        PlanHost.UseTablesOfItsOwn();
        try
        {
            await using var host = await PlanHost.StartAsync(new FakeTimeProvider(PlanHost.WorkingMorning));
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

            // Both open the same task of the seeded plan.
            var (_, first, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Edit + "?task=p1-training", Administrator);
            var (_, second, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Edit + "?task=p1-training", OtherAdministrator);
            Assert.Contains("<input type=\"hidden\" name=\"taskId\" value=\"p1-training\">", first);
            var firstFields = WorkbenchForms.HiddenFields(first);
            var secondFields = WorkbenchForms.HiddenFields(second);

            // A wrong field: the error beside it and in the summary, nothing saved.
            var (badStatus, bad, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, Administrator, Task(firstFields, "p1-training", "p1", "", "rsc", "2026-13-01"));
            Assert.Equal(HttpStatusCode.BadRequest, badStatus);
            Assert.Contains("<span class=\"error-message\" id=\"task-title-error\">", bad);
            Assert.Contains("<li><a href=\"#task-due\">", bad);

            var (saved, _, location) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, Administrator,
                Task(firstFields, "p1-training", "p1", "组织全局信息公开业务培训（含新任联络员）", "rsc", "2026-02-20"));
            Assert.Equal(HttpStatusCode.SeeOther, saved);
            Assert.Equal(Edit + "?saved=1", location);

            // The second editor saves what they saw: refused, their text kept, the plan shown as it is now.
            var (conflict, conflictPage, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, OtherAdministrator,
                Task(secondFields, "p1-training", "p1", "培训改到三月", "rsc"));
            Assert.Equal(HttpStatusCode.Conflict, conflict);
            var conflictText = WebUtility.HtmlDecode(conflictPage);
            Assert.Contains("计划已被他人修改，您的修改未保存。", conflictText);
            Assert.Contains("value=\"培训改到三月\"", conflictText);
            Assert.Contains("组织全局信息公开业务培训（含新任联络员）", conflictText);

            // A save that says nothing of the version it was based on: 428, nothing saved.
            var unversioned = Task(secondFields, "p1-training", "p1", "培训改到四月", "rsc");
            unversioned.Remove("planETag");
            Assert.Equal(HttpStatusCode.PreconditionRequired, (await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, OtherAdministrator, unversioned)).Status);

            // Checked against the plan as it is now, the same save goes through: nobody's change was lost unseen.
            var (again, _, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, OtherAdministrator,
                Task(WorkbenchForms.HiddenFields(conflictPage), "p1-training", "p1", "培训改到三月", "rsc", "2026-02-27"));
            Assert.Equal(HttpStatusCode.SeeOther, again);

            // A new task: added to its phase with an id of its own; the JSON route reads it back with a new version.
            var (_, fresh, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Edit, Administrator);
            var (added, _, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, Administrator, Task(WorkbenchForms.HiddenFields(fresh), "", "p3", "整理全年公开台账", "bgs", "2026-12-20"));
            Assert.Equal(HttpStatusCode.SeeOther, added);
            var (_, json, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, "/api/plan/2026", Administrator, accept: "application/json");
            using (var plan = JsonDocument.Parse(json))
            {
                Assert.Equal("2026.4", plan.RootElement.GetProperty("version").GetString());
                var tasks = plan.RootElement.GetProperty("phases").EnumerateArray().SelectMany(p => p.GetProperty("tasks").EnumerateArray()).ToList();
                Assert.Contains(tasks, t => t.GetProperty("id").GetString() == "p3-task-1" && t.GetProperty("title").GetString() == "整理全年公开台账");
                Assert.Contains(tasks, t => t.GetProperty("id").GetString() == "p1-training" && t.GetProperty("title").GetString() == "培训改到三月");
            }

            // A department user can neither open nor post the plan form.
            Assert.Equal(HttpStatusCode.Forbidden, (await WorkbenchForms.SendAsync(client, HttpMethod.Get, Edit, Clerk)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, Clerk, Task(firstFields, "", "p3", "越权任务", "xmc"))).Status);

            var (_, savedPage, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Edit + "?saved=1", Administrator);
            Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string>
            {
                ["plan-edit.html"] = savedPage, ["plan-edit-errors.html"] = bad, ["plan-edit-conflict.html"] = conflictPage,
            }));
            var axe = await AxeChecker.CheckAsync(host.BaseAddress.ToString().TrimEnd('/'), [Edit + "?task=p1-training"],
                new Dictionary<string, string> { [RequestPrincipal.Header] = Administrator },
                new Dictionary<string, string> { ["plan-edit-errors"] = bad, ["plan-edit-conflict"] = conflictPage });
            var problems = axe.SelectMany(a => a.Problems()).ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        finally
        {
            // Its own tables, of no use to another test.
            await PlanHost.DeleteOwnTablesAsync();
        }
    }
}
