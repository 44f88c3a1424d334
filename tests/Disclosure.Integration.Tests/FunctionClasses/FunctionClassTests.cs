using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Disclosure.Audit;
using Disclosure.Functions;
using Disclosure.Functions.Compliance;
using Disclosure.Functions.Intake;
using Disclosure.Functions.Plan;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.LocalHost;
using Disclosure.LocalHost.Storage;
using Disclosure.Notifications;
using Disclosure.Work;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Moq;

namespace Disclosure.Integration.Tests.FunctionClasses;

/// <summary>
/// The function classes themselves, request in and response out, without a Functions host: the runtime's seams
/// (<see cref="FunctionContext"/>, the timer's <see cref="TimerInfo"/>, the logger) are Moq mocks; everything the
/// product talks to is real (the one composition root on its own Azurite).
/// </summary>
public class FunctionClassTests(FunctionClassTests.Composition composition) : IClassFixture<FunctionClassTests.Composition>
{
    public sealed class Composition : IAsyncLifetime
    {
        public Azurite Storage { get; private set; } = null!;
        public ServiceProvider Services { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Storage = await Azurite.StartAsync();
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(LocalSettings.ReadValues(Path.Combine(AppContext.BaseDirectory, LocalSettings.SampleFile)))
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage"] = Storage.ConnectionString, ["Disclosure:SeedSampleData"] = "false" })
                .Build();
            var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
                .AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" });
            services.AddDisclosure(configuration);
            services.AddMvcCore(); // what the ASP.NET Core integration uses to write an IActionResult
            Services = services.BuildServiceProvider();
        }

        public async Task DisposeAsync()
        {
            await Services.DisposeAsync();
            await Storage.DisposeAsync();
        }
    }

