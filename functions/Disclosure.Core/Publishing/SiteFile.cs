namespace Disclosure.Publishing;

/// <summary>
/// One file of the static portal as it is to be uploaded to the <c>$web</c> container. <see cref="Path"/> is relative to
/// the site root without a leading slash (<c>search/manifest.json</c>); the caller compares content hashes and uploads
/// only files whose bytes changed, so generators must be deterministic.
/// </summary>
public sealed record SiteFile(string Path, byte[] Content, string ContentType, string CacheControl);
