using System.Reflection;
using Disclosure.Functions;
using Disclosure.Work;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Integration.Tests.Foundation;

/// <summary>
/// <see cref="WorkQueues.All"/> is what the health details and the queue metrics count: a queue trigger added without
/// a row there would fail into a poison queue nobody watches, and a row without a trigger would count a queue nobody reads.
/// </summary>
public class WorkQueueTriggerTests
{
    private static readonly IReadOnlyList<(string Function, string Queue)> QueueTriggers = typeof(DisclosureServices).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods())
        .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()).FirstOrDefault(a => a is not null)))
        .Where(f => f.Function is not null && f.Trigger is not null)
        .Select(f => (f.Function!.Name, f.Trigger!.QueueName))
        .ToList();

    [Fact]
    public void Every_work_queue_has_a_trigger_and_every_queue_trigger_reads_a_work_queue_or_its_poison_queue()
    {
        Assert.NotEmpty(QueueTriggers);
        var watched = WorkQueues.All.Concat(WorkQueues.All.Select(WorkQueues.PoisonOf)).ToHashSet(StringComparer.Ordinal);
        Assert.All(QueueTriggers, t => Assert.True(watched.Contains(t.Queue), $"{t.Function} reads {t.Queue}, which is not in WorkQueues.All"));
        var read = QueueTriggers.Select(t => t.Queue).ToHashSet(StringComparer.Ordinal);
        Assert.All(WorkQueues.All, q => Assert.True(read.Contains(q), $"WorkQueues.All lists {q}, which no queue trigger reads"));
    }

    [Fact]
    public void Every_queue_trigger_names_the_work_queues_connection()
    {
        var connections = typeof(DisclosureServices).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()).OfType<QueueTriggerAttribute>())
            .Select(a => a.Connection);
        Assert.All(connections, c => Assert.Equal(WorkQueues.Connection, c));
    }
}
