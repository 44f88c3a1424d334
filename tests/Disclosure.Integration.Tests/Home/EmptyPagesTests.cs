using System.Net;
using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;

namespace Disclosure.Integration.Tests.Home;

/// <summary>
/// Pages an administrator reaches from a link before there is anything on them answer with the page, not an error:
/// the figures' 修改记录 of a year nobody has saved figures for (was 404 “尚未填报”), and the 领导小组's own form opened
/// without <c>?key=leadership</c> (was 404 “不能新增领导小组”), the part having one entry only.
/// </summary>
public class EmptyPagesTests
{
    private static readonly string Administrator = RequestPrincipal.Encode("空页测试管理员", "bgs", Role.Administrator);

    [Fact]
    public async Task A_year_without_saved_figures_has_an_empty_history_and_the_group_form_needs_no_key()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();

        // 2097: a year no test saves figures for.
        var (pageStatus, page, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, "/api/annual-reports/2097/figures/history", Administrator);
        Assert.Equal(HttpStatusCode.OK, pageStatus);
        Assert.Contains("尚无修改记录", page);
        Assert.Contains("href=\"/api/annual-reports/2097/figures/edit\"", page);
        var (jsonStatus, json, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, "/api/annual-reports/2097/figures/history", Administrator,
            accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, jsonStatus);
        Assert.Equal(0, JsonDocument.Parse(json).RootElement.GetProperty("history").GetArrayLength());
        var (olderStatus, _, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, "/api/annual-reports/2097/figures/history?part=0", Administrator,
            accept: "application/json");
        Assert.Equal(HttpStatusCode.NotFound, olderStatus); // an older part that does not exist is still not found

        var (groupStatus, group, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, "/api/plan/2026/edit/group", Administrator);
        Assert.Equal(HttpStatusCode.OK, groupStatus);
        Assert.Contains("领导小组名称", group);
        Assert.Contains("name=\"key\" value=\"leadership\"", group);

        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { ["history-empty.html"] = page, ["group.html"] = group }));
    }
}
