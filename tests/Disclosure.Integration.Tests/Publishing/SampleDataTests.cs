using System.Net;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.LocalHost.Seeding;
using Disclosure.LocalHost.Storage;
using Disclosure.Publishing;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Publishing;

[Collection(nameof(PublishingCollection))]
public class SampleDataTests
{
    [Fact]
    public async Task Two_hosts_starting_on_an_empty_store_seed_the_sample_items_once_and_the_portal_shows_them()
    {
        // A store of its own: "empty" must mean empty, whatever the other tests put into the shared one.
        await using var azurite = await Azurite.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Storage"] = azurite.ConnectionString,
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            [SampleDataSeeder.Setting] = "true",
        };
        await using var first = await TestHosts.StartAsync(settings);
        await using var second = await TestHosts.StartAsync(settings);
        var results = await Task.WhenAll(
            first.Services.GetRequiredService<SampleDataSeeder>().Completion,
            second.Services.GetRequiredService<SampleDataSeeder>().Completion);
        Assert.Contains(results, r => r?.Outcome == SeedOutcome.Seeded);

        var items = new List<DisclosureItem>();
        await foreach (var item in first.Services.GetRequiredService<IItemStore>().ListAsync(new ItemQuery())) items.Add(item);
        Assert.Equal(6, items.Count);
        Assert.All(items, i => Assert.StartsWith(SampleData.TitlePrefix, i.Title));
        Assert.All(items, i => Assert.Equal(ItemState.Published, i.State));
        Assert.Equal(6, items.Select(i => i.IndexNumber).Distinct().Count());

        using var client = first.Client();
        var home = await client.GetStringAsync("/");
        Assert.Contains(SampleData.TitlePrefix, home);
        var interpretation = items.Single(i => i.ColumnCode == "zcjd");
        var page = await client.GetStringAsync($"/items/{interpretation.Id}.html");
        Assert.Contains($"/items/{interpretation.RelatedItemId}.html", page); // the 解读 links to its policy
        var onRequest = items.Single(i => i.Attribute == DisclosureAttribute.OnRequest);
        using var hidden = await client.GetAsync($"/items/{onRequest.Id}.html");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);

        await using var third = await TestHosts.StartAsync(settings);
        var again = await third.Services.GetRequiredService<SampleDataSeeder>().Completion;
        Assert.Equal(SeedOutcome.AlreadySeeded, again?.Outcome);
    }

    [Fact]
    public async Task Sample_data_is_never_mixed_into_a_store_that_holds_real_items()
    {
        await using var azurite = await Azurite.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Storage"] = azurite.ConnectionString,
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        };
        await using (var plain = await TestHosts.StartAsync(settings))
        {
            var now = DateTimeOffset.UtcNow;
            var real = new DisclosureItem
            {
                Id = Guid.NewGuid().ToString("N"), IndexNumber = new IndexNumber("113301000024820810", 2026, 1), Title = "真实的工作动态",
                ColumnCode = "gzdt", Genre = "动态", Publisher = "市科学技术局", DepartmentCode = "bgs", FormedOn = new DateOnly(2026, 1, 5),
                SubmittedBy = "张报送", SubmittedAt = now, UpdatedAt = now,
            };
            await plain.Services.GetRequiredService<IItemStore>().CreateAsync(real, ItemChange.Of(new Disclosure.Audit.AuditEntry
            {
                ItemId = real.Id, EventId = "submitted", At = now, Actor = "张报送", Action = Disclosure.Audit.AuditAction.Submitted, To = ItemState.Submitted,
            }));
        }

        settings[SampleDataSeeder.Setting] = "true";
        await using var host = await TestHosts.StartAsync(settings);
        var result = await host.Services.GetRequiredService<SampleDataSeeder>().Completion;

        Assert.Equal(SeedOutcome.StoreNotEmpty, result?.Outcome);
        var titles = new List<string>();
        await foreach (var item in host.Services.GetRequiredService<IItemStore>().ListAsync(new ItemQuery())) titles.Add(item.Title);
        Assert.Equal(["真实的工作动态"], titles);
    }
}
