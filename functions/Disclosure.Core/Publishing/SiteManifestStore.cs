using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Disclosure.Publishing;

/// <summary>One of the publisher's private blobs as read: its bytes and the version token (ETag) storage gave it.</summary>
public sealed record ManifestBlob(byte[] Content, string ETag);

/// <summary>
/// The private container in which the manifest's root and parts are kept; the adapters give it (Blob Storage, memory).
/// </summary>
public interface IManifestBlobs
{
    /// <summary>The blob, or null when there is none.</summary>
    Task<ManifestBlob?> ReadAsync(string name, CancellationToken ct);

    /// <summary>
    /// Writes the blob only if it is still at <paramref name="ifMatch"/> (null: only if there is none yet) and returns its
    /// new ETag; otherwise throws <see cref="SiteManifestConflictException"/>.
    /// </summary>
    Task<string> WriteAsync(string name, byte[] content, string? ifMatch, CancellationToken ct);

    Task DeleteAsync(string name, CancellationToken ct);
}

/// <summary>Another publication stored the manifest since this one read it: this run must not win, the next one recomputes.</summary>
public sealed class SiteManifestConflictException(string name)
    : Exception($"The publication manifest blob '{name}' was changed by another publication since it was read.");

/// <summary>
/// The manifest in parts (issue 19), so a run for a change reads and writes a bounded part of it. A small root
/// (<c>manifest.json</c>) names the parts; a part holds the file hashes and the item entries of one section of the site:
/// an item's entry and its page in the part of the item's hash bucket, attachments in the part of the attachment's bucket,
/// a column's pages (its lists and its 目录) in its column's part, a year's 目录 pages in the year's part, every other file
/// in one <c>site</c> part (those grow slowly with the catalogue, if at all).
/// One new item thus writes three or four parts and the root, whatever the size of the catalogue. Parts are named by the hash of
/// their content and never change once written, so:
/// <list type="bullet">
/// <item>the root is the one commit: a run that stops before writing it leaves the manifest as it was (its new parts are
/// unreferenced), and it is written with the ETag the run read, so of two runs that read the same manifest only one
/// stores its own (<see cref="SiteManifestConflictException"/> for the other);</item>
/// <item>a part read once is kept in memory for as long as a root names it, so a host reads only the parts that changed
/// since its last run, and a run writes only the parts whose entries changed;</item>
/// <item>the parts the new root no longer names are deleted after it is written (a reader that meets a part deleted
/// under it reads the root again).</item>
/// </list>
/// A manifest stored in one file (format 1) is read as it is, and the first write stores it in parts in its place.
/// Thread-safe: one instance serves the host; the lock of the publication keeps writers apart.
/// </summary>
/// <param name="itemsPerBucket">Items per hash bucket it aims at (tests make it small to get many parts from few items).</param>
public sealed class SiteManifestStore(IManifestBlobs blobs, int itemsPerBucket = SiteManifestStore.ItemsPerBucket)
{
    public const string RootName = "manifest.json";
    public const int PartedFormat = 2;

    /// <summary>Items per hash bucket the store aims at (up to twice as many): a bucket's part stays about this size whatever the catalogue.</summary>
    public const int ItemsPerBucket = 128;

    private readonly object _gate = new();
    private Dictionary<string, SiteManifestPart> _parts = new(StringComparer.Ordinal);
    private (string ETag, ManifestRoot Root)? _known;

    /// <summary>Blobs read since creation, for the tests and benchmarks that show the reads follow the change.</summary>
    public int BlobsRead { get; private set; }

