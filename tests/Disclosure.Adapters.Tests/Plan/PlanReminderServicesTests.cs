using Azure.Data.Tables;
using Disclosure.Adapters.Notifications;
using Disclosure.Adapters.Plan;
using Disclosure.Adapters.Tests.Notifications;
using Disclosure.Notifications;
using Disclosure.Plan;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Adapters.Tests.Plan;

public class PlanReminderServicesTests(AzuriteTables azurite) : IClassFixture<AzuriteTables>
{
    [Fact]
    public async Task Flat_settings_bind_and_every_service_of_the_feature_resolves()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reminders:LeadWorkingDays"] = "3",
            ["Reminders:EscalationThresholds:0"] = "3",
            ["Reminders:EscalationThresholds:1"] = "8",
            ["Smtp:Host"] = "smtp.kjj.gov.cn",
            ["Smtp:Port"] = "465",
            ["Smtp:UseTls"] = "true",
            ["Smtp:From"] = "gkb@kjj.gov.cn",
            ["Webhooks:Targets:bgs-wecom:Url"] = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
            ["Outbox:FirstRetryDelay"] = "00:02:00",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(new TableServiceClient(azurite.ConnectionString))
            .AddSingleton<ILatestPublications, NothingPublished>()
            .AddPlanAndReminders(configuration);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var reminders = provider.GetRequiredService<ReminderOptions>();
        Assert.Equal(3, reminders.LeadWorkingDays);
        Assert.Equal([3, 8], reminders.Thresholds);
        Assert.Equal([5, 10], new ReminderOptions().Thresholds);
        Assert.True(provider.GetRequiredService<SmtpOptions>().UseTls);
        Assert.Equal("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", provider.GetRequiredService<WebhookOptions>().Targets["bgs-wecom"].Url);
        Assert.Equal(TimeSpan.FromMinutes(2), provider.GetRequiredService<OutboxDispatchOptions>().FirstRetryDelay);
        Assert.Equal(2, provider.GetServices<INotificationChannel>().Count());
        Assert.Same(provider.GetRequiredService<IOutbox>(), provider.GetRequiredService<IReminderLedger>());
        provider.GetRequiredService<OutboxDispatcher>();
        provider.GetRequiredService<OutboxAdministration>();
        provider.GetRequiredService<ObligationService>();
        provider.GetRequiredService<PlanRecordsService>();
        Assert.IsType<PlanFacts>(provider.GetRequiredService<IPublicationFacts>());

        var result = await provider.GetRequiredService<ReminderRun>().RunAsync(new DateTimeOffset(2026, 2, 1, 22, 30, 0, TimeSpan.Zero));
        Assert.NotEmpty(result.Recorded);
    }

    private sealed class NothingPublished : ILatestPublications
    {
        public Task<IReadOnlyDictionary<string, DateOnly>> LatestByColumnAsync(DateOnly asOf, CancellationToken ct = default)
            => Task.FromResult<IReadOnlyDictionary<string, DateOnly>>(new Dictionary<string, DateOnly>());
    }
}
