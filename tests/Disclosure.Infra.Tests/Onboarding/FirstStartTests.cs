using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Disclosure.Infra.Tests.Bicep;

namespace Disclosure.Infra.Tests.Onboarding;

/// <summary>
/// What a newcomer meets before the first page loads: the Node.js version the README promises, and the restore that
/// the first <c>dotnet run</c> performs. Both are read from the real artefacts (node_modules, the Worker SDK's targets).
/// </summary>
public class FirstStartTests
{
    [Fact]
    public void The_node_version_the_readme_and_package_json_name_is_what_the_installed_packages_require()
    {
        var required = InstalledPackagesNodeMajor();

        var declared = JsonNode.Parse(File.ReadAllText(Repository.File("package.json")))!["engines"]!["node"]!.GetValue<string>();
        Assert.Equal(required, LowestMajor(declared));

        var readme = File.ReadAllText(Repository.File("README.md"));
        var promised = Regex.Matches(readme, @"Node\.js (\d+)\+").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(promised);
        Assert.All(promised, major => Assert.Equal(required, major));
    }

    [Fact]
    public void First_restore_of_the_worker_extensions_prints_no_NU1603_warnings()
    {
        var generated = Directory.GetFiles(Repository.File("functions", "Disclosure.Functions", "obj"), "WorkerExtensions.csproj", SearchOption.AllDirectories);
        Assert.NotEmpty(generated);
        var fresh = Directory.CreateTempSubdirectory("worker-extensions-");
        try
        {
            // A copy in an empty folder restores as on a fresh clone (no obj/project.assets.json to make it a no-op).
            var project = Path.Combine(fresh.FullName, "WorkerExtensions.csproj");
            File.Copy(generated[0], project);
            var (exitCode, output) = Run("dotnet", "msbuild", Repository.File("functions", "Disclosure.Functions", "Disclosure.Functions.csproj"),
                "-t:_WorkerExtensionsRestore", $"-p:ExtensionsCsProj={project}", "-nologo", "-v:m");

            Assert.True(exitCode == 0, output);
            Assert.Contains("Restored", output);
            Assert.DoesNotContain("NU1603", output);
        }
        finally
        {
            fresh.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_readme_names_the_development_identity_as_the_app_defaults_it()
    {
        var readme = File.ReadAllText(Repository.File("README.md"));
        var defaults = new Disclosure.Functions.Http.IdentityOptions();

        Assert.Contains($"| `Identity__DevelopmentUser` | `{defaults.DevelopmentUser}` |", readme);
        Assert.Contains($"| `Identity__DevelopmentDepartment` | `{defaults.DevelopmentDepartment}`", readme);
        Assert.Contains($"| `Identity__DevelopmentRoles` | `{defaults.DevelopmentRoles}` |", readme);
    }

    [Fact]
    public void Every_api_address_the_readme_names_is_a_route_of_the_app()
    {
        var routes = typeof(Disclosure.Functions.DisclosureServices).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.HttpTriggerAttribute), false).OfType<Microsoft.Azure.Functions.Worker.HttpTriggerAttribute>().FirstOrDefault()?.Route)
            .OfType<string>()
            .Select(r => new Regex("^" + Regex.Replace(Regex.Escape(r), @"\\{[^}]+}", "[^/]+") + "$"))
            .ToList();
        var named = Regex.Matches(File.ReadAllText(Repository.File("README.md")), @"/api/([A-Za-z0-9_\-/{}.]+)")
            .Select(m => m.Groups[1].Value.TrimEnd('/', '.')).Distinct().ToList();

        Assert.NotEmpty(named);
        Assert.All(named, path => Assert.True(routes.Any(r => r.IsMatch(path)), $"README names /api/{path}, which no function serves"));
    }

    /// <summary>The highest lowest-major any installed package's <c>engines.node</c> names (e.g. azurite's <c>&gt;=22.0.0</c>).</summary>
    private static int InstalledPackagesNodeMajor()
    {
        var modules = Repository.File("node_modules");
        Assert.True(Directory.Exists(modules), "npm ci first: " + modules);
        var majors = new List<int>();
        foreach (var manifest in Directory.EnumerateDirectories(modules)
                     .SelectMany(d => Path.GetFileName(d).StartsWith('@') ? Directory.EnumerateDirectories(d) : [d])
                     .Select(d => Path.Combine(d, "package.json"))
                     .Where(File.Exists))
        {
            if (JsonNode.Parse(File.ReadAllText(manifest)) is JsonObject package && package["engines"] is JsonObject engines
                && engines["node"] is JsonValue value
                && value.TryGetValue<string>(out var range) && LowestMajor(range) is int major)
            {
                majors.Add(major);
            }
        }

        return majors.Max();
    }

    private static int? LowestMajor(string range)
    {
        var match = Regex.Match(range, @">=\s*v?(\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value) : null;
    }

    private static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
