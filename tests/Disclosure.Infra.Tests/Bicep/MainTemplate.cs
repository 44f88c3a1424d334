using System.Text.Json.Nodes;

namespace Disclosure.Infra.Tests.Bicep;

/// <summary>infra/main.bicep compiled and linted once for every test in the "Bicep" collection.</summary>
public sealed class MainTemplate
{
    public const string RelativePath = "infra/main.bicep";

    public MainTemplate()
    {
        Build = BicepCli.Run(Repository.Root, "build", RelativePath, "--stdout");
        Lint = BicepCli.Run(Repository.Root, "lint", RelativePath);
        Json = Build.StandardOutput;
        Template = Build.ExitCode == 0 && JsonNode.Parse(Json) is JsonObject root ? new ArmTemplate(root) : null;
    }

    public BicepRun Build { get; }
    public BicepRun Lint { get; }

    /// <summary>The ARM JSON as bicep wrote it.</summary>
    public string Json { get; }

    public ArmTemplate Compiled => Template ?? throw new InvalidOperationException(
        $"bicep build failed ({Build.ExitCode}):\n{Build.StandardError}");

    private ArmTemplate? Template { get; }
}

[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<MainTemplate>
{
    public const string Name = "Bicep";
}
