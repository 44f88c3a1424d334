using System.Net;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;

namespace Disclosure.Integration.Tests.Workbench;

/// <summary>A department opens its own statistics, not another's; the office sees all or picks one; a wrong year is 400 in Chinese.</summary>
public class StatisticsEndpointTests
{
    private static readonly string DepartmentUser = RequestPrincipal.Encode("赵科员", "xmc", Role.Submitter);
    private static readonly string Office = RequestPrincipal.Encode("李审核", "bgs", Role.Reviewer);

    [Fact]
    public async Task A_department_sees_its_own_statistics_and_the_office_sees_any()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;

        var before = (await JsonAsync(client, "/api/statistics", DepartmentUser)).GetProperty("total").GetProperty("submitted").GetInt32();
        using (var submitted = await client.SendAsync(Submissions.Json(Submissions.Valid("统计页面用的通知"), "xmc")))
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var own = await JsonAsync(client, "/api/statistics", DepartmentUser);
        Assert.Equal(year, own.GetProperty("year").GetInt32());
        Assert.Equal("xmc", own.GetProperty("departmentCode").GetString());
        // Other tests may submit for xmc meanwhile, so at least this one more.
        Assert.True(own.GetProperty("total").GetProperty("submitted").GetInt32() >= before + 1);

        using var other = await client.SendAsync(Get("/api/statistics?department=bgs", DepartmentUser));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("本处室", await other.Content.ReadAsStringAsync());

        var office = await JsonAsync(client, "/api/statistics", Office);
        Assert.Equal("全部处室", office.GetProperty("scopeName").GetString());
        Assert.True(office.GetProperty("total").GetProperty("submitted").GetInt32() >= own.GetProperty("total").GetProperty("submitted").GetInt32());
        Assert.Equal("xmc", (await JsonAsync(client, "/api/statistics?department=xmc", Office)).GetProperty("departmentCode").GetString());

        using var badYear = await client.SendAsync(Get("/api/statistics?year=26", Office));
        Assert.Equal(HttpStatusCode.BadRequest, badYear.StatusCode);
        Assert.Contains("年度", (await Submissions.JsonOf(badYear)).GetProperty("detail").GetString());
    }

    private static HttpRequestMessage Get(string url, string who)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(RequestPrincipal.Header, who);
        return request;
    }

    private static async Task<System.Text.Json.JsonElement> JsonAsync(HttpClient client, string url, string who)
    {
        using var response = await client.SendAsync(Get(url, who));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Submissions.JsonOf(response);
    }
}
