using Disclosure.Adapters.Documents;
using Disclosure.Adapters.Notifications;
using Disclosure.Applications;
using Disclosure.Functions;
using Disclosure.Plan;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Disclosure.Infra.Tests.Settings;

/// <summary>
/// Every settings section the composition root binds is checked when the host starts: a wrong value stops start-up with
/// a message that names the setting as an operator writes it (<c>Smtp__Port</c>), in Chinese and English.
/// </summary>
public class StartupValidationTests
{
    /// <summary>Starts a host composed exactly as Program.cs composes the function app, with these settings (environment form).</summary>
    private static async Task<IHost> StartAsync(params (string Setting, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(
            new[] { ("Storage", "UseDevelopmentStorage=true") }.Concat(settings)
                .Select(s => new KeyValuePair<string, string?>(s.Item1.Replace("__", ":"), s.Item2)));
        builder.Services.AddDisclosure(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<string> StartUpFailureAsync(params (string Setting, string Value)[] settings)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => (await StartAsync(settings)).Dispose());
        IReadOnlyList<Exception> failures = error is AggregateException many ? many.Flatten().InnerExceptions : [error];
        Assert.All(failures, e => Assert.IsType<OptionsValidationException>(e));
        return string.Join("\n", failures.Select(e => e.Message));
    }

    [Fact]
    public async Task Start_up_with_a_port_that_is_not_a_number_fails_naming_Smtp__Port_in_Chinese_and_English()
    {
        var message = await StartUpFailureAsync(("Smtp__Port", "abc"));

        Assert.Contains("设置 Smtp__Port 无效：应为整数", message);
        Assert.Contains("(Setting Smtp__Port is invalid: expected a whole number.)", message);
        Assert.DoesNotContain("abc", message);
    }

    public static readonly TheoryData<string, string> OneWrongValuePerSection = new()
    {
        { "Smtp__Port", "70000" },
        { "Smtp__Timeout", "soon" },
        { "Webhooks__Targets__bgs-wecom__Url", "qyapi.weixin.qq.com/cgi-bin/webhook/send" },
        { "Webhooks__Timeout", "00:00:00" },
        { "Outbox__BatchSize", "0" },
        { "Outbox__Lease", "-00:01:00" },
        { "Reminders__LeadWorkingDays", "-1" },
        { "Reminders__EscalationThresholds__0", "0" },
        { "Reminders__ObligationsPageUrl", "/obligations" },
        { "Documents__MaxPages", "0" },
        { "Documents__MaxDuration", "ten seconds" },
        { "Language__Endpoint", "kjj-language.cognitiveservices.azure.com" },
        { "Compliance__OperatorEmails__0", "运维组" },
        { "SelfInspection__NewsMaxDays", "0" },
        { "SelfInspection__StuckHours", "a day" },
        { "Applications__PerClientPerHour", "0" },
        { "Applications__OfficeDepartment", " " },
        { "Applications__ProactiveConversionApplicants", "1" },
        { "Applications__RetentionYears", "-1" },
        { "Applications__FirstReminderWorkingDays", "21" },
        { "Applications__SecondReminderWorkingDays", "-1" },
        { "Identity__AllowGuests", "sometimes" },
        { "Identity__DepartmentClaim", " " },
        { "FormTokens__Lifetime", "00:00:00" },
        { "Import__HoldItemsWithFindings", "sometimes" },
    };

    [Theory]
    [MemberData(nameof(OneWrongValuePerSection))]
    public async Task A_wrong_value_stops_start_up_with_a_message_naming_the_setting(string setting, string value)
    {
        var message = await StartUpFailureAsync((setting, value));

        Assert.Contains($"设置 {setting} 无效：", message);
        Assert.Contains($"(Setting {setting} is invalid: ", message);
    }

    [Fact]
    public async Task An_application_second_reminder_that_is_not_after_the_first_stops_start_up()
    {
        var message = await StartUpFailureAsync(("Applications__FirstReminderWorkingDays", "3"), ("Applications__SecondReminderWorkingDays", "3"));

        Assert.Contains("设置 Applications__SecondReminderWorkingDays 无效：应不小于 0 且小于 FirstReminderWorkingDays", message);
        Assert.DoesNotContain("Applications__FirstReminderWorkingDays", message);
    }

    [Fact]
    public async Task Every_wrong_value_is_named_at_once_not_only_the_first()
    {
        var message = await StartUpFailureAsync(("Smtp__Port", "abc"), ("Smtp__UseTls", "yes"), ("Outbox__MaxAttempts", "0"));

        Assert.Contains("Smtp__Port", message);
        Assert.Contains("设置 Smtp__UseTls 无效：应为true 或 false", message);
        Assert.Contains("Outbox__MaxAttempts", message);
    }

    [Fact]
    public async Task Smtp_host_without_a_sender_address_stops_start_up()
    {
        var message = await StartUpFailureAsync(("Smtp__Host", "smtp.kjj.gov.cn"));

        Assert.Contains("设置 Smtp__From 无效", message);
    }

    [Fact]
    public async Task Valid_settings_start_and_keep_their_values_and_defaults()
    {
        using var host = await StartAsync(
            ("Smtp__Host", "smtp.kjj.gov.cn"), ("Smtp__Port", "465"), ("Smtp__From", "gkb@kjj.gov.cn"),
            ("Webhooks__Targets__bgs-wecom__Url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"),
            ("Reminders__EscalationThresholds__0", "3"), ("Compliance__OperatorEmails__0", "ops@kjj.gov.cn"),
            ("Language__Endpoint", "https://kjj-language.cognitiveservices.azure.com/"));
        var services = host.Services;

        Assert.Equal(465, services.GetRequiredService<SmtpOptions>().Port);
        Assert.Equal(TimeSpan.FromSeconds(30), services.GetRequiredService<SmtpOptions>().Timeout);
        Assert.Equal([3], services.GetRequiredService<ReminderOptions>().Thresholds);
        Assert.Equal(5, services.GetRequiredService<ReminderOptions>().LeadWorkingDays);
        Assert.Equal(50, services.GetRequiredService<OutboxDispatchOptions>().BatchSize);
        Assert.Equal(64L * 1024 * 1024, services.GetRequiredService<DocumentBudgets>().MaxPartBytes);
        Assert.Equal(10, services.GetRequiredService<ApplicationOptions>().PerClientPerHour);
        Assert.Equal("bgs", services.GetRequiredService<IOptions<ApplicationOptions>>().Value.OfficeDepartment);
        await host.StopAsync();
    }

    [Fact]
    public async Task Without_any_settings_but_storage_the_app_starts_on_its_defaults()
    {
        using var host = await StartAsync();
        Assert.Equal([5, 10], host.Services.GetRequiredService<ReminderOptions>().Thresholds);
        await host.StopAsync();
    }
}
