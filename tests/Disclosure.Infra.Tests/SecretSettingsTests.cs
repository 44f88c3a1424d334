using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Disclosure.Adapters.Language;
using Disclosure.Functions.Http;
using Disclosure.Infra.Tests.Bicep;

namespace Disclosure.Infra.Tests;

/// <summary>
/// Issue 17: every secret the app reads is a Key Vault secret that the app setting only points at. Read from the
/// compiled template: secret settings are references, the Function App's module is never handed a secret, and each
/// secure parameter of main.bicep goes to the Key Vault module and nowhere else.
/// </summary>
[Collection(BicepCollection.Name)]
public partial class SecretSettingsTests(MainTemplate main)
{
    private ArmTemplate Api => main.Compiled.Module("api");
    private ArmTemplate Vault => main.Compiled.Module("key-vault");

    private static string Text(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "";

    private IEnumerable<JsonObject> Deployments => main.Compiled.ResourcesOfType("Microsoft.Resources/deployments");

    [Fact]
    public void Every_secret_setting_of_the_app_is_a_key_vault_reference()
    {
        var secrets = Api.Variable("appSettings").Where(p => SecretSetting.IsSecret(p.Key)).ToList();

        // The classifier must find the secrets the code reads, or the check below would pass on nothing.
        Assert.Contains(secrets, p => p.Key == $"{FormTokenOptions.Section}__{nameof(FormTokenOptions.Key)}");
        Assert.Contains(secrets, p => p.Key == "Smtp__Password");
        var problems = secrets.Select(p => SecretSetting.PlainTextProblem(p.Key, (string?)p.Value)).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_robots_settings_named_after_their_targets_are_key_vault_references_too()
    {
        // webhookSettings builds names at deployment time; each value it writes must be a reference.
        var settings = (string)Api.Root["variables"]!["webhookSettings"]!;
        var written = WebhookSetting().Matches(settings).Select(m => (Name: m.Groups["name"].Value, Value: m.Groups["value"].Value)).ToList();

        Assert.Equal(["Webhooks__Targets__{0}__Url", "Webhooks__Targets__{0}__Secret"], written.Select(w => w.Name));
        Assert.All(written, w => Assert.True(SecretSetting.IsSecret(w.Name), w.Name));
        Assert.All(written, w => Assert.StartsWith("format('@Microsoft.KeyVault(SecretUri={0})', lambdaVariables('target').value.", w.Value));
    }

    [Theory]
    [InlineData("FormTokens__Key", "[parameters('formTokenKey')]")]
    [InlineData("Smtp__Password", "hunter2")]
    [InlineData("Language__Key", "[parameters('languageKey')]")]
    [InlineData("Smtp__Password", "[format('@Microsoft.KeyVault(SecretUri={0})', parameters('smtpPassword'))]")]
    public void A_secret_in_plain_text_is_caught(string name, string value)
    {
        Assert.True(SecretSetting.IsSecret(name));
        Assert.NotNull(SecretSetting.PlainTextProblem(name, value));
    }

    [Theory]
    [InlineData("Smtp__Host")]
    [InlineData("Reminders__LeadWorkingDays")]
    [InlineData("Identity__SubmitterRole")]
    public void An_ordinary_setting_is_not_taken_for_a_secret(string name) => Assert.False(SecretSetting.IsSecret(name));

    [Fact]
    public void The_function_app_module_is_never_handed_a_secret()
    {
        var secure = Api.Root["parameters"]!.AsObject().Where(p => ((string?)p.Value!["type"])!.StartsWith("secure", StringComparison.Ordinal)).Select(p => p.Key).ToList();
        Assert.Empty(secure);
    }

    [Fact]
    public void Every_secure_parameter_of_the_deployment_goes_to_the_key_vault_and_nowhere_else()
    {
        var secure = main.Compiled.Root["parameters"]!.AsObject()
            .Where(p => ((string?)p.Value!["type"])!.StartsWith("secure", StringComparison.Ordinal)).Select(p => p.Key).ToList();
        Assert.Contains("formTokenKey", secure);
        Assert.Contains("smtpPassword", secure);
        Assert.Contains("webhookTargets", secure);
        Assert.Contains("webhookTargetsJson", secure);

        // A variable computed from a secret carries it as well.
        var carriers = secure.Select(p => $"parameters('{p}')").ToList();
        carriers.AddRange(main.Compiled.Root["variables"]!.AsObject()
            .Where(v => carriers.Any(c => Text(v.Value).Contains(c, StringComparison.Ordinal))).Select(v => $"variables('{v.Key}')").ToList());

        foreach (var deployment in Deployments)
        {
            var name = (string)deployment["name"]!;
            // Whether a secret was given (empty(...)) may decide what a module gets; the secret itself may not.
            var passed = Regex.Replace(Text(deployment["properties"]!["parameters"]), @"empty\((parameters|variables)\('[^']+'\)\)", "empty(given)");
            var carried = carriers.Where(c => passed.Contains(c, StringComparison.Ordinal)).ToList();
            if (name == "key-vault") Assert.NotEmpty(carried);
            else Assert.True(carried.Count == 0, $"module {name} is given {string.Join(", ", carried)}");
        }

        var outputs = Text(main.Compiled.Root["outputs"]);
        Assert.DoesNotContain(carriers, c => outputs.Contains(c, StringComparison.Ordinal));
    }

    [Fact]
    public void The_forms_token_key_is_a_vault_secret_of_its_own_for_each_deployment_unless_one_is_given()
    {
        // The vault is always deployed now: every deployment has this secret.
        Assert.Null(Deployments.Single(d => (string?)d["name"] == "key-vault")["condition"]);
        Assert.Equal("[newGuid()]", (string?)main.Compiled.Root["parameters"]!["newFormTokenKey"]!["defaultValue"]);
        Assert.Equal("", (string?)main.Compiled.Root["parameters"]!["formTokenKey"]!["defaultValue"]);
        var given = Text(Deployments.Single(d => (string?)d["name"] == "key-vault")["properties"]!["parameters"]!["formTokenKey"]);
        Assert.Contains("if(not(empty(parameters('formTokenKey'))), createObject('value', parameters('formTokenKey')), createObject('value', parameters('newFormTokenKey')))", given);

        Assert.Equal("securestring", (string?)Vault.Root["parameters"]!["formTokenKey"]!["type"]);
        var secret = Vault.ResourcesOfType("Microsoft.KeyVault/vaults/secrets").Single(r => Text(r["name"]).Contains("formTokenKeySecretName", StringComparison.Ordinal));
        Assert.Equal("[parameters('formTokenKey')]", (string?)secret["properties"]!["value"]);
        Assert.Contains("outputs.formTokenKeySecretUri", Text(Deployments.Single(d => (string?)d["name"] == "api")["properties"]!["parameters"]!["formTokenKeySecretUri"]));
    }

    [Fact]
    public void The_language_service_is_reached_with_the_identity_so_its_key_is_not_deployed()
    {
        Assert.False(Api.Variable("appSettings").ContainsKey($"{LanguageOptions.SectionName}__{nameof(LanguageOptions.Key)}"));
        var account = main.Compiled.Module("language").ResourcesOfType("Microsoft.CognitiveServices/accounts").Single();
        Assert.True(account["properties"]!["disableLocalAuth"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("formTokenKey", "DISCLOSURE_FORM_TOKEN_KEY")]
    [InlineData("webhookTargetsJson", "DISCLOSURE_WEBHOOK_TARGETS")]
    [InlineData("smtpPassword", "DISCLOSURE_SMTP_PASSWORD")]
    public void A_secret_can_be_given_at_azd_provision_and_is_documented(string parameter, string variable)
    {
        var file = JsonNode.Parse(File.ReadAllText(Repository.File("infra", "main.parameters.json")))!;
        Assert.Equal($"${{{variable}}}", (string?)file["parameters"]![parameter]!["value"]);
        Assert.Contains($"`{variable}`", File.ReadAllText(Repository.File("infra", "README.md")));
    }

    [Fact]
    public void Robots_given_to_azd_as_json_text_join_the_robots_given_as_an_object()
    {
        var robots = (string?)main.Compiled.Root["variables"]!["robots"];
        Assert.Equal("[union(parameters('webhookTargets'), if(empty(parameters('webhookTargetsJson')), createObject(), json(parameters('webhookTargetsJson'))))]", robots);
        Assert.Equal("[variables('robots')]", (string?)Deployments.Single(d => (string?)d["name"] == "key-vault")["properties"]!["parameters"]!["webhookTargets"]!["value"]);
    }

    [GeneratedRegex(@"createObject\(format\('(?<name>Webhooks__[^']*)', lambdaVariables\('target'\)\.key\), (?<value>[^,]+, lambdaVariables\('target'\)[.\w]+\))\)")]
    private static partial Regex WebhookSetting();
}

/// <summary>Which settings are secrets, and whether a deployed value is a Key Vault reference to one.</summary>
public static partial class SecretSetting
{
    private static readonly string[] SecretNames = ["Key", "Password", "Secret", "Token", "ConnectionString", "ApiKey"];

    /// <summary>By the last part of the name (<c>FormTokens__Key</c>, <c>Smtp__Password</c>), and robot URLs, which carry their key.</summary>
    public static bool IsSecret(string setting)
    {
        var last = setting.Split("__")[^1];
        return SecretNames.Contains(last, StringComparer.OrdinalIgnoreCase)
            || (setting.StartsWith("Webhooks__", StringComparison.Ordinal) && last == "Url");
    }

    /// <summary>
    /// Null when the value can only be a Key Vault reference (or empty): it formats <c>@Microsoft.KeyVault(SecretUri=…)</c>
    /// and reads no parameter but secret addresses (<c>…SecretUri</c>). Otherwise what is wrong.
    /// </summary>
    public static string? PlainTextProblem(string setting, string? value)
    {
        if (value is null || !value.Contains("@Microsoft.KeyVault(SecretUri=", StringComparison.Ordinal))
            return $"{setting} is deployed as {value}, not as a Key Vault reference";
        var read = Parameters().Matches(value).Select(m => m.Groups[1].Value).Where(p => !p.EndsWith("SecretUri", StringComparison.Ordinal)).ToList();
        return read.Count == 0 ? null : $"{setting} is built from {string.Join(", ", read)}, which is not a secret's address";
    }

    [GeneratedRegex(@"parameters\('([^']+)'\)")]
    private static partial Regex Parameters();
}
