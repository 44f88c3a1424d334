using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Disclosure.Integration.Tests.Foundation;

public class TimerProbe(InvocationLog log)
{
    [Function("ProbeTimer")]
    public async Task Run([TimerTrigger("0 0 * * * *")] TimerInfo timer)
    {
        log.Record(timer.ScheduleStatus!.Next.ToString("o"));
        await Task.Delay(300); // long enough for the other host to try while the lease is held
    }
}

public class TimerRunnerTests
{
    [Fact]
    public async Task Two_local_hosts_never_both_fire_the_same_timer_occurrence()
    {
        var blobs = await TestStorage.BlobsAsync();
        var log = new InvocationLog();
        var services = new ServiceCollection().AddSingleton(log).AddSingleton<FunctionInvoker>().BuildServiceProvider();
        var probe = FunctionCatalog.Discover(typeof(TimerProbe).Assembly).All.Single(f => f.Name == "ProbeTimer");
        // A unique function name per run keeps the lock blob of this test apart from earlier runs.
        var function = probe with { Name = TestStorage.UniqueName("timer") };
        var schedule = TimerFunctionRunner.Parse("0 0 * * * *");
        TimerFunctionRunner Host() => new(function, schedule, blobs, services.GetRequiredService<FunctionInvoker>(), TimeProvider.System, NullLogger<TimerFunctionRunner>.Instance);

        var occurrence = new DateTime(2026, 11, 26, 3, 0, 0, DateTimeKind.Utc);
        var ran = await Task.WhenAll(Host().FireOnceAsync(occurrence, default), Host().FireOnceAsync(occurrence, default));
        var again = await Host().FireOnceAsync(occurrence, default);        // fires late, after the first finished
        var next = await Host().FireOnceAsync(occurrence.AddHours(1), default);

        Assert.Equal(1, ran.Count(r => r));
        Assert.False(again);
        Assert.True(next);
        Assert.Equal(2, log.Messages.Count);
    }
}
