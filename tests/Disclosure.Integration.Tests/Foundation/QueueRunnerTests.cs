using Azure.Storage.Queues;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Disclosure.Integration.Tests.Foundation;

/// <summary>Records every invocation so a test can count attempts.</summary>
public sealed class InvocationLog
{
    private readonly List<string> _messages = [];
    public void Record(string message) { lock (_messages) _messages.Add(message); }
    public IReadOnlyList<string> Messages { get { lock (_messages) return _messages.ToList(); } }
}

public class ProbeFunctions(InvocationLog log)
{
    [Function("ProbeAlwaysFails")]
    public void AlwaysFails([QueueTrigger("probe-fails")] string message)
    {
        log.Record(message);
        throw new InvalidOperationException("this handler always fails");
    }

    [Function("ProbeSucceeds")]
    public Task Succeeds([QueueTrigger("probe-succeeds")] string message)
    {
        log.Record(message);
        return Task.CompletedTask;
    }
}

public class QueueRunnerTests
{
    private static readonly FunctionCatalog Probes = FunctionCatalog.Discover(typeof(ProbeFunctions).Assembly);

    private static readonly QueueHostOptions Fast = new()
    {
        BatchSize = 16,
        MaxDequeueCount = 5,
        VisibilityTimeout = TimeSpan.FromMilliseconds(100),
        MaxPollingInterval = TimeSpan.FromMilliseconds(100),
    };

    private static async Task<(QueueFunctionRunner Runner, InvocationLog Log, QueueClient Queue, QueueClient Poison)> Arrange(string functionName)
    {
        var queues = await TestStorage.QueuesAsync();
        var name = TestStorage.UniqueName("probe");
        var log = new InvocationLog();
        var services = new ServiceCollection().AddSingleton(log).AddSingleton<FunctionInvoker>().BuildServiceProvider();
        var function = Probes.All.Single(f => f.Name == functionName);
        var runner = new QueueFunctionRunner(function, name, queues, services.GetRequiredService<FunctionInvoker>(), Fast, NullLogger<QueueFunctionRunner>.Instance);
        var queue = queues.GetQueueClient(name);
        await queue.CreateIfNotExistsAsync();
        return (runner, log, queue, queues.GetQueueClient(name + "-poison"));
    }

    private static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in " + timeout);
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_handler_that_always_throws_ends_in_the_poison_queue_after_exactly_max_dequeue_count_attempts()
    {
        var (runner, log, queue, poison) = await Arrange("ProbeAlwaysFails");
        await queue.SendMessageAsync("item-1");
        await runner.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(10)).Value.Length == 1, TimeSpan.FromSeconds(30));
            await Task.Delay(500); // a sixth attempt, if there were one, would show up here
        }
        finally { await runner.StopAsync(CancellationToken.None); }

        Assert.Equal(Enumerable.Repeat("item-1", Fast.MaxDequeueCount), log.Messages);
        Assert.Equal("item-1", (await poison.PeekMessagesAsync(10)).Value.Single().Body.ToString());
        Assert.Empty((await queue.PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task A_succeeding_handler_is_invoked_once_and_its_message_deleted()
    {
        var (runner, log, queue, poison) = await Arrange("ProbeSucceeds");
        await queue.SendMessageAsync("item-2");
        await runner.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(() => Task.FromResult(log.Messages.Count == 1), TimeSpan.FromSeconds(30));
            await Eventually(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(10));
            await Task.Delay(500);
        }
        finally { await runner.StopAsync(CancellationToken.None); }

        Assert.Equal(["item-2"], log.Messages);
        Assert.False(await poison.ExistsAsync());
    }

    [Fact]
    public async Task A_message_already_over_the_limit_is_poisoned_without_invoking_the_function()
    {
        var (runner, log, queue, poison) = await Arrange("ProbeSucceeds");
        await queue.SendMessageAsync("stale");
        // Take and release the message more times than allowed, as crashed instances would.
        for (var i = 0; i < Fast.MaxDequeueCount; i++)
        {
            var m = (await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value;
            await queue.UpdateMessageAsync(m.MessageId, m.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }
        await runner.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(10)).Value.Length == 1, TimeSpan.FromSeconds(30));
        }
        finally { await runner.StopAsync(CancellationToken.None); }
        Assert.Empty(log.Messages);
    }
}
