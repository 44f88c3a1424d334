using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Disclosure.Infra.Tests.Bicep;

namespace Disclosure.Infra.Tests;

[Collection(BicepCollection.Name)]
public class BicepTests(MainTemplate main)
{
    private static readonly string[] PublicCloudHosts =
    [
        "core.windows.net",
        "azurewebsites.net",
        "login.microsoftonline.com",
        "chinacloudapi.cn",
    ];

    [Fact]
    public void Main_template_compiles_with_no_errors_and_no_warnings()
    {
        Assert.True(main.Build.ExitCode == 0, $"bicep build exited {main.Build.ExitCode}:\n{main.Build.StandardError}");
        AssertNoErrorsOrWarnings(main.Build.Diagnostics());
        Assert.StartsWith("{", main.Json.TrimStart());
    }

    [Fact]
    public void Main_template_passes_the_linter_with_no_errors_and_no_warnings()
    {
        Assert.True(main.Lint.ExitCode == 0, $"bicep lint exited {main.Lint.ExitCode}:\n{main.Lint.StandardError}");
        AssertNoErrorsOrWarnings(main.Lint.Diagnostics());
    }

    [Fact]
    public void Linter_rules_are_configured_at_warning_level_and_none_is_switched_off()
    {
        var config = JsonNode.Parse(File.ReadAllText(Repository.File("bicepconfig.json")))!;
        var core = config["analyzers"]!["core"]!;
        Assert.True((bool)core["enabled"]!);

        var rules = core["rules"]!.AsObject();
        foreach (var (name, rule) in rules)
        {
            Assert.True((string?)rule!["level"] == "warning", $"rule {name} is '{rule["level"]}', expected 'warning'");
        }

        string[] essential =
        [
            "no-hardcoded-env-urls", "no-hardcoded-location", "no-unused-params", "no-unused-vars",
            "outputs-should-not-contain-secrets", "secure-secrets-in-params", "use-secure-value-for-secure-inputs",
            "use-resource-symbol-reference", "use-stable-resource-identifiers", "what-if-short-circuiting",
        ];
        Assert.All(essential, name => Assert.True(rules.ContainsKey(name), $"bicepconfig.json does not set {name}"));
    }

