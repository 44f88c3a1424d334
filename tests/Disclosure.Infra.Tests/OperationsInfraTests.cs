using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Disclosure.Adapters.Notifications;
using Disclosure.Applications;
using Disclosure.Infra.Tests.Bicep;
using Disclosure.Plan;

namespace Disclosure.Infra.Tests;

/// <summary>
/// Issue 17's deployment gaps, read from the compiled template: robot URLs and their signing secrets only as Key Vault
/// references, an optional private network for storage and Key Vault, and the reminders' lead time and thresholds as
/// parameters that reach the app's settings.
/// </summary>
[Collection(BicepCollection.Name)]
public class OperationsInfraTests(MainTemplate main)
{
    private ArmTemplate Api => main.Compiled.Module("api");
    private ArmTemplate Vault => main.Compiled.Module("key-vault");
    private ArmTemplate Network => main.Compiled.Module("private-network");

    /// <summary>The template's JSON as written, quotes unescaped, so ARM expressions read as in the file.</summary>
    private static string Text(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "";

    private JsonObject Deployment(string name) =>
        main.Compiled.ResourcesOfType("Microsoft.Resources/deployments").Single(r => (string?)r["name"] == name);

    [Fact]
    public void Robot_urls_and_signing_secrets_are_secrets_in_the_key_vault_and_reach_the_app_only_as_key_vault_references()
    {
        Assert.Equal("secureObject", (string?)main.Compiled.Root["parameters"]!["webhookTargets"]!["type"]);
        Assert.Equal("secureObject", (string?)Vault.Root["parameters"]!["webhookTargets"]!["type"]);
        // The vault is always deployed (it holds the forms' token key) and is given the robots (SecretSettingsTests).
        Assert.Contains("parameters('webhookTargets')", Text(main.Compiled.Root["variables"]!["robots"]));
        Assert.Equal("[variables('robots')]", (string?)Deployment("key-vault")["properties"]!["parameters"]!["webhookTargets"]!["value"]);

        var secrets = Vault.ResourcesOfType("Microsoft.KeyVault/vaults/secrets").Select(r => (string)r["name"]!).ToList();
        Assert.Contains(secrets, n => n.Contains("webhook-{0}-url", StringComparison.Ordinal));
        Assert.Contains(secrets, n => n.Contains("webhook-{0}-secret", StringComparison.Ordinal));

        // The app gets addresses of secrets, never the targets themselves.
        var passed = Text(Deployment("api")["properties"]!["parameters"]);
        Assert.DoesNotContain("parameters('webhookTargets')", passed);
        Assert.Contains("outputs.webhookSecretUris", Text(Deployment("api")["properties"]!["parameters"]!["webhookSecretUris"]));

        // Named as the app binds them (WebhookOptions: Webhooks__Targets__<name>__Url / __Secret), as references.
        var settings = (string)Api.Root["variables"]!["webhookSettings"]!;
        Assert.Contains($"'{WebhookOptions.Section}__{nameof(WebhookOptions.Targets)}__{{0}}__{nameof(WebhookTarget.Url)}'", settings);
        Assert.Contains($"'{WebhookOptions.Section}__{nameof(WebhookOptions.Targets)}__{{0}}__{nameof(WebhookTarget.Secret)}'", settings);
        Assert.Contains("'@Microsoft.KeyVault(SecretUri={0})', lambdaVariables('target').value.url", settings);
        Assert.Contains("'@Microsoft.KeyVault(SecretUri={0})', lambdaVariables('target').value.secret", settings);
        var applied = Text(Api.ResourcesOfType("Microsoft.Web/sites/config").Single(r => ((string)r["name"]!).Contains("appsettings"))["properties"]);
        Assert.Contains("variables('webhookSettings')", applied);
    }

    [Fact]
    public void The_app_reads_the_vault_with_its_own_identity_and_only_the_secrets_user_role()
    {
        var site = Api.ResourcesOfType("Microsoft.Web/sites").Single();
        Assert.Equal("[parameters('identityId')]", (string?)site["properties"]!["keyVaultReferenceIdentity"]);
        Assert.True((bool)Vault.ResourcesOfType("Microsoft.KeyVault/vaults").Single()["properties"]!["enableRbacAuthorization"]!);
        var grant = main.Compiled.Module("rbac").ResourcesOfType("Microsoft.Authorization/roleAssignments")
            .Where(r => ((string)r["scope"]!).Contains("keyVaultName", StringComparison.Ordinal)).ToList();
        Assert.Contains("keyVaultSecretsUser", Text(Assert.Single(grant)["properties"]!["roleDefinitionId"]));
    }

    [Fact]
    public void The_private_network_is_off_by_default()
    {
        Assert.False(main.Compiled.Root["parameters"]!["enableVirtualNetwork"]!["defaultValue"]!.GetValue<bool>());
        Assert.Equal("[parameters('enableVirtualNetwork')]", (string?)Deployment("private-network")["condition"]);
        // Off: no subnet for the app, and the vault stays reachable as before.
        Assert.StartsWith("[if(parameters('enableVirtualNetwork')", Text(Deployment("api")["properties"]!["parameters"]!["virtualNetworkSubnetId"]).Trim('"'));
        Assert.Equal("\"[if(parameters('enableVirtualNetwork'), createObject('value', 'Disabled'), createObject('value', 'Enabled'))]\"",
            Text(Deployment("key-vault")["properties"]!["parameters"]!["publicNetworkAccess"]));
        Assert.Equal("Enabled", (string?)Vault.Root["parameters"]!["publicNetworkAccess"]!["defaultValue"]);
    }

    [Fact]
    public void With_the_private_network_the_app_joins_a_delegated_subnet_and_routes_everything_through_it()
    {
        var site = Api.ResourcesOfType("Microsoft.Web/sites").Single()["properties"]!;
        Assert.Equal("[if(empty(parameters('virtualNetworkSubnetId')), null(), parameters('virtualNetworkSubnetId'))]", (string?)site["virtualNetworkSubnetId"]);
        Assert.Equal("[not(empty(parameters('virtualNetworkSubnetId')))]", (string?)site["siteConfig"]!["vnetRouteAllEnabled"]);

        var subnets = Network.ResourcesOfType("Microsoft.Network/virtualNetworks").Single()["properties"]!["subnets"]!.AsArray();
        Assert.Equal(["app", "private-endpoints"], subnets.Select(s => (string)s!["name"]!));
        Assert.Equal("[parameters('appSubnetDelegation')]", (string?)subnets[0]!["properties"]!["delegations"]![0]!["properties"]!["serviceName"]);
        // Flex Consumption joins through Microsoft.App/environments, the other plans through Microsoft.Web/serverFarms.
        var delegation = Text(Deployment("private-network")["properties"]!["parameters"]!["appSubnetDelegation"]);
        Assert.Contains("'FlexConsumption'), createObject('value', 'Microsoft.App/environments'), createObject('value', 'Microsoft.Web/serverFarms')", delegation);
    }

    [Fact]
    public void Private_endpoints_cover_blob_queue_and_table_of_both_accounts_and_the_key_vault_with_private_dns_zones_of_the_cloud()
    {
        Assert.Equal(["blob", "queue", "table"], Network.Root["variables"]!["storageServices"]!.AsArray().Select(s => (string)s!));
        var accounts = Text(Deployment("private-network")["properties"]!["parameters"]!["storageAccountIds"]);
        Assert.Contains("'data-storage'", accounts);
        Assert.Contains("'runtime-storage'", accounts);
        Assert.Contains("'key-vault'", Text(Deployment("private-network")["properties"]!["parameters"]!["keyVaultId"]));

        // Zone names from environment(), so Azure China's suffixes are used there.
        var variables = Text(Network.Root["variables"]);
        Assert.Contains("privatelink.{0}.{1}", variables);
        Assert.Contains("environment().suffixes.storage", variables);
        Assert.Contains("replace(environment().suffixes.keyvaultDns, '.vault.', '.vaultcore.')", variables);
        Assert.Contains("'vault'", variables);

        foreach (var type in new[] { "Microsoft.Network/privateDnsZones", "Microsoft.Network/privateDnsZones/virtualNetworkLinks", "Microsoft.Network/privateEndpoints", "Microsoft.Network/privateEndpoints/privateDnsZoneGroups" })
            Assert.Single(Network.ResourcesOfType(type));
        var endpoint = Network.ResourcesOfType("Microsoft.Network/privateEndpoints").Single();
        Assert.Contains("groupId", Text(endpoint["properties"]!["privateLinkServiceConnections"]));
        Assert.Contains("subnets[1]", Text(endpoint["properties"]!["subnet"]));
    }

    [Theory]
    [InlineData("Reminders__LeadWorkingDays", "reminderLeadWorkingDays")]
    [InlineData("Reminders__EscalationThresholds__0", "reminderFirstEscalationWorkingDays")]
    [InlineData("Reminders__EscalationThresholds__1", "reminderSecondEscalationWorkingDays")]
    [InlineData("Applications__FirstReminderWorkingDays", "applicationFirstReminderWorkingDays")]
    [InlineData("Applications__SecondReminderWorkingDays", "applicationSecondReminderWorkingDays")]
    public void A_reminder_setting_is_a_deployment_parameter(string setting, string parameter)
    {
        Assert.Equal($"[string(parameters('{parameter}'))]", (string?)Api.Variable("appSettings")[setting]);
        Assert.Equal($"[parameters('{parameter}')]", (string?)Deployment("api")["properties"]!["parameters"]![parameter]!["value"]);
        Assert.Equal("int", (string?)main.Compiled.Root["parameters"]![parameter]!["type"]);
    }

    [Fact]
    public void The_reminder_parameters_default_to_what_the_app_does_without_them()
    {
        var defaults = new ReminderOptions();
        Assert.Equal(defaults.LeadWorkingDays, Api.DefaultValueOf("reminderLeadWorkingDays")!.GetValue<int>());
        Assert.Equal(ReminderOptions.DefaultEscalationThresholds,
            [Api.DefaultValueOf("reminderFirstEscalationWorkingDays")!.GetValue<int>(), Api.DefaultValueOf("reminderSecondEscalationWorkingDays")!.GetValue<int>()]);
        // The app refuses a negative lead time and a threshold below one at start-up; the template refuses them first.
        Assert.Equal(0, main.Compiled.Root["parameters"]!["reminderLeadWorkingDays"]!["minValue"]!.GetValue<int>());
        Assert.Equal(1, main.Compiled.Root["parameters"]!["reminderFirstEscalationWorkingDays"]!["minValue"]!.GetValue<int>());
        Assert.Equal(1, main.Compiled.Root["parameters"]!["reminderSecondEscalationWorkingDays"]!["minValue"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(nameof(ApplicationOptions.FirstReminderWorkingDays), "applicationFirstReminderWorkingDays", "DISCLOSURE_APPLICATION_FIRST_REMINDER")]
    [InlineData(nameof(ApplicationOptions.SecondReminderWorkingDays), "applicationSecondReminderWorkingDays", "DISCLOSURE_APPLICATION_SECOND_REMINDER")]
    public void An_application_reminder_lead_time_has_the_apps_default_in_the_template_the_sample_and_azd(string option, string parameter, string variable)
    {
        var setting = $"{ApplicationOptions.Section}__{option}";
        var expected = (int)typeof(ApplicationOptions).GetProperty(option)!.GetValue(new ApplicationOptions())!;

        Assert.Equal(expected, Api.DefaultValueOf(parameter)!.GetValue<int>());
        Assert.Equal(expected, main.Compiled.Root["parameters"]![parameter]!["defaultValue"]!.GetValue<int>());
        var sample = JsonNode.Parse(File.ReadAllText(Repository.File("local.settings.sample.json")))!["Values"]!;
        Assert.Equal(expected.ToString(), (string?)sample[setting]);
        var azd = JsonNode.Parse(File.ReadAllText(Repository.File("infra", "main.parameters.json")))!["parameters"]![parameter]!["value"]!;
        Assert.Equal($"${{{variable}={expected}}}", (string?)azd);
        Assert.Contains($"`{variable}`", File.ReadAllText(Repository.File("infra", "README.md")));
    }

    [Fact]
    public void The_application_reminder_parameters_refuse_what_the_app_refuses_at_start_up()
    {
        // The app: first 1..MaxReminderWorkingDays, second 0..first-1 (StartupValidationTests shows it refusing beyond).
        foreach (var template in new[] { main.Compiled, Api })
        {
            var first = template.Root["parameters"]!["applicationFirstReminderWorkingDays"]!;
            Assert.Equal(1, first["minValue"]!.GetValue<int>());
            Assert.Equal(ApplicationOptions.MaxReminderWorkingDays, first["maxValue"]!.GetValue<int>());
            var second = template.Root["parameters"]!["applicationSecondReminderWorkingDays"]!;
            Assert.Equal(0, second["minValue"]!.GetValue<int>());
            Assert.Equal(ApplicationOptions.MaxReminderWorkingDays - 1, second["maxValue"]!.GetValue<int>());
        }
    }
}
