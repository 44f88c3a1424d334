using Disclosure.Publishing;

namespace Disclosure.LocalHost.Seeding;

/// <summary>
/// With <c>Disclosure:SeedSampleData=true</c> (<c>Disclosure__SeedSampleData</c> in local.settings.json), seeds and
/// publishes the 【示例】 items on the first start against an empty store, so the portal at <c>/</c> shows something.
/// Runs in the background after the host is listening; <see cref="SampleData"/> makes it safe to repeat and to run on
/// two hosts at once.
/// </summary>
public sealed class SampleDataSeeder(SampleData samples, ILogger<SampleDataSeeder> log) : BackgroundService
{
    public const string Setting = "Disclosure:SeedSampleData";

    /// <summary>Finished (or failed) seeding; tests wait for it.</summary>
    public Task<SeedResult?> Completion => _completion.Task;
    private readonly TaskCompletionSource<SeedResult?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var result = await samples.SeedAsync(stoppingToken);
            if (result.Outcome == SeedOutcome.Seeded)
                log.LogInformation("Seeded {Count} sample items (【示例】) and published the portal: {Written} blobs written",
                    result.ItemsSeeded, result.Publication?.BlobsWritten);
            else
                log.LogInformation("Sample data not seeded: {Outcome}", result.Outcome);
            _completion.TrySetResult(result);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _completion.TrySetResult(null);
        }
        catch (Exception e)
        {
            // The host stays up without samples; the log says why (a clean store and a restart seed again).
            log.LogError(e, "Seeding the sample data failed");
            _completion.TrySetException(e);
        }
    }
}
