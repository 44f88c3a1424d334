using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace Disclosure.LocalHost.Functions;

/// <summary>
/// Fires a timer function on its 6-field NCRONTAB schedule (UTC). A blob lease plus the last fired occurrence stored in
/// the blob's metadata make sure that two local hosts never both fire the same occurrence.
/// </summary>
public sealed class TimerFunctionRunner(
    FunctionEntry function, CrontabSchedule schedule, BlobServiceClient blobs, FunctionInvoker invoker,
    TimeProvider time, ILogger<TimerFunctionRunner> log) : BackgroundService
{
    public const string LockContainer = "local-host-locks";
    private const string LastOccurrenceKey = "lastoccurrence";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    public static CrontabSchedule Parse(string expression)
        => CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = time.GetUtcNow().UtcDateTime;
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.GetNextOccurrence(last);
            var wait = next - time.GetUtcNow().UtcDateTime;
            try
            {
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException) { break; }
            try
            {
                await FireOnceAsync(next, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                log.LogError(e, "Timer {Function} failed for occurrence {Occurrence:o}", function.Name, next);
            }
            last = next;
        }
    }

    /// <summary>Runs the occurrence unless another host holds the lease or has already run it. Returns whether it ran here.</summary>
    public async Task<bool> FireOnceAsync(DateTime occurrenceUtc, CancellationToken ct)
    {
        var container = blobs.GetBlobContainerClient(LockContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: ct);
        var blob = container.GetBlobClient($"timers/{function.Name}");
        try
        {
            await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412) { }

        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(LeaseDuration, cancellationToken: ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            log.LogInformation("Timer {Function}: another host holds the lease; skipping {Occurrence:o}", function.Name, occurrenceUtc);
            return false;
        }

        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewing = RenewAsync(lease, renewal.Token);
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: ct);
            var lastRun = properties.Value.Metadata.TryGetValue(LastOccurrenceKey, out var s) ? DateTime.Parse(s, null, System.Globalization.DateTimeStyles.RoundtripKind) : DateTime.MinValue;
            if (lastRun >= occurrenceUtc)
            {
                log.LogInformation("Timer {Function}: occurrence {Occurrence:o} already ran on another host", function.Name, occurrenceUtc);
                return false;
            }
            var info = new TimerInfo
            {
                IsPastDue = time.GetUtcNow().UtcDateTime - occurrenceUtc > TimeSpan.FromMinutes(1),
                ScheduleStatus = new ScheduleStatus { Last = lastRun, Next = schedule.GetNextOccurrence(occurrenceUtc), LastUpdated = time.GetUtcNow().UtcDateTime },
            };
            await invoker.InvokeAsync(function, info, new Dictionary<string, object?>(), ct);
            await blob.SetMetadataAsync(new Dictionary<string, string> { [LastOccurrenceKey] = occurrenceUtc.ToString("o") },
                new BlobRequestConditions { LeaseId = lease.LeaseId }, ct);
            return true;
        }
        finally
        {
            await renewal.CancelAsync();
            try { await renewing; } catch (OperationCanceledException) { }
            try { await lease.ReleaseAsync(cancellationToken: CancellationToken.None); } catch (RequestFailedException) { }
        }
    }

    private async Task RenewAsync(BlobLeaseClient lease, CancellationToken ct)
    {
        while (true)
        {
            await Task.Delay(LeaseDuration / 3, time, ct);
            await lease.RenewAsync(cancellationToken: ct);
        }
    }
}
