using System.Security.Cryptography;

namespace Disclosure.Publishing;

/// <summary>
/// Content hashes for the publisher's "unchanged pages are not uploaded" rule: the caller keeps the hash of what is in
/// <c>$web</c> (e.g. in blob metadata) and skips a <see cref="SiteFile"/> whose hash is the same. Renderers are
/// deterministic (no clock, no random ids in pages) so an unchanged page hashes the same on every run.
/// </summary>
public static class SiteFileHashing
{
    /// <summary>SHA-256 of the file's bytes as 64 lower-case hex digits.</summary>
    public static string Sha256Hex(this SiteFile file) => Sha256Hex(file.Content);

    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>True when the file's bytes hash to <paramref name="publishedSha256Hex"/> (case-insensitive).</summary>
    public static bool IsUnchanged(this SiteFile file, string? publishedSha256Hex) =>
        publishedSha256Hex is not null && string.Equals(file.Sha256Hex(), publishedSha256Hex, StringComparison.OrdinalIgnoreCase);
}
