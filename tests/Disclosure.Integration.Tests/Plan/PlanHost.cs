using System.Net.Http.Headers;
using Disclosure.Adapters.Notifications;
using Disclosure.Adapters.Plan;
using Disclosure.Functions.Http;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost;
using Disclosure.LocalHost.Functions;
using Disclosure.Notifications;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Plan;

/// <summary>
/// The plan tests share the outbox and plan tables of the one test Azurite and empty them first, so they run alone:
/// another class running reminders at the same time would claim the same reminder keys.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PlanCollection
{
    public const string Name = "Plan flow (outbox and plan tables)";
}

/// <summary>
/// The real local host with a FakeTimeProvider as its clock: <see cref="TestHosts.StartAsync"/> applies the test's
/// registrations after AddDisclosure, so the fake replaces TimeProvider.System for every service and function.
/// </summary>
internal static class PlanHost
{
    /// <summary>Monday 2 March 2026, 06:30 China time: the reminder timer's usual moment on a working day after 春节.</summary>
    public static readonly DateTimeOffset WorkingMorning = new(2026, 3, 2, 6, 30, 0, TimeSpan.FromHours(8));

    public static async Task ResetTablesAsync()
    {
        var tables = await TestStorage.TablesAsync();
        foreach (var name in new[] { TableOutbox.TableName, TablePlanStore.TableName, TablePlanRecords.TableName })
            await tables.DeleteTableAsync(name);
    }

    /// <remarks>
    /// Queue triggers stay off: the plan needs none, and the compliance check would otherwise take up other tests'
    /// leftover check messages and record its notices in the outbox these tests count.
    /// </remarks>
    public static Task<LocalFunctionsHost> StartAsync(FakeTimeProvider clock, IReadOnlyDictionary<string, string?>? settings = null)
        => TestHosts.StartAsync(settings, runQueues: false, services: s => s.AddSingleton<TimeProvider>(clock));

    /// <summary>Fires a timer function once, the way the local host's timer runner does (new instance from a DI scope).</summary>
    public static async Task FireTimerAsync(this LocalFunctionsHost host, string function)
    {
        var entry = host.Catalog.Timers.Single(t => t.Entry.Name == function).Entry;
        await host.Services.GetRequiredService<FunctionInvoker>().InvokeAsync(
            entry, new TimerInfo { IsPastDue = false }, new Dictionary<string, object?>(), CancellationToken.None);
    }

    public static async Task<IReadOnlyList<OutboxDelivery>> DeliveriesAsync(this LocalFunctionsHost host)
        => await host.Services.GetRequiredService<IOutbox>().ListAsync(new OutboxFilter { Max = 1000 });

    public static HttpRequestMessage As(this HttpRequestMessage request, string name, string? department, params string[] roles)
    {
        request.Headers.Add(RequestPrincipal.Header, RequestPrincipal.Encode(name, department, roles));
        return request;
    }

    public static HttpRequestMessage Get(string url, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return request;
    }
}
