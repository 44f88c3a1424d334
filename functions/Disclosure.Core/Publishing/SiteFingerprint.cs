using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Disclosure.Catalogue;

namespace Disclosure.Publishing;

/// <summary>Everything pages depend on besides items: when it differs from the manifest's, every page is rendered again.</summary>
internal static class SiteFingerprint
{
    /// <summary>The embedded templates, styles and scripts, and the catalogue settings.</summary>
    public static string Of(PortalRenderer renderer, CatalogueSettings catalogue)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var assembly = typeof(PortalRenderer).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Disclosure.Publishing.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData(copy.ToArray());
        }
        foreach (var asset in renderer.Assets.Files) hash.AppendData(Encoding.UTF8.GetBytes(asset.Path));
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(catalogue, CatalogueLoader.Json));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