    [Fact]
    public void Linter_with_the_repository_configuration_reports_a_hard_coded_storage_host()
    {
        // The zero-warning checks above are only worth something if this configuration does report problems.
        var dir = Directory.CreateTempSubdirectory("bicep-lint-probe-");
        try
        {
            File.Copy(Repository.File("bicepconfig.json"), Path.Combine(dir.FullName, "bicepconfig.json"));
            File.WriteAllText(Path.Combine(dir.FullName, "probe.bicep"), """
                param name string
                output blob string = 'https://${name}.blob.core.windows.net/'
                """);

            var run = BicepCli.Run(dir.FullName, "lint", "probe.bicep");

            Assert.Contains(run.Diagnostics(), d => d is { Level: "Warning", Code: "no-hardcoded-env-urls" });
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("data-storage")]
    [InlineData("runtime-storage")]
    public void Storage_accounts_accept_only_entra_id_over_https_and_tls_1_2(string module)
    {
        var account = main.Compiled.Module(module).ResourcesOfType("Microsoft.Storage/storageAccounts").Single();
        var properties = account["properties"]!;

        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.True(properties["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
    }

    [Fact]
    public void Data_and_site_live_in_an_account_separate_from_the_functions_runtime()
    {
        var data = main.Compiled.Root["resources"]!.AsArray().Single(r => (string?)r!["name"] == "data-storage")!;
        var runtime = main.Compiled.Root["resources"]!.AsArray().Single(r => (string?)r!["name"] == "runtime-storage")!;

        var dataName = (string?)data["properties"]!["parameters"]!["name"]!["value"];
        var runtimeName = (string?)runtime["properties"]!["parameters"]!["name"]!["value"];

        Assert.NotEqual(dataName, runtimeName);
        Assert.Contains("dataStorage", dataName);
        Assert.Contains("runtimeStorage", runtimeName);
    }

    [Fact]
    public void Compiled_template_names_no_cloud_specific_host()
    {
        foreach (var host in PublicCloudHosts)
        {
            Assert.DoesNotContain(host, main.Json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Infrastructure_sources_name_no_cloud_specific_host()
    {
        var sources = Directory.EnumerateFiles(Repository.File("infra"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".bicep") || f.EndsWith(".json") || f.EndsWith(".sh"))
            .Append(Repository.File("azure.yaml"))
            .ToList();
        Assert.NotEmpty(sources);

        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (var host in PublicCloudHosts)
            {
                Assert.False(text.Contains(host, StringComparison.OrdinalIgnoreCase), $"{file} names {host}");
            }
        }
    }

    [Fact]
    public void Function_app_runs_the_dotnet_10_isolated_worker_on_flex_consumption_by_default()
    {
        var parameters = main.Compiled.Root["parameters"]!;
        Assert.Equal("FlexConsumption", (string?)parameters["hostingPlan"]!["defaultValue"]);
        Assert.Equal(
            ["FlexConsumption", "ElasticPremium", "Dedicated"],
            parameters["hostingPlan"]!["allowedValues"]!.AsArray().Select(v => (string)v!));

        var plan = main.Compiled.Module("plan");
        Assert.Equal("FC1", (string?)plan.Variable("skus")["FlexConsumption"]!["name"]);
        Assert.Equal("EP1", (string?)plan.Variable("skus")["ElasticPremium"]!["name"]);

        var api = main.Compiled.Module("api");
        var runtime = api.Variable("flexConsumptionConfig")["runtime"]!;
        Assert.Equal("dotnet-isolated", (string?)runtime["name"]);
        Assert.Equal("10.0", (string?)runtime["version"]);

        var deployment = api.Variable("flexConsumptionConfig")["deployment"]!["storage"]!["authentication"]!;
        Assert.Equal("UserAssignedIdentity", (string?)deployment["type"]);

        // Plans without Flex Consumption get the runtime from linuxFxVersion and the classic host settings.
        var site = api.ResourcesOfType("Microsoft.Web/sites").Single();
        Assert.Contains("'DOTNET-ISOLATED|10.0'", (string?)site["properties"]!["siteConfig"]!["linuxFxVersion"]);
        var classic = api.Root["variables"]!["classicPlanSettings"]!.ToString();
        Assert.Contains("'FUNCTIONS_EXTENSION_VERSION', '~4'", classic);
        Assert.Contains("'FUNCTIONS_WORKER_RUNTIME', 'dotnet-isolated'", classic);
    }

    [Fact]
    public void Function_app_runs_as_a_user_assigned_identity_with_basic_publishing_off()
    {
        var api = main.Compiled.Module("api");
        var site = api.ResourcesOfType("Microsoft.Web/sites").Single();
        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
        Assert.True(site["properties"]!["httpsOnly"]!.GetValue<bool>());

        var policies = api.ResourcesOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False(p["properties"]!["allow"]!.GetValue<bool>()));
    }

    [Fact]
    public void Api_requires_an_entra_id_identity_everywhere_except_the_health_probe_the_portals_search_and_the_publics_applications()
    {
        var auth = main.Compiled.Module("api").ResourcesOfType("Microsoft.Web/sites/config")
            .Single(r => ((string)r["name"]!).Contains("'authsettingsV2'"));
        var validation = auth["properties"]!["globalValidation"]!;

        Assert.True(auth["properties"]!["platform"]!["enabled"]!.GetValue<bool>());
        Assert.True(validation["requireAuthentication"]!.GetValue<bool>());
        Assert.Equal("Return401", (string?)validation["unauthenticatedClientAction"]);
        Assert.Equal(["/api/health", "/api/search", "/api/applications", "/api/applications/*"], validation["excludedPaths"]!.AsArray().Select(p => (string)p!));
    }

    [Fact]
    public void Only_the_tenants_members_sign_in_and_submitting_needs_the_submitter_role()
    {
        var api = main.Compiled.Module("api");
        var provider = api.ResourcesOfType("Microsoft.Web/sites/config")
            .Single(r => ((string)r["name"]!).Contains("'authsettingsV2'"))["properties"]!["identityProviders"]!["azureActiveDirectory"]!;
        // The issuer names this tenant: accounts of other tenants are refused by App Service Authentication.
        Assert.Contains("tenant().tenantId", provider.ToJsonString());
        var settings = api.Variable("appSettings");
        Assert.Equal("[string(parameters('allowGuests'))]", (string?)settings["Identity__AllowGuests"]);
        Assert.False(api.DefaultValueOf("allowGuests")!.GetValue<bool>());
        Assert.Equal("Submitter", (string?)api.DefaultValueOf("submitterRole"));
        Assert.False(main.Compiled.Root["parameters"]!["allowGuests"]!["defaultValue"]!.GetValue<bool>());
    }

    [Fact]
    public void The_form_token_key_is_a_secret_generated_for_the_deployment()
    {
        // Generated unless given (formTokenKey); either way a secret, and since issue 17 one kept in the Key Vault, so the
        // app's module sees its address only (SecretSettingsTests).
        var parameter = main.Compiled.Root["parameters"]!["newFormTokenKey"]!;
        Assert.Equal("securestring", (string?)parameter["type"]);
        Assert.Equal("[newGuid()]", (string?)parameter["defaultValue"]);
        Assert.Equal("securestring", (string?)main.Compiled.Root["parameters"]!["formTokenKey"]!["type"]);
        var api = main.Compiled.Module("api");
        Assert.Equal("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('formTokenKeySecretUri'))]", (string?)api.Variable("appSettings")["FormTokens__Key"]);
    }

    [Fact]
    public void Role_assignments_are_exactly_the_least_privilege_set()
    {
        var rbac = main.Compiled.Module("rbac");
        var granted = rbac.ResourcesOfType("Microsoft.Authorization/roleAssignments")
            .Select(r =>
            {
                var who = ((string)r["properties"]!["principalId"]!).Contains("appIdentityName") ? "app" : "deployer";
                var scope = Regex.Match((string)r["scope"]!, @"parameters\('(\w+)'\)").Groups[1].Value;
                var role = Regex.Match((string)r["properties"]!["roleDefinitionId"]!, @"variables\('roles'\)\.(\w+)")
                    .Groups[1].Value;
                return $"{who} {scope} {role}";
            })
            .Order()
            .ToList();

        Assert.Equal(
            new[]
            {
                "app applicationInsightsName monitoringMetricsPublisher",
                "app dataStorageAccountName storageBlobDataContributor",
                "app dataStorageAccountName storageQueueDataContributor",
                "app dataStorageAccountName storageTableDataContributor",
                "app keyVaultName keyVaultSecretsUser",
                "app languageAccountName cognitiveServicesUser",
                "app runtimeStorageAccountName storageBlobDataOwner",
                "app runtimeStorageAccountName storageTableDataContributor",
                "deployer dataStorageAccountName storageBlobDataContributor",
                "deployer runtimeStorageAccountName storageBlobDataOwner",
            }.Order(),
            granted);
    }

    [Fact]
    public void Role_definition_ids_are_the_built_in_ones_and_written_in_one_place()
    {
        // Built-in role ids as Azure publishes them (identical in every cloud).
        var expected = new Dictionary<string, string>
        {
            ["storageBlobDataOwner"] = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
            ["storageBlobDataContributor"] = "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
            ["storageQueueDataContributor"] = "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
            ["storageTableDataContributor"] = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
            ["monitoringMetricsPublisher"] = "3913510d-42f4-4e42-8a64-420c390055eb",
            ["cognitiveServicesUser"] = "a97b65f3-24c7-4388-baec-2e87135dc908",
            ["keyVaultSecretsUser"] = "4633458b-17de-408a-b874-0445c86b69e6",
        };
        var roles = main.Compiled.Module("rbac").Variable("roles");
        Assert.Equal(expected.Keys.Order(), roles.Select(p => p.Key).Order());
        Assert.All(expected, e => Assert.Equal(e.Value, (string?)roles[e.Key]));

        var guid = new Regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase);
        var filesWithGuids = Directory.EnumerateFiles(Repository.File("infra"), "*.bicep", SearchOption.AllDirectories)
            .Where(f => guid.IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(Repository.Root, f).Replace('\\', '/'));
        Assert.Equal(["infra/app/rbac.bicep"], filesWithGuids);
    }

    [Fact]
    public void Front_door_sends_the_security_headers_and_serves_https_only()
    {
        var frontDoor = main.Compiled.Module("front-door");
        var rule = frontDoor.ResourcesOfType("Microsoft.Cdn/profiles/ruleSets/rules").Single();
        var headers = rule["properties"]!["actions"]!.AsArray()
            .Where(a => (string?)a!["name"] == "ModifyResponseHeader")
            .Select(a => (string)a!["parameters"]!["headerName"]!)
            .Order();
        Assert.Equal(
            new[] { "Content-Security-Policy", "Referrer-Policy", "Strict-Transport-Security", "X-Content-Type-Options" },
            headers);

        var route = frontDoor.ResourcesOfType("Microsoft.Cdn/profiles/afdEndpoints/routes").Single()["properties"]!;
        Assert.Equal("HttpsOnly", (string?)route["forwardingProtocol"]);
        Assert.Equal("Enabled", (string?)route["httpsRedirect"]);
        Assert.NotNull(route["cacheConfiguration"]);

        Assert.False(main.Compiled.Root["parameters"]!["enableFrontDoor"]!["defaultValue"]!.GetValue<bool>());
    }

    [Fact]
    public void Front_door_sends_the_portals_search_to_the_function_app_on_the_same_origin_cached_per_query()
    {
        var search = main.Compiled.Module("front-door-search");
        var deployment = main.Compiled.ResourcesOfType("Microsoft.Resources/deployments").Single(r => (string?)r["name"] == "front-door-search");
        // Only with Front Door, and to the Function App this deployment creates.
        Assert.Contains("enableFrontDoor", (string?)deployment["condition"]);
        var host = (string?)deployment["properties"]!["parameters"]!["functionAppHostName"]!["value"];
        Assert.Contains("'api')", host);
        Assert.Contains(".outputs.defaultHostName.value", host);

        var route = search.ResourcesOfType("Microsoft.Cdn/profiles/afdEndpoints/routes").Single()["properties"]!;
        Assert.Equal(["/api/search"], route["patternsToMatch"]!.AsArray().Select(p => (string)p!));
        Assert.Equal("HttpsOnly", (string?)route["forwardingProtocol"]);
        Assert.Equal("UseQueryString", (string?)route["cacheConfiguration"]!["queryStringCachingBehavior"]);
        Assert.Single(route["ruleSets"]!.AsArray()); // the security headers, as on every page
        var origin = search.ResourcesOfType("Microsoft.Cdn/profiles/originGroups/origins").Single()["properties"]!;
        Assert.Equal("[parameters('functionAppHostName')]", (string?)origin["hostName"]);
        Assert.True(origin["enforceCertificateNameCheck"]!.GetValue<bool>());
        Assert.Equal("/api/health", (string?)search.ResourcesOfType("Microsoft.Cdn/profiles/originGroups").Single()["properties"]!["healthProbeSettings"]!["probePath"]);
    }

    private static void AssertNoErrorsOrWarnings(IReadOnlyList<BicepDiagnostic> diagnostics)
    {
        var problems = diagnostics.Where(d => d.Level is "Error" or "Warning").ToList();
        Assert.True(problems.Count == 0, "bicep reported:\n" + string.Join('\n', problems));
    }
}
