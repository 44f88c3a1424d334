using System.Net;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Intake;

/// <summary>
/// Who acted is recorded as App Service Authentication says: the stable id beside the name; and a token cannot make a
/// person the system (whose role takes an item past its checks).
/// </summary>
public class SubmitterIdentityTests
{
    [Fact]
    public async Task The_audit_entry_keeps_the_persons_stable_id_beside_the_name()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var request = Submissions.Json(Submissions.Valid());
        request.Headers.Add(RequestPrincipal.IdHeader, "5f0c7e52-8d4b-4a8e-9c1e-2b7a1d3f6e90");

        using var response = await host.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await Submissions.JsonOf(response)).GetProperty("id").GetString()!;
        var entry = Assert.Single(await host.Services.GetRequiredService<IAuditTrail>().ListAsync(id));
        Assert.Equal(("5f0c7e52-8d4b-4a8e-9c1e-2b7a1d3f6e90", "bgs-用户"), (entry.ActorId, entry.Actor));
        using var status = new HttpRequestMessage(HttpMethod.Get, $"/api/submissions/{id}");
        status.Headers.Add(RequestPrincipal.Header, Submissions.Identity("bgs"));
        var history = (await Submissions.JsonOf(await host.Client().SendAsync(status))).GetProperty("history");
        Assert.Equal("5f0c7e52-8d4b-4a8e-9c1e-2b7a1d3f6e90", history[0].GetProperty("actorId").GetString());
    }

    [Fact]
    public void A_token_claiming_the_systems_own_roles_is_not_believed()
    {
        var principals = new RequestPrincipal(
            Microsoft.Extensions.Options.Options.Create(new IdentityOptions()),
            new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" });
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Headers[RequestPrincipal.Header] = RequestPrincipal.Encode("王科员", "bgs", "Submitter", "System", "SampleData");

        var who = principals.Resolve(context.Request)!;

        Assert.Equal(["Submitter"], who.Roles);
        Assert.Equal("王科员", who.Id);
    }

    [Fact]
    public async Task An_account_with_a_department_but_without_the_submitter_role_cannot_submit_correct_or_withdraw()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var client = host.Client();
        var id = (await Submissions.JsonOf(await client.SendAsync(Submissions.Json(Submissions.Valid("报送人员的信息"))))).GetProperty("id").GetString()!;

        using var submit = await client.SendAsync(Submissions.Json(Submissions.Valid("无报送角色的信息"), "bgs", null, "Guest"));
        Assert.Equal(HttpStatusCode.Forbidden, submit.StatusCode);
        Assert.Contains("报送人员角色", (await Submissions.JsonOf(submit)).GetProperty("detail").GetString());
        foreach (var (method, url) in new[] { (HttpMethod.Get, "/api/submissions/new"), (HttpMethod.Get, $"/api/submissions/{id}/correction"),
                     (HttpMethod.Post, $"/api/submissions/{id}/corrections"), (HttpMethod.Post, $"/api/submissions/{id}/withdrawal") })
        {
            using var request = new HttpRequestMessage(method, url);
            if (method == HttpMethod.Post) request.Content = System.Net.Http.Json.JsonContent.Create(Submissions.Valid("更正"));
            request.Headers.Add(RequestPrincipal.Header, Submissions.Identity("bgs", "Reviewer"));
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {url}: {response.StatusCode}");
        }
        var versions = await host.Services.GetRequiredService<IItemStore>().GetVersionsAsync(id, CancellationToken.None);
        Assert.Single(versions);
    }

    [Fact]
    public void The_submitter_role_is_the_one_configured_and_no_other()
    {
        var principals = new RequestPrincipal(
            Microsoft.Extensions.Options.Options.Create(new IdentityOptions { SubmitterRole = "Disclosure.Submit" }),
            new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" });
        Principal Resolve(params string[] roles)
        {
            var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            context.Request.Headers[RequestPrincipal.Header] = RequestPrincipal.Encode("王科员", "bgs", roles);
            return principals.Resolve(context.Request)!;
        }

        Assert.True(Resolve("Disclosure.Submit").MaySubmit);
        Assert.False(Resolve("Submitter").MaySubmit);
        Assert.False(Resolve().MaySubmit);
        Assert.True(Resolve("Administrator").MaySubmit);
    }

    [Fact]
    public void A_guest_of_the_tenant_is_no_identity_unless_guests_are_allowed()
    {
        var guestHeader = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new
        {
            auth_typ = "aad", name_typ = "name", role_typ = "roles",
            claims = new[] { new { typ = "name", val = "外部用户" }, new { typ = "department", val = "bgs" }, new { typ = "roles", val = "Submitter" }, new { typ = "acct", val = "1" } },
        })));
        Principal? Resolve(bool allowGuests)
        {
            var principals = new RequestPrincipal(
                Microsoft.Extensions.Options.Options.Create(new IdentityOptions { AllowGuests = allowGuests }),
                new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" });
            var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            context.Request.Headers[RequestPrincipal.Header] = guestHeader;
            return principals.Resolve(context.Request);
        }

        Assert.Null(Resolve(allowGuests: false));
        Assert.Equal("外部用户", Resolve(allowGuests: true)?.Name);
    }
}
