using Azure.Core;
using Azure.Core.Pipeline;
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

    /// <summary>Runs longer than the short leases the lease tests give, so only renewal keeps its message from others.</summary>
    [Function("ProbeSlow")]
    public async Task Slow([QueueTrigger("probe-slow")] string message, CancellationToken ct)
    {
        log.Record(message);
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
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

    /// <param name="runnersQueues">The client the runner polls with (default: the test's own).</param>
    private static async Task<(QueueFunctionRunner Runner, InvocationLog Log, QueueClient Queue, QueueClient Poison)> Arrange(string functionName,
        QueueServiceClient? runnersQueues = null, QueueHostOptions? options = null)
    {
        var queues = await TestStorage.QueuesAsync();
        var name = TestStorage.UniqueName("probe");
        var log = new InvocationLog();
        var services = new ServiceCollection().AddSingleton(log).AddSingleton<FunctionInvoker>().BuildServiceProvider();
        var function = Probes.All.Single(f => f.Name == functionName);
        var runner = new QueueFunctionRunner(function, name, runnersQueues ?? queues, services.GetRequiredService<FunctionInvoker>(), options ?? Fast,
            NullLogger<QueueFunctionRunner>.Instance);
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

    /// <summary>
    /// Holds the answer to a receive that brought messages until the test releases it: the service has already made them
    /// invisible, as when a host stops while its receive is on the wire. Only the answer waits; the storage is real.
    /// </summary>
    private sealed class HoldReceivedMessages : HttpPipelinePolicy
    {
        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _passFromNowOn;

        /// <summary>Answers after the one already held come back at once.</summary>
        public void HoldOnlyTheFirst() => _passFromNowOn = true;

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            var receive = message.Request.Method == RequestMethod.Get && message.Request.Uri.Query.Contains("visibilitytimeout", StringComparison.OrdinalIgnoreCase);
            if (_passFromNowOn || !receive || message.Response.Content?.ToString().Contains("<QueueMessage>", StringComparison.Ordinal) != true) return;
            Arrived.TrySetResult();
            await Release.Task.WaitAsync(message.CancellationToken);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException();
    }

    [Fact]
    public async Task Messages_received_as_the_host_stops_are_handed_back_at_once_not_left_invisible_for_the_processing_lease()
    {
        var hold = new HoldReceivedMessages();
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        options.AddPolicy(hold, HttpPipelinePosition.PerCall);
        var held = new QueueServiceClient(await TestStorage.ConnectionStringAsync(), options);
        var (runner, log, queue, _) = await Arrange("ProbeSucceeds", held, Fast with { ProcessingLease = TimeSpan.FromMinutes(10) });
        await queue.SendMessageAsync("item-3");

        await runner.StartAsync(CancellationToken.None);
        await hold.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty((await queue.PeekMessagesAsync(10)).Value); // taken for the ten-minute lease
        var stopping = runner.StopAsync(CancellationToken.None);
        await Task.Delay(300);
        hold.Release.TrySetResult();
        await stopping;

        // Visible again at once, not in ten minutes, and not processed by the host that was stopping.
        await Eventually(async () => (await queue.PeekMessagesAsync(10)).Value.Length == 1, TimeSpan.FromSeconds(5));
        Assert.Empty(log.Messages);
    }

    [Fact]
    public async Task A_message_whose_function_outlasts_the_lease_is_kept_by_its_runner_and_run_once_though_another_polls_the_queue()
    {
        var lease = Fast with { ProcessingLease = TimeSpan.FromSeconds(1) };
        var (runner, log, queue, poison) = await Arrange("ProbeSlow", options: lease);
        var services = new ServiceCollection().AddSingleton(log).AddSingleton<FunctionInvoker>().BuildServiceProvider();
        var other = new QueueFunctionRunner(Probes.All.Single(f => f.Name == "ProbeSlow"), queue.Name, await TestStorage.QueuesAsync(),
            services.GetRequiredService<FunctionInvoker>(), lease, NullLogger<QueueFunctionRunner>.Instance);
        await queue.SendMessageAsync("item-5");

        await runner.StartAsync(CancellationToken.None);
        await other.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(() => Task.FromResult(log.Messages.Count >= 1), TimeSpan.FromSeconds(30));
            // Three seconds of work under a one-second lease: without renewal the other runner would take it twice over.
            await Eventually(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(20));
            await Task.Delay(1500);
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
            await other.StopAsync(CancellationToken.None);
        }

        Assert.Equal(["item-5"], log.Messages);
        Assert.False(await poison.ExistsAsync());
    }

    [Fact]
    public async Task Messages_of_a_receive_given_up_for_taking_too_long_come_back_after_one_lease_and_are_processed()
    {
        var hold = new HoldReceivedMessages();
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        options.AddPolicy(hold, HttpPipelinePosition.PerCall);
        var held = new QueueServiceClient(await TestStorage.ConnectionStringAsync(), options);
        var (runner, log, queue, _) = await Arrange("ProbeSucceeds", held,
            Fast with { ProcessingLease = TimeSpan.FromSeconds(2), ReceiveTimeout = TimeSpan.FromMilliseconds(500) });
        await queue.SendMessageAsync("item-6");

        await runner.StartAsync(CancellationToken.None);
        try
        {
            // The first answer never arrives in time: the runner gives up on it, though the service took the message.
            await hold.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Empty((await queue.PeekMessagesAsync(10)).Value);
            hold.HoldOnlyTheFirst();
            await Eventually(() => Task.FromResult(log.Messages.Count == 1), TimeSpan.FromSeconds(15));
        }
        finally { await runner.StopAsync(CancellationToken.None); }

        Assert.Equal(["item-6"], log.Messages);
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
