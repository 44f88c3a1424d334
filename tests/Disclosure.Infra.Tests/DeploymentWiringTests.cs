using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Disclosure.Infra.Tests.Bicep;

namespace Disclosure.Infra.Tests;

/// <summary>azure.yaml, main.parameters.json and the post-provision hook agree with the template they drive.</summary>
[Collection(BicepCollection.Name)]
public class DeploymentWiringTests(MainTemplate main)
{
    private static readonly string AzureYaml = File.ReadAllText(Repository.File("azure.yaml"));
    private static readonly string Hook = File.ReadAllText(Repository.File("infra", "scripts", "postprovision.sh"));

    [Fact]
    public void Azd_deploys_the_function_project_as_a_dotnet_function_service()
    {
        Assert.Matches(new Regex(@"^services:\s*\n  api:\s*\n", RegexOptions.Multiline), AzureYaml);
        Assert.Contains("project: ./functions/Disclosure.Functions", AzureYaml);
        Assert.Contains("language: dotnet", AzureYaml);
        Assert.Contains("host: function", AzureYaml);
        Assert.True(File.Exists(Repository.File("functions", "Disclosure.Functions", "Disclosure.Functions.csproj")));

        // azd finds the app to deploy to by this tag.
        var site = main.Compiled.Module("api").ResourcesOfType("Microsoft.Web/sites").Single();
        Assert.Contains("azd-service-name", site["tags"]!.ToString());
    }

    [Fact]
    public void Every_azd_parameter_is_a_parameter_of_main_bicep()
    {
        var file = JsonNode.Parse(File.ReadAllText(Repository.File("infra", "main.parameters.json")))!;
        var declared = main.Compiled.Root["parameters"]!.AsObject();

        foreach (var (name, _) in file["parameters"]!.AsObject())
        {
            Assert.True(declared.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare");
        }

        Assert.Contains("${AZURE_ENV_NAME}", file["parameters"]!["environmentName"]!["value"]!.ToString());
        Assert.Contains("${AZURE_PRINCIPAL_ID}", file["parameters"]!["principalId"]!["value"]!.ToString());
    }

    [Fact]
    public void Post_provision_hook_is_wired_and_is_valid_bash()
    {
        Assert.Contains("postprovision:", AzureYaml);
        Assert.Contains("bash ./infra/scripts/postprovision.sh", AzureYaml);

        var check = Process.Start(new ProcessStartInfo("bash", ["-n", Repository.File("infra", "scripts", "postprovision.sh")])
        {
            RedirectStandardError = true,
        })!;
        var errors = check.StandardError.ReadToEnd();
        check.WaitForExit();
        Assert.True(check.ExitCode == 0, errors);
    }

    [Fact]
    public void Post_provision_hook_reads_outputs_the_template_declares()
    {
        var outputs = main.Compiled.Root["outputs"]!.AsObject();
        var used = Regex.Matches(Hook, @"\$\{?([A-Z][A-Z0-9_]+)").Select(m => m.Groups[1].Value)
            // bash's own variable, and the subscription azd always sets in a hook's environment.
            .Where(n => n is not ("BASH_SOURCE" or "AZURE_SUBSCRIPTION_ID"))
            .Distinct()
            .ToList();

        Assert.Contains("DATA_STORAGE_ACCOUNT_NAME", used);
        Assert.All(used, name => Assert.True(outputs.ContainsKey(name), $"the hook reads {name}, not an output"));
    }

    [Fact]
    public void Post_provision_hook_writes_blob_storage_with_entra_id_only()
    {
        // With shared keys off, an az storage blob command without --auth-mode login would fall back to a key.
        var commands = Regex.Replace(Hook, @"\\\n\s*", " ").Split('\n')
            .Where(line => line.Contains("az storage blob", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(3, commands.Count);
        Assert.All(commands, c => Assert.Contains("--auth-mode login", c));
        Assert.Contains(commands, c => c.Contains("--static-website") && c.Contains("--index-document index.html")
            && c.Contains("--404-document 404.html"));
    }

    [Theory]
    [InlineData("index.html")]
    [InlineData("404.html")]
    public void Placeholder_page_is_chinese_html(string page)
    {
        var html = File.ReadAllText(Repository.File("infra", "scripts", "placeholder", page));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("<meta charset=\"utf-8\">", html);
    }
}
