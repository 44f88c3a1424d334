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

    /// <summary>Writes the blob whatever is there, and returns its new ETag (a part of that name is refreshed: see the sweep).</summary>
    Task<string> OverwriteAsync(string name, byte[] content, CancellationToken ct);

    /// <summary>
    /// Deletes the blob if it is there and, when <paramref name="ifMatch"/> is given, still at that ETag (a writer may have
    /// written it again since it was listed); true when this call deleted it.
    /// </summary>
    Task<bool> DeleteAsync(string name, string? ifMatch, CancellationToken ct);

    /// <summary>The blobs whose names start with <paramref name="prefix"/>, with their ETags and when they were last written.</summary>
    IAsyncEnumerable<ManifestBlobListing> ListAsync(string prefix, CancellationToken ct);
}

/// <summary>One of the private blobs as listed: name, version token and the time storage last wrote it.</summary>
public sealed record ManifestBlobListing(string Name, string ETag, DateTimeOffset LastModified);

/// <summary>Another publication stored the manifest since this one read it: this run must not win, the next one recomputes.</summary>
public sealed class SiteManifestConflictException(string name)
    : Exception($"The publication manifest blob '{name}' was changed by another publication since it was read.");

/// <summary>
/// The manifest in parts (issue 19), so a run for a change reads and writes a bounded part of it. A small root
/// (<c>manifest.json</c>) names the parts; a part holds the file hashes and the item entries of one section of the site:
/// an item's entry and its page in the part of the item's hash bucket, attachments in the part of the attachment's bucket,
/// a column's pages (its lists and its 目录) in its column's part, a year's 目录 pages in the year's part, every other file
/// in one <c>site</c> part (those grow slowly with the catalogue, if at all).
/// <para>
/// A run told its changes does not write the parts they fall in (one new item touched four or five): it writes one
/// <b>change log</b> (format 3), the entries set or removed since the parts were last written, and the root naming it.
/// One new item thus writes the log and the root (and the root once before, for the <c>pending</c> note), whatever the
/// size of the catalogue. When the log would pass <see cref="LogBytes"/> the run folds it into the parts instead (the
/// parts the logged keys fall in, then a root without a log), so the log a run writes stays bounded and the fold's
/// writes are shared by the many runs that logged.
/// </para>
/// Parts and logs are named by the hash of their content and never change once written, so:
/// <list type="bullet">
/// <item>the root is the one commit: a run that stops before writing it leaves the manifest as it was (its new parts are
/// unreferenced), and it is written with the ETag the run read, so of two runs that read the same manifest only one
/// stores its own (<see cref="SiteManifestConflictException"/> for the other);</item>
/// <item>a part read once is kept in memory for as long as a root names it, so a host reads only the parts that changed
/// since its last run, and a run writes only the parts whose entries changed;</item>
/// <item>the parts the new root no longer names are deleted after it is written (a reader that meets a part deleted
/// under it reads the root again);</item>
/// <item>the parts no root came to name (a run that stopped or lost the race for the root) are deleted by
/// <see cref="SweepAsync"/>, which every run that writes parts does after its root: only those written longer ago than
/// <see cref="SweepGrace"/> and not named by the root it reads after listing them, each only if still at the ETag listed
/// (a run that meets a part of its content already there writes it again, so a part it is about to name is never one
/// the sweep listed).</item>
/// </list>
/// A manifest stored in one file (format 1) is read as it is, and the first write stores it in parts in its place; one of
/// format 2 (parts without a log) is read as it is, and the first write stores a root of format 3.
/// Thread-safe: one instance serves the host; the lock of the publication keeps writers apart.
/// </summary>
/// <param name="itemsPerBucket">Items per hash bucket it aims at (tests make it small to get many parts from few items).</param>
/// <param name="logBytes">The size the change log may reach before it is folded into the parts (0: fold at every write).</param>
/// <param name="time">The clock the sweep measures the parts' age with (storage's times are compared with it).</param>
public sealed class SiteManifestStore(IManifestBlobs blobs, int itemsPerBucket = SiteManifestStore.ItemsPerBucket,
    int logBytes = SiteManifestStore.LogBytes, TimeProvider? time = null)
{
    public const string RootName = "manifest.json";

    /// <summary>The format of the roots this store writes: 2 was the parts alone, 3 adds the change log.</summary>
    public const int PartedFormat = 3;

    /// <summary>Items per hash bucket the store aims at (up to twice as many): a bucket's part stays about this size whatever the catalogue.</summary>
    public const int ItemsPerBucket = 128;

    /// <summary>
    /// The change log's bound: a new item logs its entry with its copy (about 1.1 KB) and the hashes of the pages it
    /// changed, so about 50 new items fold once; a run never writes a log larger than this.
    /// </summary>
    public const int LogBytes = 96 * 1024;

    /// <summary>
    /// How long a part no root names is left alone: far longer than a run takes from writing its parts to writing its root
    /// (the lease of the publication lock is renewed each 20 s; a run takes seconds) and than a reader takes from reading a
    /// root to reading its parts.
    /// </summary>
    public static readonly TimeSpan SweepGrace = TimeSpan.FromHours(1);

    private const string PartPrefix = "manifest/";
    private const string LogKey = "log";

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly object _gate = new();
    private Dictionary<string, SiteManifestPart> _parts = new(StringComparer.Ordinal);
    private (string Name, ManifestLog Log)? _log;
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
            var log = parts is null ? null : await ReadLogAsync(root, ct);
            if ((parts is null || log is null) && attempt < 3) continue; // a part was deleted by a newer root: read that one.
            if (parts is null || log is null) throw new InvalidDataException("The publication manifest names parts that are missing.");
            Remember(stored.ETag, root, parts, log.Value);
            return Assemble(root, parts, log.Value.Log, stored.ETag);
        }
    }

    /// <summary>
    /// Stores the manifest if it differs from the one at its <see cref="SiteManifest.ETag"/>: the change log, or the parts
    /// that changed, then the root; then the parts no longer named are deleted. Returns the manifest as stored (with its new
    /// ETag) and the blobs written (0 when nothing differed).
    /// </summary>
    public async Task<StoredSiteManifest> WriteAsync(SiteManifest manifest, CancellationToken ct)
    {
        var before = await KnownRootAsync(manifest.ETag, ct);
        var buckets = BucketsFor(manifest.Items.Count, before?.Buckets ?? 0, itemsPerBucket);
        var beforeLog = before is null ? null : KnownLog(before);
        if (before is not null && before.Buckets == buckets && manifest.Changes is { } told && beforeLog is { } oldLog)
        {
            if (Logged(before, oldLog.Log, told, manifest) is { } log)
            {
                var bytes = JsonSerializer.SerializeToUtf8Bytes(log, PublicationJson.Options);
                if (bytes.Length <= logBytes) return await WriteLoggedAsync(manifest, before, oldLog, log, bytes, ct);
                // Past its bound: fold every logged key into the parts, with this run's changes.
                manifest = manifest with { Changes = Union(told, log) };
            }
            // A part of a logged key is not in memory: the changes alone would leave the logged entries out of the parts.
            else manifest = manifest with { Changes = null };
        }
        // Without the log in memory the changes alone do not say which parts differ: group everything.
        else if (before?.Log is not null && beforeLog is null) manifest = manifest with { Changes = null };
        return await WritePartsAsync(manifest, before, buckets, ct);
    }

    /// <summary>The log and the root: the parts stay as they are.</summary>
    private async Task<StoredSiteManifest> WriteLoggedAsync(SiteManifest manifest, ManifestRoot before, (string? Name, ManifestLog Log) oldLog,
        ManifestLog log, byte[] bytes, CancellationToken ct)
    {
        var written = 0;
        var logName = log.IsEmpty ? null : oldLog.Log.SameAs(log) ? oldLog.Name : NameOf(LogKey, bytes);
        if (logName is not null && logName != oldLog.Name) written += await WritePartAsync(logName, bytes, ct);
        var root = before with { Format = PartedFormat, Fingerprint = manifest.Fingerprint, Pending = manifest.Pending, Log = logName };
        if (manifest.ETag is not null && written == 0 && before.SameAs(root))
            return new StoredSiteManifest(manifest with { Changes = null }, 0);

        var etag = await blobs.WriteAsync(RootName, JsonSerializer.SerializeToUtf8Bytes(root, PublicationJson.Options), manifest.ETag, ct);
        written++;
        lock (_gate)
        {
            _known = (etag, root);
            _log = (logName ?? "", log);
        }
        if (oldLog.Name is { } replaced && replaced != logName) await blobs.DeleteAsync(replaced, null, ct);
        return new StoredSiteManifest(manifest with { ETag = etag, Changes = null }, written);
    }

    private async Task<StoredSiteManifest> WritePartsAsync(SiteManifest manifest, ManifestRoot? before, int buckets, CancellationToken ct)
    {
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
            var partName = NameOf(key, bytes);
            // Equal entries that compared as changed (a list rebuilt) make the very part the root names: nothing to write.
            if (before?.Parts.GetValueOrDefault(key) != partName) written += await WritePartAsync(partName, bytes, ct);
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
        Remember(etag, root, kept, ("", ManifestLog.Empty));
        // Only now is nothing naming them: a run that stops before this leaves a few unnamed parts behind, no wrong ones
        // (the sweep takes those).
        foreach (var name in before?.Parts.Values.Except(names.Values, StringComparer.Ordinal) ?? [])
            await blobs.DeleteAsync(name, null, ct);
        if (before?.Log is { } log) await blobs.DeleteAsync(log, null, ct);
        if (written > 1) await SweepAsync(ct);
        return new StoredSiteManifest(manifest with { ETag = etag, Changes = null }, written);
    }

    /// <summary>
    /// Writes a part named by its content; 1 when it was written. A part of that name holds these very entries (a stopped
    /// run wrote it): it is written again all the same, so that its ETag and time are new and a sweep that listed it as
    /// unnamed and old leaves it alone (it deletes only at the ETag it listed).
    /// </summary>
    private async Task<int> WritePartAsync(string name, byte[] bytes, CancellationToken ct)
    {
        try
        {
            await blobs.WriteAsync(name, bytes, null, ct);
        }
        catch (SiteManifestConflictException)
        {
            await blobs.OverwriteAsync(name, bytes, ct);
        }
        return 1;
    }

    private static string NameOf(string key, byte[] bytes) => $"{PartPrefix}{key}.{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8))}.json";

    /// <summary>
    /// Deletes the parts and logs no root came to name: listed under <c>manifest/</c>, written longer than
    /// <see cref="SweepGrace"/> ago, not named by the root read after the listing, and still at the ETag listed. Idempotent,
    /// and safe beside other sweeps and runs on other hosts (see the class). Returns the blobs it deleted.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var before = _time.GetUtcNow() - SweepGrace;
        var old = new List<ManifestBlobListing>();
        await foreach (var blob in blobs.ListAsync(PartPrefix, ct))
            if (blob.LastModified < before) old.Add(blob);
        if (old.Count == 0) return 0;
        // Read after listing: a part named since by a root was named by this one, or was written after the listing.
        var stored = await ReadBlobAsync(RootName, ct);
        if (stored is null || !IsParted(stored.Content)) return 0;
        var root = JsonSerializer.Deserialize<ManifestRoot>(stored.Content, PublicationJson.Options)!;
        var named = root.Parts.Values.Append(root.Log).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var deleted = 0;
        foreach (var blob in old)
        {
            if (named.Contains(blob.Name)) continue;
            if (await blobs.DeleteAsync(blob.Name, blob.ETag, ct)) deleted++;
        }
        return deleted;
    }

    /// <summary>
    /// The log after this run: every key logged before or changed now whose entry differs from the one in its part, as the
    /// manifest has it (set) or without it (removed). Null when a part it needs is not in memory.
    /// </summary>
    private ManifestLog? Logged(ManifestRoot before, ManifestLog old, ManifestChanges changes, SiteManifest manifest)
    {
        var log = new ManifestLog();
        foreach (var id in old.Items.Keys.Concat(old.RemovedItems).Concat(changes.Items).Distinct(StringComparer.Ordinal))
        {
            if (!TryPartOf(before, PartOfItem(id, before.Buckets), out var part)) return null;
            var inPart = part is not null && part.Items.TryGetValue(id, out var kept) ? kept : null;
            if (manifest.Items.TryGetValue(id, out var entry))
            {
                if (inPart is null || !(ReferenceEquals(inPart, entry) || inPart == entry)) log.Items[id] = entry;
            }
            else if (inPart is not null) log.RemovedItems.Add(id);
        }
        foreach (var path in old.Files.Keys.Concat(old.RemovedFiles).Concat(changes.Files).Distinct(StringComparer.Ordinal))
        {
            if (!TryPartOf(before, PartOfFile(path, before.Buckets), out var part)) return null;
            var inPart = part is not null && part.Files.TryGetValue(path, out var kept) ? kept : null;
            if (manifest.Files.TryGetValue(path, out var hash))
            {
                if (inPart != hash) log.Files[path] = hash;
            }
            else if (inPart is not null) log.RemovedFiles.Add(path);
        }
        log.RemovedItems.Sort(StringComparer.Ordinal);
        log.RemovedFiles.Sort(StringComparer.Ordinal);
        return log;
    }

    /// <summary>The part as this host holds it (null when the root names none of that key); false when it is not in memory.</summary>
    private bool TryPartOf(ManifestRoot root, string key, out SiteManifestPart? part)
    {
        part = null;
        if (!root.Parts.TryGetValue(key, out var name)) return true;
        part = CachedPart(name);
        return part is not null;
    }

    private static ManifestChanges Union(ManifestChanges changes, ManifestLog log) => new(
        changes.Items.Concat(log.Items.Keys).Concat(log.RemovedItems).ToHashSet(StringComparer.Ordinal),
        changes.Files.Concat(log.Files.Keys).Concat(log.RemovedFiles).ToHashSet(StringComparer.Ordinal));

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

    private static SiteManifest Assemble(ManifestRoot root, IReadOnlyDictionary<string, SiteManifestPart> parts, ManifestLog log, string etag)
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
        // The log last: what the runs since the parts were written set or removed.
        foreach (var (path, hash) in log.Files) manifest.Files[path] = hash;
        foreach (var (id, entry) in log.Items) manifest.Items[id] = entry;
        foreach (var path in log.RemovedFiles) manifest.Files.Remove(path);
        foreach (var id in log.RemovedItems) manifest.Items.Remove(id);
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
        if (await ReadPartsAsync(root, ct) is not { } parts || await ReadLogAsync(root, ct) is not { } log) return null;
        Remember(stored.ETag, root, parts, log);
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

    /// <summary>The root's log, from memory or storage (the empty log when it names none); null when it is missing.</summary>
    private async Task<(string Name, ManifestLog Log)?> ReadLogAsync(ManifestRoot root, CancellationToken ct)
    {
        if (root.Log is null) return ("", ManifestLog.Empty);
        lock (_gate)
        {
            if (_log is { } known && known.Name == root.Log) return known;
        }
        var stored = await ReadBlobAsync(root.Log, ct);
        return stored is null ? null : (root.Log, JsonSerializer.Deserialize<ManifestLog>(stored.Content, PublicationJson.Options)!);
    }

    /// <summary>The log the root names as this host holds it (name null: none); null when it is not in memory.</summary>
    private (string? Name, ManifestLog Log)? KnownLog(ManifestRoot root)
    {
        lock (_gate)
        {
            if (root.Log is null) return (null, ManifestLog.Empty);
            return _log is { } known && known.Name == root.Log ? known : null;
        }
    }

    private SiteManifestPart? CachedPart(string name)
    {
        lock (_gate) return _parts.GetValueOrDefault(name);
    }

    /// <summary>Keeps the parts the root names (and only those) and its log, so the next read or write of this host starts from them.</summary>
    private void Remember(string etag, ManifestRoot root, IReadOnlyDictionary<string, SiteManifestPart> parts, (string Name, ManifestLog Log) log)
    {
        lock (_gate)
        {
            _known = (etag, root);
            _parts = new Dictionary<string, SiteManifestPart>(parts, StringComparer.Ordinal);
            _log = log;
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

    /// <summary>The change log read over the parts (format 3; null: none, as in format 2).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Log { get; init; }

    public bool SameAs(ManifestRoot other) =>
        Format == other.Format && Fingerprint == other.Fingerprint && Buckets == other.Buckets && Log == other.Log
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

/// <summary>
/// The change log (format 3): the entries set or removed since the parts were written, read over them. A key is in it
/// only while its entry differs from its part's.
/// </summary>
internal sealed record ManifestLog
{
    public static ManifestLog Empty { get; } = new();

    public Dictionary<string, string> Files { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, SiteItemEntry> Items { get; init; } = new(StringComparer.Ordinal);
    public List<string> RemovedFiles { get; init; } = [];
    public List<string> RemovedItems { get; init; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Files.Count == 0 && Items.Count == 0 && RemovedFiles.Count == 0 && RemovedItems.Count == 0;

    /// <summary>Holds the same entries (entries compared as <see cref="SiteManifestPart.SameAs"/> does).</summary>
    public bool SameAs(ManifestLog other) =>
        new SiteManifestPart { Files = Files, Items = Items }.SameAs(new SiteManifestPart { Files = other.Files, Items = other.Items })
        && RemovedFiles.SequenceEqual(other.RemovedFiles, StringComparer.Ordinal) && RemovedItems.SequenceEqual(other.RemovedItems, StringComparer.Ordinal);
}
