using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Disclosure.Work;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.LocalHost.Functions;

/// <summary>
/// Polls one queue with the Functions host's semantics: Base64 bodies; delete only after success; a failed message
/// becomes visible again after visibilityTimeout; after maxDequeueCount failed attempts it moves to
/// <c>&lt;queue&gt;-poison</c>; a message already over the limit is poisoned without invoking the function.
/// </summary>
public sealed class QueueFunctionRunner(
    FunctionEntry function, string queueName, QueueServiceClient queues, FunctionInvoker invoker,
    QueueHostOptions options, ILogger<QueueFunctionRunner> log) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan ReceiveGraceOnStop = TimeSpan.FromSeconds(2);

    public string QueueName => queueName;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = queues.GetQueueClient(queueName);
        var poison = queues.GetQueueClient(WorkQueues.PoisonOf(queueName));
        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        var delay = MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] batch;
            try
            {
                // Not cancelled at once by the shutdown: a receive cancelled after the service took the messages leaves them
                // invisible for the whole lease, with nobody to process them (seen when hosts stopped beside others on the
                // same queues). A receive in flight gets a moment to finish, and what it brings is handed back below; only
                // one that hangs past that is given up, and its messages come back when the (short, renewed) lease ends.
                using var receiving = new CancellationTokenSource(options.ReceiveTimeout);
                using var stopping = stoppingToken.Register(() => receiving.CancelAfter(ReceiveGraceOnStop));
                batch = (await queue.ReceiveMessagesAsync(options.BatchSize, options.ProcessingLease, receiving.Token)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                log.LogWarning(e, "Polling {Queue} failed; retrying", queueName);
                batch = [];
            }
            if (batch.Length == 0)
            {
                try { await Task.Delay(delay, stoppingToken); } catch (OperationCanceledException) { break; }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxPollingInterval.Ticks));
                continue;
            }
            if (stoppingToken.IsCancellationRequested)
            {
                await Task.WhenAll(batch.Select(m => HandBackAsync(queue, m)));
                break;
            }
            delay = MinPollingInterval;
            await Task.WhenAll(batch.Select(m => ProcessAsync(queue, poison, m, stoppingToken)));
        }
    }

    internal async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken ct)
    {
        if (message.DequeueCount > options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(queue, poison, message, ct);
            return;
        }
        try
        {
            var bindingData = new Dictionary<string, object?>
            {
                ["Id"] = message.MessageId,
                ["DequeueCount"] = message.DequeueCount,
                ["InsertionTime"] = message.InsertedOn,
                ["QueueTrigger"] = message.MessageText,
            };
            var lease = new MessageLease(queue, message, options.ProcessingLease, log);
            try
            {
                await invoker.InvokeAsync(function, Convert(message), bindingData, ct);
            }
            finally
            {
                // What follows (delete, hand back, retry later, poison) needs the receipt of the last extension.
                if (await lease.ReleaseAsync() is { } renewed) message = message.Update(renewed);
            }
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down mid-invocation: hand the message back at once rather than leave it invisible for the rest of
            // its processing lease; its dequeue count already records this attempt. (A crash cannot do this; then the
            // lease runs out and another instance takes it.)
            await HandBackAsync(queue, message);
        }
        catch (Exception e)
        {
            log.LogError(e, "{Function} failed on message {MessageId} (attempt {Attempt} of {Max})",
                function.Name, message.MessageId, message.DequeueCount, options.MaxDequeueCount);
            if (message.DequeueCount >= options.MaxDequeueCount)
                await MoveToPoisonAsync(queue, poison, message, CancellationToken.None);
            else
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: options.VisibilityTimeout, cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>Makes a message this host will not process visible again at once.</summary>
    private static async Task HandBackAsync(QueueClient queue, QueueMessage message)
    {
        try { await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None); }
        catch (Azure.RequestFailedException) { }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken ct)
    {
        await poison.CreateIfNotExistsAsync(cancellationToken: ct);
        await poison.SendMessageAsync(message.Body, cancellationToken: ct);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
        log.LogError("Message {MessageId} moved to {Poison} after {Count} attempts", message.MessageId, poison.Name, message.DequeueCount);
    }

    private object? Convert(QueueMessage message)
    {
        var type = function.TriggerParameter.ParameterType;
        if (type == typeof(string)) return message.MessageText;
        if (type == typeof(QueueMessage)) return message;
        if (type == typeof(BinaryData)) return message.Body;
        if (type == typeof(byte[])) return message.Body.ToArray();
        return JsonSerializer.Deserialize(message.Body.ToString(), type, JsonSerializerOptions.Web);
    }

    /// <summary>
    /// Keeps one message invisible while its function runs: every half lease it extends the visibility by a lease, and
    /// each extension gives a new pop receipt, which the runner then deletes or hands back with. An extension already
    /// on the wire is let finish (cancelling it could leave the service with a receipt the runner never saw).
    /// </summary>
    private sealed class MessageLease
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<UpdateReceipt?> _renewing;

        public MessageLease(QueueClient queue, QueueMessage message, TimeSpan lease, ILogger log) =>
            _renewing = RenewAsync(queue, message, lease, log, _stop.Token);

        private static async Task<UpdateReceipt?> RenewAsync(QueueClient queue, QueueMessage message, TimeSpan lease, ILogger log, CancellationToken stop)
        {
            UpdateReceipt? latest = null;
            while (true)
            {
                try { await Task.Delay(lease / 2, stop); }
                catch (OperationCanceledException) { return latest; }
                try
                {
                    latest = (await queue.UpdateMessageAsync(message.MessageId, latest?.PopReceipt ?? message.PopReceipt,
                        visibilityTimeout: lease, cancellationToken: CancellationToken.None)).Value;
                }
                catch (Azure.RequestFailedException e)
                {
                    // Gone, or taken by another instance after all: the function's own idempotency covers a second run.
                    log.LogWarning(e, "Could not extend the lease of message {MessageId} on {Queue}", message.MessageId, queue.Name);
                    return latest;
                }
            }
        }

        /// <summary>Stops renewing; the last extension's receipt, or null if none was made.</summary>
        public async Task<UpdateReceipt?> ReleaseAsync()
        {
            _stop.Cancel();
            var latest = await _renewing;
            _stop.Dispose();
            return latest;
        }
    }
}