    /// <summary>The invocation the worker would hand over: its services and cancellation come from the context.</summary>
    private FunctionContext Invocation(string function)
    {
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InvocationId).Returns(Guid.NewGuid().ToString("N"));
        context.SetupGet(c => c.FunctionId).Returns(function);
        context.SetupGet(c => c.InstanceServices).Returns(composition.Services);
        context.SetupGet(c => c.CancellationToken).Returns(CancellationToken.None);
        return context.Object;
    }

    /// <summary>Creates the function class as the worker does, from the invocation's services, with any mocks given.</summary>
    private static T FunctionOf<T>(FunctionContext context, params object[] mocks) => ActivatorUtilities.CreateInstance<T>(context.InstanceServices, mocks);

    private static HttpContext JsonPost(FunctionContext context, string path, string body)
    {
        var http = new DefaultHttpContext { RequestServices = context.InstanceServices };
        http.Request.Method = HttpMethods.Post;
        http.Request.Scheme = "https";
        http.Request.Host = new HostString("func-api.example.gov.cn");
        http.Request.Path = path;
        http.Request.ContentType = "application/json; charset=utf-8";
        http.Request.Headers[Functions.Http.RequestPrincipal.Header] = Submissions.Identity("bgs");
        var bytes = Encoding.UTF8.GetBytes(body);
        http.Request.Body = new MemoryStream(bytes);
        http.Request.ContentLength = bytes.Length;
        http.Response.Body = new MemoryStream();
        return http;
    }

    /// <summary>Writes the result as the ASP.NET Core integration does and returns the status, content type and body.</summary>
    private static async Task<(int Status, string ContentType, string Body)> WriteAsync(HttpContext http, IActionResult result)
    {
        await result.ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));
        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, http.Response.ContentType ?? "", await new StreamReader(http.Response.Body).ReadToEndAsync());
    }

    private async Task<int> ItemCountAsync()
    {
        var count = 0;
        await foreach (var _ in composition.Services.GetRequiredService<IItemStore>().ListAsync(new ItemQuery())) count++;
        return count;
    }

    [Fact]
    public async Task SubmitItem_answers_a_body_that_is_not_json_with_problem_details_in_chinese_naming_the_place_and_stores_nothing()
    {
        var context = Invocation(nameof(SubmitItem));
        var before = await ItemCountAsync();
        var http = JsonPost(context, "/api/submissions", "{\"title\": \"关于公布2026年度科技创新券兑付结果的通知\",\n \"column\": tzgg}");

        var result = await FunctionOf<SubmitItem>(context).Run(http.Request, context.CancellationToken);
        var (status, contentType, body) = await WriteAsync(http, result);

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.StartsWith("application/problem+json", contentType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("第 2 行", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(before, await ItemCountAsync());
    }

    [Fact]
    public async Task CheckItem_given_the_same_message_twice_checks_the_item_once()
    {
        var submit = Invocation(nameof(SubmitItem));
        var http = JsonPost(submit, "/api/submissions", JsonSerializer.Serialize(Submissions.Valid("关于印发2026年度科技特派员工作要点的通知")));
        var (status, _, body) = await WriteAsync(http, await FunctionOf<SubmitItem>(submit).Run(http.Request, submit.CancellationToken));
        Assert.Equal(StatusCodes.Status202Accepted, status);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;

        // The message intake put on the queue, as the trigger would pass it (the Base64 body decoded).
        var queue = new QueueClient(composition.Storage.ConnectionString, WorkQueues.ComplianceChecks, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var message = (await Eventually.ReadAsync(async () => (await queue.ReceiveMessagesAsync(32)).Value.Select(m => m.Body.ToString()).FirstOrDefault(m => m.Contains(id, StringComparison.Ordinal)), m => m is not null))!;
        Assert.NotNull(message);

        var items = composition.Services.GetRequiredService<IItemStore>();
        var audit = composition.Services.GetRequiredService<IAuditTrail>();
        var first = Invocation(nameof(CheckItem));
        await FunctionOf<CheckItem>(first, Mock.Of<ILogger<CheckItem>>()).Run(message, first.CancellationToken);
        var afterFirst = (await items.GetAsync(id))!;
        var auditAfterFirst = await audit.ListAsync(id);
        Assert.Equal(ItemState.AwaitingReview, afterFirst.Item.State);

        // At-least-once delivery: the queue hands the same message over again.
        var second = Invocation(nameof(CheckItem));
        await FunctionOf<CheckItem>(second, Mock.Of<ILogger<CheckItem>>()).Run(message, second.CancellationToken);
        var afterSecond = (await items.GetAsync(id))!;
        Assert.Equal(ItemState.AwaitingReview, afterSecond.Item.State);
        Assert.Equal(afterFirst.ETag, afterSecond.ETag);
        Assert.Equal(auditAfterFirst.Select(Describe), (await audit.ListAsync(id)).Select(Describe));
    }

    private static string Describe(AuditEntry entry) => JsonSerializer.Serialize(entry);

    [Fact]
    public async Task DispatchNotifications_with_nothing_due_sends_nothing_and_writes_nothing()
    {
        // Whatever earlier tests left due is dispatched first; then nothing is due.
        var warmUp = Invocation(nameof(DispatchNotifications));
        await FunctionOf<DispatchNotifications>(warmUp, Mock.Of<ILogger<DispatchNotifications>>()).Run(Mock.Of<TimerInfo>(), warmUp.CancellationToken);
        var outbox = composition.Services.GetRequiredService<IOutbox>();
        var before = await outbox.ListAsync(new OutboxFilter { Max = 1000 });

        var context = Invocation(nameof(DispatchNotifications));
        var log = new Mock<ILogger<DispatchNotifications>>();
        var timer = new Mock<TimerInfo>();
        await FunctionOf<DispatchNotifications>(context, log.Object).Run(timer.Object, context.CancellationToken);

        // Nothing logged (a quiet run every five minutes) and no delivery touched.
        log.Verify(l => l.Log(It.IsAny<LogLevel>(), It.IsAny<EventId>(), It.IsAny<It.IsAnyType>(), It.IsAny<Exception?>(), It.IsAny<Func<It.IsAnyType, Exception?, string>>()), Times.Never);
        Assert.Equal(before.Select(d => (d.DeliveryId, d.Version)), (await outbox.ListAsync(new OutboxFilter { Max = 1000 })).Select(d => (d.DeliveryId, d.Version)));
    }
}
