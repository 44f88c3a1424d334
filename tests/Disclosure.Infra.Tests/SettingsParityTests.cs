using System.Reflection;
using System.Text.Json.Nodes;
using Disclosure.Functions;
using Disclosure.Infra.Tests.Bicep;
using Disclosure.Infra.Tests.Settings;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace Disclosure.Infra.Tests;

/// <summary>
/// The settings the application reads must be the settings infra/app/api.bicep deploys. Both sides are read from
/// the real artefacts: the compiled template (bicep build) and the Disclosure.Functions assembly.
/// </summary>
[Collection(BicepCollection.Name)]
public class SettingsParityTests(MainTemplate main)
{
    /// <summary>Names the application reads through options and clients (explicit until options classes exist).</summary>
    public static readonly TheoryData<string> KnownSettings =
    [
        "Storage__credential",
        "Storage__clientId",
        "Storage__blobServiceUri",
        "Storage__queueServiceUri",
        "Storage__tableServiceUri",
        "NightlyPublicationSchedule",
        "ReminderSchedule",
        "SelfInspectionSchedule",
        "OutboxDispatchSchedule",
        "Disclosure__SeedSampleData",
        "Language__Endpoint",
        "Smtp__Host",
        "Smtp__Port",
        "Smtp__From",
        "Smtp__User",
        "Smtp__Password",
        "Compliance__OperatorEmails__0",
        "Reminders__LeadWorkingDays",
        "Reminders__EscalationThresholds__0",
        "Reminders__EscalationThresholds__1",
        "Portal__BaseUrl",
        "Identity__SubmitterRole",
        "Identity__AllowGuests",
        "FormTokens__Key",
    ];

    /// <summary>Configuration sections the composition root binds.</summary>
    public static readonly TheoryData<string> OptionSections = ["Storage", "Disclosure", "Language", "Smtp", "Portal", "Reminders"];

    private ArmTemplate Api => main.Compiled.Module("api");

    private JsonObject AppSettings => Api.Variable("appSettings");

    private IReadOnlySet<string> DeployedNames =>
        AppSettings.Select(p => p.Key).Concat(Api.Variable("hostSettings").Select(p => p.Key)).ToHashSet();

    [Fact]
    public void Every_setting_a_trigger_of_the_function_app_resolves_is_deployed()
    {
        var required = TriggerSettings.RequiredBy(typeof(DisclosureServices).Assembly);

        var missing = required.Except(DeployedNames).ToList();
        Assert.True(missing.Count == 0, "Not in infra/app/api.bicep: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_smtp_password_reaches_the_app_only_as_a_key_vault_reference_from_a_secure_parameter()
    {
        var password = (string)AppSettings["Smtp__Password"]!;
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", password);
        Assert.DoesNotContain("smtpPassword')", password); // the URI parameter, never the password itself
        Assert.Equal("securestring", (string?)main.Compiled.Root["parameters"]!["smtpPassword"]!["type"]);
        var vault = main.Compiled.Module("key-vault");
        Assert.Equal("securestring", (string?)vault.Root["parameters"]!["smtpPassword"]!["type"]);
        Assert.True((bool)vault.ResourcesOfType("Microsoft.KeyVault/vaults").Single()["properties"]!["enableRbacAuthorization"]!);
    }

    [Fact]
    public void Every_setting_of_the_local_sample_is_deployed_except_the_local_connection_strings()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Repository.File("local.settings.sample.json")))!["Values"]!.AsObject();
        // Storage and AzureWebJobsStorage are connection strings locally and managed-identity settings in Azure (checked
        // below); the worker runtime is the plan's (functionAppConfig on Flex Consumption, an app setting elsewhere).
        string[] localOnly = ["Storage", "AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME"];

        var missing = sample.Select(p => p.Key).Except(localOnly).Where(name => !DeployedNames.Contains(name)).ToList();
        Assert.True(missing.Count == 0, "In local.settings.sample.json but not in infra/app/api.bicep: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_work_queue_a_function_listens_to_is_created_by_the_deployment()
    {
        // Poison queues are created by the Functions host the first time it moves a message there.
        var listened = typeof(DisclosureServices).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods()).SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()?.QueueName)
            .OfType<string>().Where(q => !q.EndsWith("-poison", StringComparison.Ordinal)).ToHashSet();
        var storage = main.Compiled.ResourcesOfType("Microsoft.Resources/deployments").Single(r => (string?)r["name"] == "data-storage");
        var deployed = storage["properties"]!["parameters"]!["queues"]!["value"]!.AsArray().Select(q => (string)q!).ToHashSet();

