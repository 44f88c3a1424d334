using Disclosure.Catalogue;
using Disclosure.Infra.Tests.Bicep;
using Disclosure.Items;
using Disclosure.Redirects;

namespace Disclosure.Infra.Tests;

/// <summary>
/// The Front Door rule-set document the app generates (<c>GET /api/redirects/rules/front-door-legacy-redirects.json</c>)
/// is what <c>infra/core/cdn/legacy-redirects.json</c> holds: committed there, the templates still build and lint clean
/// and deploy one rule set per 100 redirects, ahead of the security headers on the site's route.
/// </summary>
public class LegacyRedirectInfraTests
{
    [Fact]
    public void The_generated_front_door_document_builds_and_lints_clean_as_the_committed_legacy_redirects()
    {
        var catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
        var redirects = Enumerable.Range(1, RedirectFiles.FrontDoorRulesPerSet + 1).Select(i => new LegacyRedirect(
            new LegacyMapping(LegacyAddress.Parse(i == 1 ? "/content.jsp?id=1" : $"http://old.example.cn/art/{i}.html", "kjj.example.gov.cn", out _)!,
                new IndexNumber(catalogue.Agency.IssuerCode, 2019, i), "管理员", DateTimeOffset.UnixEpoch, "test"),
            $"item{i:D4}")).ToList();
        var dir = Directory.CreateTempSubdirectory("bicep-legacy-redirects-");
        try
        {
            CopyFolder(Repository.File("infra"), Path.Combine(dir.FullName, "infra"));
            File.Copy(Repository.File("bicepconfig.json"), Path.Combine(dir.FullName, "bicepconfig.json"));
            File.WriteAllBytes(Path.Combine(dir.FullName, "infra", "core", "cdn", "legacy-redirects.json"), RedirectFiles.FrontDoorRules(redirects, catalogue));

            var build = BicepCli.Run(dir.FullName, "build", "infra/main.bicep", "--stdout");
            var lint = BicepCli.Run(dir.FullName, "lint", "infra/main.bicep");

            Assert.True(build.ExitCode == 0, build.StandardError);
            Assert.DoesNotContain(build.Diagnostics(), d => d.Level is "Error" or "Warning");
            Assert.DoesNotContain(lint.Diagnostics(), d => d.Level is "Error" or "Warning");
            Assert.Contains("LegacyRedirects1", build.StandardOutput);
            Assert.Contains("LegacyRedirects2", build.StandardOutput);
            Assert.Contains("/items/item0101.html", build.StandardOutput);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_committed_document_is_empty_until_an_agency_commits_its_own()
    {
        var committed = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repository.File("infra", "core", "cdn", "legacy-redirects.json")))!;
        Assert.Empty(committed["ruleSets"]!.AsArray());
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var folder in Directory.GetDirectories(from)) CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
    }
}
