namespace Disclosure.LocalHost.Storage;

/// <summary>The checkout's root (the folder with package.json and host.json), found by walking up from where we run.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "host.json")))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (a folder with package.json and host.json) above " + Directory.GetCurrentDirectory());
    }

    public static string NodeModules() => Path.Combine(Find(), "node_modules");
}
