using System.Diagnostics;
using System.Text.Json;

namespace Disclosure.Tests.Shared;

// Linked into every test project that checks HTML: one way to run the real Nu Html Checker.

/// <summary>The Nu Html Checker (vnu.jar from the repository's npm packages, run by Java) over HTML documents.</summary>
public static class NuHtmlChecker
{
    /// <summary>Every error and warning, each prefixed by the document's name; empty when the documents are valid.</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(IReadOnlyDictionary<string, string> documents)
    {
        var vnu = Path.Combine(RepositoryRoot(), "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
        if (!File.Exists(vnu)) throw new InvalidOperationException($"缺少 {vnu}：请在仓库根目录运行 npm ci");
        var dir = Directory.CreateTempSubdirectory("nu-check-");
        try
        {
            foreach (var (name, html) in documents) await File.WriteAllTextAsync(Path.Combine(dir.FullName, name), html);
            var psi = new ProcessStartInfo("java", ["-jar", vnu, "--format", "json", "--stdout", .. documents.Keys.Select(k => Path.Combine(dir.FullName, k))])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var java = Process.Start(psi) ?? throw new InvalidOperationException("java did not start (apt-get install default-jre-headless)");
            var output = java.StandardOutput.ReadToEndAsync();
            var errors = java.StandardError.ReadToEndAsync();
            await java.WaitForExitAsync();
            await errors;
            using var json = JsonDocument.Parse(await output);
            return json.RootElement.GetProperty("messages").EnumerateArray()
                .Where(m => !IsSelfResourceSeenFromFile(m))
                .Select(m => $"{Path.GetFileName(m.GetProperty("url").GetString())}: {m.GetProperty("type").GetString()} {m.GetProperty("message").GetString()}")
                .ToList();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    // The documents are checked as file: URLs, whose origin is opaque, so vnu reports every same-origin stylesheet, script and
    // image as blocked by the pages' Content-Security-Policy 'self'. Served over HTTP they are not; inline styles and
    // scripts the policy blocks are still reported, under a different message.
    private static bool IsSelfResourceSeenFromFile(JsonElement message) =>
        message.GetProperty("type").GetString() == "info"
        && message.GetProperty("message").GetString()!.StartsWith("Resource violates Content Security Policy", StringComparison.Ordinal);

    /// <summary>The checkout's root: the folder with package.json and node_modules.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && Directory.Exists(Path.Combine(dir.FullName, "node_modules")))
                return dir.FullName;
        throw new InvalidOperationException("repository root with node_modules not found (run npm ci)");
    }
}
