using System.Net.Http.Headers;
using Disclosure.Adapters.Notifications;
using Disclosure.Adapters.Plan;
using Disclosure.Functions.Http;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost;
using Disclosure.LocalHost.Functions;
using Disclosure.LocalHost.Storage;
using Azure.Data.Tables;
using Disclosure.Notifications;
using Disclosure.Plan;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Plan;

/// <summary>
/// The plan tests, one at a time among themselves. Each test has plan, plan-records and outbox tables of its own
/// (<see cref="PlanHost.UseTablesOfItsOwn"/>), on storage apart from the shared test storage, so they run beside every other
/// test: they neither see another test's reminders or published items nor empty the tables another test (or the seeded
/// plan's readers) uses.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PlanCollection
{
    public const string Name = "Plan flow (plan and outbox tables of its own)";
}

/// <summary>
/// The real local host with a FakeTimeProvider as its clock: <see cref="TestHosts.StartAsync"/> applies the test's
/// registrations after AddDisclosure, so the fake replaces TimeProvider.System for every service and function.
/// </summary>
internal static class PlanHost
{
    /// <summary>Monday 2 March 2026, 06:30 China time: the reminder timer's usual moment on a working day after 春节.</summary>
    public static readonly DateTimeOffset WorkingMorning = new(2026, 3, 2, 6, 30, 0, TimeSpan.FromHours(8));

    // The test's own table names, for every host it starts after UseTablesOfItsOwn (two hosts of one test share them).
    private static readonly AsyncLocal<string?> OwnTables = new();

    /// <summary>
    /// The storage of the hosts of tests with tables of their own. Not the shared test storage: the obligations are
    /// computed from the items published there, and other tests publish items with dates in the past (imports, items
    /// stored as published); one published between two reminder runs of a test started a new obligation period, and
    /// the second run rightly sent a new digest the test did not expect. Only these tests' hosts write items here.
    /// </summary>
    private static readonly Lazy<Task<Azurite>> Storage = TestStorage.StartedOnFirstUse();

    /// <summary>
    /// The hosts this test starts from now on keep the plan, its change records and the outbox in new, empty tables
    /// named for this test, on storage where no other kind of test publishes items: the plan is seeded afresh, as on
    /// a new installation, and no other test's table is touched. Synchronous on purpose: a value set here flows to
    /// the rest of the calling test.
    /// </summary>
    public static void UseTablesOfItsOwn() => OwnTables.Value = TestStorage.UniqueName("t");

    /// <summary>The tables of the hosts this test starts (after <see cref="UseTablesOfItsOwn"/>).</summary>
    public static async Task<TableServiceClient> TablesAsync()
        => OwnTables.Value is null ? await TestStorage.TablesAsync() : new TableServiceClient((await Storage.Value).ConnectionString);

    /// <summary>Deletes the tables <see cref="UseTablesOfItsOwn"/> named (when the test is done with them).</summary>
    public static async Task DeleteOwnTablesAsync()
    {
        if (OwnTables.Value is not { } prefix) return;
        var tables = await TablesAsync();
        foreach (var name in TableNames(prefix)) await tables.DeleteTableAsync(name);
    }

    /// <summary>The plan table of this test's hosts.</summary>
    public static string PlanTable => OwnTables.Value is { } prefix ? TableNames(prefix)[1] : TablePlanStore.TableName;

    private static string[] TableNames(string prefix) => [prefix + TableOutbox.TableName, prefix + TablePlanStore.TableName, prefix + TablePlanRecords.TableName];

    /// <remarks>
    /// Queue triggers stay off: the plan needs none, and the compliance check would otherwise take up other tests'
    /// leftover check messages and record its notices in the outbox these tests count.
    /// </remarks>
    public static async Task<LocalFunctionsHost> StartAsync(FakeTimeProvider clock, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var own = OwnTables.Value;
        if (own is not null)
        {
            var storage = (await Storage.Value).ConnectionString;
            settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
            {
                ["Storage"] = storage,
                ["AzureWebJobsStorage"] = storage,
            };
        }
        return await TestHosts.StartAsync(settings, runQueues: false, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            if (own is null) return;
            var (outbox, plan, records) = (TableNames(own)[0], TableNames(own)[1], TableNames(own)[2]);
            s.AddSingleton<IPlanStore>(sp => new TablePlanStore(sp.GetRequiredService<TableServiceClient>(), plan));
            s.AddSingleton<IPlanRecords>(sp => new TablePlanRecords(sp.GetRequiredService<TableServiceClient>(), records));
            s.AddSingleton(sp => new TableOutbox(sp.GetRequiredService<TableServiceClient>(), outbox));
            s.AddSingleton<IOutbox>(sp => sp.GetRequiredService<TableOutbox>());
            s.AddSingleton<IReminderLedger>(sp => sp.GetRequiredService<TableOutbox>());
        });
    }

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
