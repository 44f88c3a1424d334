namespace Disclosure.Infra.Tests.Bicep;

public static class Repository
{
    /// <summary>The repository root: the first ancestor of the test output folder that holds azure.yaml.</summary>
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "azure.yaml"))
                && Directory.Exists(Path.Combine(dir.FullName, "infra")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No azure.yaml above {AppContext.BaseDirectory}");
    }
}
