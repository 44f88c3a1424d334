using System.Text.Json;
using Disclosure.LocalHost.Storage;

namespace Disclosure.LocalHost;

/// <summary>
/// Configuration as Core Tools builds it, with the committed sample as the floor: sample defaults, then
/// <c>local.settings.json</c> Values, then environment variables, then explicit overrides.
/// </summary>
public static class LocalSettings
{
    public const string SampleFile = "local.settings.sample.json";
    public const string LocalFile = "local.settings.json";

    public static void Apply(ConfigurationManager configuration, IReadOnlyDictionary<string, string?> overrides)
    {
        var sources = new ConfigurationManager();
        var sample = Path.Combine(AppContext.BaseDirectory, SampleFile);
        if (File.Exists(sample)) sources.AddInMemoryCollection(ReadValues(sample));
        var local = FindLocalSettings();
        if (local is not null) sources.AddInMemoryCollection(ReadValues(local));
        sources.AddEnvironmentVariables();
        sources.AddInMemoryCollection(overrides);
        configuration.AddConfiguration(sources);
    }

    /// <summary>Values use the flat Functions names (<c>Section__Key</c>); configuration keys use ':' as ASP.NET Core does.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ReadValues(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!doc.RootElement.TryGetProperty("Values", out var values)) return [];
        return values.EnumerateObject()
            .Select(p => new KeyValuePair<string, string?>(p.Name.Replace("__", ":"), p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()))
            .ToList();
    }

    private static string? FindLocalSettings()
    {
        var candidates = new List<string> { Path.Combine(Directory.GetCurrentDirectory(), LocalFile) };
        try { candidates.Add(Path.Combine(RepositoryRoot.Find(), LocalFile)); } catch (InvalidOperationException) { }
        return candidates.FirstOrDefault(File.Exists);
    }
}
