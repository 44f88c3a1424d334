using System.Text.Json;
using Disclosure.Items;
using Disclosure.Publishing.Search;

namespace Disclosure.Publishing;

/// <summary>How one blob of the public site is to be stored: headers for static website hosting and its content hash.</summary>
public sealed record SiteBlob(string Path, string ContentType, string CacheControl, string Sha256, string? ContentDisposition = null)
{
    public static SiteBlob Of(SiteFile file) => new(file.Path, file.ContentType, file.CacheControl, file.Sha256Hex());
}

/// <summary>
/// The public site (<c>$web</c>) and the publisher's private bookkeeping beside it: the manifest of what the site
/// shows and the lock that keeps two publications apart. Reads of site files (for the search index
/// writer) come through <see cref="ISiteFileSource"/>.
/// </summary>
public interface ISiteStore : ISiteFileSource
{
    /// <summary>
    /// The manifest the last completed publication wrote, or null before the first one (kept in parts: <see cref="SiteManifestStore"/>).
    /// Not to be changed: it may be the very manifest this host wrote last.
    /// </summary>
    Task<SiteManifest?> ReadManifestAsync(CancellationToken ct);

    /// <summary>
    /// Stores the manifest if it differs from the one stored at its <see cref="SiteManifest.ETag"/> (the parts that changed,
    /// then the root); throws <see cref="SiteManifestConflictException"/> when another publication stored one since. The
    /// manifest is not to be changed afterwards (a read may return it).
    /// </summary>
    Task<StoredSiteManifest> WriteManifestAsync(SiteManifest manifest, CancellationToken ct);

    /// <summary>Writes one blob of the site with its headers; the hash goes into the blob's metadata too.</summary>
    Task PutAsync(SiteBlob blob, Stream content, CancellationToken ct);

    Task DeleteAsync(string path, CancellationToken ct);

    /// <summary>
    /// Takes the publication lock (a blob lease, renewed while held). Null when another publication holds it.
    /// Disposing releases it; a crashed holder's lease runs out by itself.
    /// </summary>
    Task<IAsyncDisposable?> TryLockAsync(CancellationToken ct);
}

/// <summary>What the public site shows, written last by every publication (the site's commit record). Stored in parts (issue 19): see <see cref="SiteManifestStore"/>.</summary>
public sealed record SiteManifest
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    /// <summary>Templates, assets and catalogue settings the pages were rendered with; a change re-renders every page.</summary>
    public string Fingerprint { get; init; } = "";

    /// <summary>Site path (no leading slash) → SHA-256 of the bytes written there.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Item id → what of it is on the site.</summary>
    public IReadOnlyDictionary<string, SiteItemEntry> Items { get; init; } = new Dictionary<string, SiteItemEntry>(StringComparer.Ordinal);

    /// <summary>
    /// Items a run was about to record 已发布 (issue 19; absent in older manifests): written before it records them and
    /// cleared by the manifest it writes last. A run for a change reads only the items 待发布 and 已撤回, so an item that
    /// a run which then stopped had recorded 已发布 is found again through this list.
    /// </summary>
    public List<string> Pending { get; init; } = [];

    /// <summary>
    /// The version of the stored manifest this one was read as (null: none was stored). Its write succeeds only while that
    /// is still the stored one, so of two runs that read the same manifest only one stores its own.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ETag { get; init; }

    /// <summary>
    /// The item ids and file paths whose entries may differ from the manifest stored at <see cref="ETag"/> (null: any may).
    /// The publication that made this manifest from the one it read knows them; its store then regroups only the parts
    /// those fall in instead of the whole catalogue (issue 19). Never stored, and never carried over: a manifest read or
    /// returned as stored has none.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ManifestChanges? Changes { get; init; }
}

/// <summary>Keys of <see cref="SiteManifest.Items"/> and <see cref="SiteManifest.Files"/> set or removed since the manifest read.</summary>
public sealed record ManifestChanges(IReadOnlySet<string> Items, IReadOnlySet<string> Files)
{
    public static ManifestChanges None { get; } = new(new HashSet<string>(), new HashSet<string>());
}

/// <summary>
/// One item as the site shows it: the version (or its 已撤回 notice, or its 公开时限届满 notice when <see cref="Expired"/>),
/// its 发布日期 and its attachment files. <see cref="Expired"/> was added later; manifests without it read as false.
/// <see cref="KeptOut"/> (added for issue 14, absent reads as false): the last run could not render the item or copy its
/// attachments, so the site keeps its old page and no list shows it; every run tries it again until it succeeds.
/// <see cref="ValidityLapsed"/> (issue 15, absent reads as false): the page was rendered after the document's 有效期
/// ended, so it shows 失效; the first run after that day renders it (and its lists) again.
/// <see cref="Shown"/> (issue 19, absent in older manifests): the copy of the item the site shows (the public copy of the
/// version on its page, or what its notice names). With a copy for every entry, a run started for a change takes the
/// unchanged items from here instead of reading every item from the store (see <see cref="SiteDelta"/>).
/// </summary>
public sealed record SiteItemEntry(int Version, bool Withdrawn, DateOnly? PublishedOn, IReadOnlyList<string> Files, bool Expired = false,
    bool KeptOut = false, bool ValidityLapsed = false, DisclosureItem? Shown = null)
{
    /// <summary>A notice stands at the item's address instead of its page.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool OffSite => Withdrawn || Expired;
}

/// <summary>How the publisher's own files (the manifest) are serialized.</summary>
public static class PublicationJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerOptions.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
