using System.Net;
using Disclosure.Functions.Http;
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
}