        Assert.NotEmpty(listened);
        var missing = listened.Except(deployed).Order().ToList();
        Assert.True(missing.Count == 0, "Queues not created by infra/main.bicep: " + string.Join(", ", missing));
    }

    [Fact]
    public void Trigger_scan_finds_schedule_queue_and_connection_names()
    {
        // Guards the scan above: on a branch with no timer or queue function it finds nothing, so it must be
        // shown to find what such functions would need.
        var found = TriggerSettings.RequiredBy([typeof(SampleTriggers)]);

        Assert.Equal(
            new[]
            {
                "AzureWebJobsStorage__queueServiceUri",
                "SampleQueue",
                "SampleSchedule",
                "Storage__queueServiceUri",
            },
            found);
    }

    [Theory]
    [MemberData(nameof(KnownSettings))]
    public void Known_setting_is_deployed(string name)
    {
        Assert.True(AppSettings.ContainsKey(name), $"{name} is not in the appSettings object of infra/app/api.bicep");
    }

    [Theory]
    [MemberData(nameof(OptionSections))]
    public void Option_section_has_deployed_settings(string section)
    {
        Assert.Contains(AppSettings, p => p.Key.StartsWith(section + "__", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Storage")]
    [InlineData("AzureWebJobsStorage")]
    public void Storage_connections_use_the_managed_identity_and_no_connection_string(string connection)
    {
        var settings = connection == "Storage" ? AppSettings : Api.Variable("hostSettings");

        Assert.Equal("managedidentity", (string?)settings[$"{connection}__credential"]);
        Assert.Equal("[parameters('identityClientId')]", (string?)settings[$"{connection}__clientId"]);
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Assert.True(settings.ContainsKey($"{connection}__{service}ServiceUri"), $"{connection}__{service}ServiceUri");
        }

        Assert.False(DeployedNames.Contains(connection), $"{connection} would be a connection string");
        Assert.DoesNotContain(DeployedNames, n => n.EndsWith("__accountKey", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("NightlyPublicationSchedule", 2, 0, null)]
    [InlineData("ReminderSchedule", 6, 30, null)]
    [InlineData("SelfInspectionSchedule", 3, 0, 2)]
    public void Default_schedule_fires_at_the_intended_china_standard_time(
        string setting, int hour, int minute, int? dayOfMonth)
    {
        var expression = DefaultValueOfSetting(setting);
        var schedule = CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var china = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

        // Timer schedules are evaluated in UTC on Linux plans.
        var from = new DateTime(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc);
        foreach (var utc in schedule.GetNextOccurrences(from, from.AddDays(70)))
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), china);
            Assert.Equal((hour, minute), (local.Hour, local.Minute));
            if (dayOfMonth is { } day)
            {
                Assert.Equal(day, local.Day);
            }
        }
    }

    [Fact]
    public void Sample_data_is_not_seeded_in_a_deployment()
    {
        var api = main.Compiled.Root["resources"]!.AsArray().Single(r => (string?)r!["name"] == "api")!;
        Assert.False(api["properties"]!["parameters"]!["seedSampleData"]!["value"]!.GetValue<bool>());
    }

    private string DefaultValueOfSetting(string setting)
    {
        var value = (string?)AppSettings[setting] ?? throw new KeyNotFoundException(setting);
        var parameter = System.Text.RegularExpressions.Regex.Match(value, @"^\[parameters\('([^']+)'\)\]$");
        if (!parameter.Success)
        {
            return value;
        }

        return (string?)Api.DefaultValueOf(parameter.Groups[1].Value)
            ?? throw new InvalidOperationException($"{setting} has no literal default");
    }

    private sealed class SampleTriggers
    {
        public void Timer([TimerTrigger("%SampleSchedule%")] object timer)
        {
        }

        public void NamedConnection([QueueTrigger("%SampleQueue%", Connection = "Storage")] string message)
        {
        }

        public void DefaultConnection([QueueTrigger("plain-queue")] string message)
        {
        }
    }
}