    public async Task<SiteManifest?> ReadAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await ReadBlobAsync(RootName, ct);
            if (stored is null) return null;
            if (!IsParted(stored.Content))
            {
                // Format 1: one file with everything; the first write stores it in parts.
                var whole = JsonSerializer.Deserialize<SiteManifest>(stored.Content, PublicationJson.Options)!;
                return whole with { ETag = stored.ETag };
            }
            var root = JsonSerializer.Deserialize<ManifestRoot>(stored.Content, PublicationJson.Options)!;
            var parts = await ReadPartsAsync(root, ct);
            if (parts is null && attempt < 3) continue; // a part was deleted by a newer root: read that one.
            if (parts is null) throw new InvalidDataException("The publication manifest names parts that are missing.");
            Remember(stored.ETag, root, parts);
            return Assemble(root, parts, stored.ETag);
        }
    }

    /// <summary>
    /// Stores the manifest if it differs from the one at its <see cref="SiteManifest.ETag"/>: the parts that changed, then
    /// the root; then the parts no longer named are deleted. Returns the manifest as stored (with its new ETag) and the
    /// blobs written (0 when nothing differed).
    /// </summary>
    public async Task<StoredSiteManifest> WriteAsync(SiteManifest manifest, CancellationToken ct)
    {
        var before = await KnownRootAsync(manifest.ETag, ct);
        var buckets = BucketsFor(manifest.Items.Count, before?.Buckets ?? 0, itemsPerBucket);
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var kept = new Dictionary<string, SiteManifestPart>(StringComparer.Ordinal);
        // With the changes known, only the parts they fall in are made again; the others stay as read.
        var grouped = before is not null && before.Buckets == buckets && manifest.Changes is { } changes
            ? Regroup(before, changes, manifest, buckets)
            : null;
        foreach (var (key, name) in grouped is null ? [] : before!.Parts)
        {
            if (grouped!.ContainsKey(key)) continue;
            if (CachedPart(name) is not { } untouched)
            {
                // Another read replaced what this host keeps in memory meanwhile: group everything after all.
                grouped = null;
                names.Clear();
                kept.Clear();
                break;
            }
            names[key] = name;
            kept[name] = untouched;
        }
        grouped ??= Group(manifest, buckets);
        var written = 0;
        foreach (var (key, part) in grouped)
        {
            // A part whose last entry went is not stored (the whole grouping makes none either).
            if (part.Files.Count == 0 && part.Items.Count == 0) continue;
            if (before is not null && before.Buckets == buckets && before.Parts.TryGetValue(key, out var name)
                && CachedPart(name) is { } old && old.SameAs(part))
            {
                names[key] = name;
                kept[name] = old;
                continue;
            }
            var bytes = JsonSerializer.SerializeToUtf8Bytes(part, PublicationJson.Options);
            var partName = $"manifest/{key}.{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8))}.json";
            try
            {
                await blobs.WriteAsync(partName, bytes, null, ct);
                written++;
            }
            catch (SiteManifestConflictException)
            {
                // Named by its content: a part of that name holds these very entries (a stopped run wrote it).
            }
            names[key] = partName;
            kept[partName] = part;
        }
        var root = new ManifestRoot
        {
            Fingerprint = manifest.Fingerprint, Pending = manifest.Pending, Buckets = buckets, Parts = new(names, StringComparer.Ordinal),
        };
        if (before is not null && manifest.ETag is not null && written == 0 && before.SameAs(root))
            return new StoredSiteManifest(manifest with { Changes = null }, 0);

        var etag = await blobs.WriteAsync(RootName, JsonSerializer.SerializeToUtf8Bytes(root, PublicationJson.Options), manifest.ETag, ct);
        written++;
        Remember(etag, root, kept);
        // Only now is nothing naming them: a run that stops before this leaves a few unnamed parts behind, no wrong ones.
        foreach (var name in before?.Parts.Values.Except(names.Values, StringComparer.Ordinal) ?? [])
            await blobs.DeleteAsync(name, ct);
        return new StoredSiteManifest(manifest with { ETag = etag, Changes = null }, written);
    }

    /// <summary>The part an item's entry and its page are kept in, and that of any other site file.</summary>
    public static string PartOfItem(string itemId, int buckets) => "items/" + Bucket(itemId, buckets);

    public static string PartOfFile(string path, int buckets)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return "site";
        var directory = path[..slash];
        var rest = path[(slash + 1)..];
        var next = rest.IndexOf('/', StringComparison.Ordinal);
        return directory switch
        {
            "items" => PartOfItem(Uri.UnescapeDataString(rest.EndsWith(".html", StringComparison.Ordinal) ? rest[..^5] : rest), buckets),
            "files" => "files/" + Bucket(next < 0 ? rest : rest[..next], buckets),
            // A column's pages grow by one per 20 items: its own part, so the others' stay as they are.
            "columns" when next > 0 => "columns/" + rest[..next],
            // The paged 目录 grows by a page per 50 items of a column and of a year: a year's pages have a part of their own,
            // a column's go with the column's list pages (a new item changes both, so that is one part written, not two).
            "catalogue" when next > 0 => IsYear(rest.AsSpan(0, next)) ? "catalogue/" + rest[..next] : "columns/" + rest[..next],
            // The rest changes with nearly every run and does not grow with the catalogue faster than the search index's
            // pages (search files, the 目录 overview, feeds, sitemap parts by month, assets): one part, so a run writes it once.
            _ => "site",
        };
    }

    private static bool IsYear(ReadOnlySpan<char> segment) => segment.Length == 4 && int.TryParse(segment, System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>
    /// Enough buckets for <see cref="ItemsPerBucket"/> items each (a power of two); the count only grows, and when it does
    /// every item part is written again once.
    /// </summary>
    public static int BucketsFor(int items, int current, int itemsPerBucket = ItemsPerBucket)
    {
        var buckets = Math.Max(current, 1);
        while (items > buckets * itemsPerBucket * 2) buckets *= 2;
        return buckets;
    }

    private static string Bucket(string key, int buckets)
    {
        // FNV-1a: stable across processes and versions, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in key) hash = (hash ^ c) * 16777619u;
        return (hash & (uint)(buckets - 1)).ToString("x3", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static SortedDictionary<string, SiteManifestPart> Group(SiteManifest manifest, int buckets)
    {
        var parts = new SortedDictionary<string, SiteManifestPart>(StringComparer.Ordinal);
        SiteManifestPart Part(string key)
        {
            if (!parts.TryGetValue(key, out var part)) parts[key] = part = new SiteManifestPart();
            return part;
        }
        foreach (var (path, hash) in manifest.Files) Part(PartOfFile(path, buckets)).Files[path] = hash;
        foreach (var (id, entry) in manifest.Items) Part(PartOfItem(id, buckets)).Items[id] = entry;
        return parts;
    }

    /// <summary>
    /// The parts the changes fall in, each made from the part as read with the changed keys set or removed as the manifest
    /// has them: what <see cref="Group"/> would make of those parts, without going through the whole catalogue. Null when
    /// a part read is not in memory (then everything is grouped).
    /// </summary>
    private SortedDictionary<string, SiteManifestPart>? Regroup(ManifestRoot before, ManifestChanges changes, SiteManifest manifest, int buckets)
    {
        var touched = new SortedDictionary<string, SiteManifestPart>(StringComparer.Ordinal);
        SiteManifestPart? Part(string key)
        {
            if (touched.TryGetValue(key, out var part)) return part;
            SiteManifestPart? old = null;
            if (before.Parts.TryGetValue(key, out var name) && (old = CachedPart(name)) is null) return null;
            touched[key] = part = old is null
                ? new SiteManifestPart()
                : new SiteManifestPart { Files = new(old.Files, StringComparer.Ordinal), Items = new(old.Items, StringComparer.Ordinal) };
            return part;
        }
        foreach (var id in changes.Items)
        {
            if (Part(PartOfItem(id, buckets)) is not { } part) return null;
            if (manifest.Items.TryGetValue(id, out var entry)) part.Items[id] = entry;
            else part.Items.Remove(id);
        }
        foreach (var path in changes.Files)
        {
            if (Part(PartOfFile(path, buckets)) is not { } part) return null;
            if (manifest.Files.TryGetValue(path, out var hash)) part.Files[path] = hash;
            else part.Files.Remove(path);
        }
        return touched;
    }

    private static SiteManifest Assemble(ManifestRoot root, IReadOnlyDictionary<string, SiteManifestPart> parts, string etag)
    {
        var manifest = new SiteManifest
        {
            Fingerprint = root.Fingerprint, Pending = [.. root.Pending], ETag = etag,
            Files = new(parts.Values.Sum(p => p.Files.Count), StringComparer.Ordinal),
            Items = new(parts.Values.Sum(p => p.Items.Count), StringComparer.Ordinal),
        };
        foreach (var part in parts.Values)
        {
            foreach (var (path, hash) in part.Files) manifest.Files[path] = hash;
            foreach (var (id, entry) in part.Items) manifest.Items[id] = entry;
        }
        return manifest;
    }

    /// <summary>The root at the ETag the manifest was read with, with its parts in memory; null when there was none (or format 1).</summary>
    private async Task<ManifestRoot?> KnownRootAsync(string? etag, CancellationToken ct)
    {
        if (etag is null) return null;
        lock (_gate)
        {
            if (_known is { } known && known.ETag == etag) return known.Root;
        }
        // Read by another instance (or a manifest passed between stores): what is stored now is what to compare with.
        var stored = await ReadBlobAsync(RootName, ct);
        if (stored is null || stored.ETag != etag || !IsParted(stored.Content)) return null;
        var root = JsonSerializer.Deserialize<ManifestRoot>(stored.Content, PublicationJson.Options)!;
        if (await ReadPartsAsync(root, ct) is not { } parts) return null;
        Remember(stored.ETag, root, parts);
        return root;
    }

    private async Task<Dictionary<string, SiteManifestPart>?> ReadPartsAsync(ManifestRoot root, CancellationToken ct)
    {
        var parts = new Dictionary<string, SiteManifestPart>(StringComparer.Ordinal);
        foreach (var name in root.Parts.Values)
        {
            if (CachedPart(name) is { } cached)
            {
                parts[name] = cached;
                continue;
            }
            var stored = await ReadBlobAsync(name, ct);
            if (stored is null) return null;
            parts[name] = JsonSerializer.Deserialize<SiteManifestPart>(stored.Content, PublicationJson.Options)!;
        }
        return parts;
    }

    private SiteManifestPart? CachedPart(string name)
    {
        lock (_gate) return _parts.GetValueOrDefault(name);
    }

    /// <summary>Keeps the parts the root names (and only those), so the next read or write of this host starts from them.</summary>
    private void Remember(string etag, ManifestRoot root, IReadOnlyDictionary<string, SiteManifestPart> parts)
    {
        lock (_gate)
        {
            _known = (etag, root);
            _parts = new Dictionary<string, SiteManifestPart>(parts, StringComparer.Ordinal);
        }
    }

    private async Task<ManifestBlob?> ReadBlobAsync(string name, CancellationToken ct)
    {
        var blob = await blobs.ReadAsync(name, ct);
        lock (_gate) BlobsRead++;
        return blob;
    }

    private static bool IsParted(byte[] content) =>
        JsonNode.Parse(content) is JsonObject root && root.TryGetPropertyValue("parts", out _);
}

/// <summary>The manifest as stored by <see cref="ISiteStore.WriteManifestAsync"/>, and the blobs that took (0: it was stored already).</summary>
public sealed record StoredSiteManifest(SiteManifest Manifest, int BlobsWritten);

/// <summary>The root of the manifest in parts: the fields of <see cref="SiteManifest"/> that are not per file or per item, and the parts.</summary>
internal sealed record ManifestRoot
{
    public int Format { get; init; } = SiteManifestStore.PartedFormat;
    public string Fingerprint { get; init; } = "";
    public List<string> Pending { get; init; } = [];

    /// <summary>Hash buckets of the item parts (a power of two).</summary>
    public int Buckets { get; init; } = 1;

    /// <summary>Part key (<c>items/03a</c>, <c>columns/tzgg</c>, <c>search</c>) → the blob that holds it.</summary>
    public Dictionary<string, string> Parts { get; init; } = new(StringComparer.Ordinal);

    public bool SameAs(ManifestRoot other) =>
        Format == other.Format && Fingerprint == other.Fingerprint && Buckets == other.Buckets
        && Pending.SequenceEqual(other.Pending, StringComparer.Ordinal)
        && Parts.Count == other.Parts.Count && Parts.All(p => other.Parts.TryGetValue(p.Key, out var name) && name == p.Value);
}

/// <summary>One part of the manifest: the file hashes and item entries of one section of the site.</summary>
internal sealed record SiteManifestPart
{
    public Dictionary<string, string> Files { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, SiteItemEntry> Items { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Holds the same entries. An entry the run left as it was is the very object read; one rebuilt compares by value
    /// (record equality, which is conservative: lists compare by reference, so an equal copy may count as changed and
    /// only costs a write).
    /// </summary>
    public bool SameAs(SiteManifestPart other) =>
        Files.Count == other.Files.Count && Items.Count == other.Items.Count
        && Files.All(f => other.Files.TryGetValue(f.Key, out var hash) && hash == f.Value)
        && Items.All(i => other.Items.TryGetValue(i.Key, out var entry) && (ReferenceEquals(entry, i.Value) || entry == i.Value));
}
