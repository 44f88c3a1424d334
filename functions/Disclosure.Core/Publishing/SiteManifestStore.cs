using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

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
/// The manifest in parts (issue 19), so a run for a change reads and writes a bounded part of it. A part holds the file
/// hashes and the item entries of one section of the site: an item's entry and its page in the part of the item's hash
/// bucket, attachments in the part of the attachment's bucket, a column's pages (its lists and its 目录) in its column's
/// part, a year's 目录 pages in the year's part, every other file in one <c>site</c> part (those grow slowly with the
/// catalogue, if at all). An <b>index</b> names the parts; a small root (<c>manifest.json</c>) names the index and the
/// change logs.
/// <para>
/// A run told its changes does not write the parts they fall in (one new item touched four or five): it writes a
/// <b>change log</b> of its own, the entries it set or removed, and the root, which names the logs in the order they were
/// written (format 4). One new item thus writes its log and the root (and the root once before, for the <c>pending</c>
/// note), and neither grows with the catalogue: the root names the index, not the parts (format 3 named the parts, 535 at
/// 100,000 items, and kept one log of every change since the last fold, so a run wrote both whole).
/// </para>
/// <para>
/// Logs <b>merge in fours</b>: when the three logs before a run's own hold as many runs as it does, the four are written as
/// one (a key set again keeps its last entry only), so a root names a few logs per power of four (about 20 at most) and an
/// entry is written again a few times in all, however many runs logged. Folding the logs into the parts writes every part
/// a logged key falls in, and new items fall in every bucket: that is most of the manifest (about 110 MB of item parts at
/// 100,000 items), so the logs fold only when they pass an eighth of the parts' size (<see cref="FoldFraction"/>; and at
/// least <see cref="LogBytes"/>): the fold's cost is shared by thousands of runs, not by the thirty a fixed bound allowed.
/// </para>
/// Parts, indexes and logs are named by the hash of their content and never change once written, so:
/// <list type="bullet">
/// <item>the root is the one commit: a run that stops before writing it leaves the manifest as it was (its new blobs are
/// unreferenced), and it is written with the ETag the run read, so of two runs that read the same manifest only one
/// stores its own (<see cref="SiteManifestConflictException"/> for the other);</item>
/// <item>a blob read once is kept in memory for as long as a root names it, so a host reads only what changed since its
/// last run (another host's logs), and a run writes only the parts whose entries changed;</item>
/// <item>the parts, index and logs the new root no longer names are deleted after it is written (a reader that meets one
/// deleted under it reads the root again);</item>
/// <item>the blobs no root came to name (a run that stopped or lost the race for the root) are deleted by
/// <see cref="SweepAsync"/>, which every run that writes parts does after its root: only those written longer ago than
/// <see cref="SweepGrace"/> and not named by the root it reads after listing them, each only if still at the ETag listed
/// (a run that meets a blob of its content already there writes it again, so a blob it is about to name is never one
/// the sweep listed).</item>
/// </list>
/// A manifest stored in one file (format 1) is read as it is, and the first write stores it in parts in its place; roots of
/// format 2 (parts named in the root, no log) and 3 (and one log) are read as they are, and the first write stores the
/// parts' index and a root of format 4.
/// Thread-safe: one instance serves the host; the lock of the publication keeps writers apart.
/// </summary>
/// <param name="itemsPerBucket">Items per hash bucket it aims at (tests make it small to get many parts from few items).</param>
/// <param name="logBytes">The size the change logs may always reach together before they are folded into the parts (they may reach an eighth of the parts' size if that is more; 0: fold at every write that changes an entry).</param>
/// <param name="time">The clock the sweep measures the blobs' age with (storage's times are compared with it).</param>
public sealed class SiteManifestStore(IManifestBlobs blobs, int itemsPerBucket = SiteManifestStore.ItemsPerBucket,
    int logBytes = SiteManifestStore.LogBytes, TimeProvider? time = null)
{
    public const string RootName = "manifest.json";

    /// <summary>
    /// The format of the roots this store writes: 2 named the parts, 3 added one change log, 4 names an index of the parts
    /// and a change log per run.
    /// </summary>
    public const int PartedFormat = 4;

    /// <summary>
    /// How paths are grouped into parts (<see cref="PartOfFile"/>): 2 gives the search index's folders parts of their own.
    /// A root grouped otherwise is grouped again whole at its next write, as when the buckets double.
    /// </summary>
    public const int PartsGrouping = 2;

    /// <summary>Items per hash bucket the store aims at (up to twice as many): a bucket's part stays about this size whatever the catalogue.</summary>
    public const int ItemsPerBucket = 128;

    /// <summary>
    /// The size the change logs may reach together before they fold into the parts, whatever the manifest's size: a new item
    /// logs its entry with its copy (about 1.1 KB) and the hashes of the pages it changed.
    /// </summary>
    public const int LogBytes = 96 * 1024;

    /// <summary>The logs fold into the parts when they pass this fraction of the parts' size (and <see cref="LogBytes"/>).</summary>
    public const int FoldFraction = 8;

    /// <summary>How many logs of as many runs each merge into one.</summary>
    public const int MergeWidth = 4;

    /// <summary>
    /// How long a blob no root names is left alone: far longer than a run takes from writing its parts to writing its root
    /// (the lease of the publication lock is renewed each 20 s; a run takes seconds) and than a reader takes from reading a
    /// root to reading what it names.
    /// </summary>
    public static readonly TimeSpan SweepGrace = TimeSpan.FromHours(1);

    private const string PartPrefix = "manifest/";
    private const string LogKey = "log";
    private const string IndexKey = "index";

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly object _gate = new();
    private Dictionary<string, SiteManifestPart> _parts = new(StringComparer.Ordinal);
    private Dictionary<string, StoredLog> _logs = new(StringComparer.Ordinal);
    private (string ETag, ManifestRoot Root, ManifestContents Contents)? _known;
    // The manifest this store last wrote, at the root's ETag it got: what a read of that root would assemble.
    private (string ETag, SiteManifest Manifest)? _written;

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
            // The root this store wrote last: the manifest it wrote is what assembling the parts would give (issue 19: at
            // 100,000 items assembling them was a tenth of a run for a change).
            lock (_gate)
            {
                if (_written is { } written && written.ETag == stored.ETag) return written.Manifest;
            }
            var root = JsonSerializer.Deserialize<ManifestRoot>(stored.Content, PublicationJson.Options)!;
            var contents = await ReadContentsAsync(root, ct);
            if (contents is null && attempt < 3) continue; // a blob was deleted by a newer root: read that one.
            if (contents is null) throw new InvalidDataException("The publication manifest names parts that are missing.");
            Remember(stored.ETag, root, contents);
            return Assemble(root, contents, stored.ETag);
        }
    }

    /// <summary>
    /// Stores the manifest if it differs from the one at its <see cref="SiteManifest.ETag"/>: a change log, or the parts
    /// that changed and their index, then the root; then what the root no longer names is deleted. Returns the manifest as
    /// stored (with its new ETag) and the blobs written (0 when nothing differed).
    /// </summary>
    public async Task<StoredSiteManifest> WriteAsync(SiteManifest manifest, CancellationToken ct)
    {
        var before = await KnownAsync(manifest.ETag, ct);
        var buckets = BucketsFor(manifest.Items.Count, before?.Root.Buckets ?? 0, itemsPerBucket);
        if (before is { } known && GroupedAlike(known.Root, buckets) && manifest.Changes is { } told)
        {
            var log = NewLog(known.Contents, told, manifest, buckets);
            if (log.IsEmpty) return await WriteLoggedAsync(manifest, known.Root, known.Contents, known.Contents.Logs, ct);
            var logs = Merged(known.Contents.Logs, log);
            if (logBytes > 0 && logs.Sum(l => (long)l.Bytes) <= Math.Max(logBytes, known.Contents.PartBytes / FoldFraction))
                return await WriteLoggedAsync(manifest, known.Root, known.Contents, logs, ct);
            // Past the bound: every logged key goes into the parts with this run's changes.
            manifest = manifest with { Changes = Union(told, known.Contents.Logs) };
        }
        return await WritePartsAsync(manifest, before, buckets, ct);
    }

    /// <summary>
    /// The logs after this run's (its own, or the merge that took it), and the root naming them: the parts stay as they are.
    /// The logs merged away are deleted once the root no longer names them.
    /// </summary>
    private async Task<StoredSiteManifest> WriteLoggedAsync(SiteManifest manifest, ManifestRoot before, ManifestContents contents,
        IReadOnlyList<StoredLog> logs, CancellationToken ct)
    {
        var written = 0;
        if (logs.Count > 0 && logs[^1] is { Content: { } content } newest) written += await WritePartAsync(newest.Name, content, ct);
        var root = before with { Fingerprint = manifest.Fingerprint, Pending = manifest.Pending, Logs = [.. logs.Select(l => l.Name)] };
        if (written == 0 && before.SameAs(root)) return new StoredSiteManifest(manifest with { Changes = null }, 0);

        var etag = await blobs.WriteAsync(RootName, JsonSerializer.SerializeToUtf8Bytes(root, PublicationJson.Options), manifest.ETag, ct);
        Remember(etag, root, contents with { Logs = [.. logs.Select(l => l with { Content = null })] });
        RememberWritten(etag, manifest);
        var merged = false;
        foreach (var gone in contents.Logs.Select(l => l.Name).Except(root.LogNames, StringComparer.Ordinal))
        {
            await blobs.DeleteAsync(gone, null, ct);
            merged = true;
        }
        // Folds are rare: the blobs of stopped runs are swept when logs merge (every fourth run) too.
        if (merged) await SweepAsync(ct);
        return new StoredSiteManifest(manifest with { ETag = etag, Changes = null }, written + 1);
    }

    /// <summary>
    /// The logs with this run's log last: merged with the three before it when they hold as many runs each, and again while
    /// that holds (1, 4, 16, … runs), so the root names a few logs per power of four. The last log is not yet written: its
    /// bytes are in <see cref="StoredLog.Content"/>.
    /// </summary>
    private static List<StoredLog> Merged(IReadOnlyList<StoredLog> before, ManifestLog log)
    {
        var logs = before.ToList();
        while (logs.Count >= MergeWidth - 1 && logs.TakeLast(MergeWidth - 1).All(l => l.Log.Runs == log.Runs))
        {
            log = ManifestLog.Merge([.. logs.TakeLast(MergeWidth - 1).Select(l => l.Log), log]);
            logs.RemoveRange(logs.Count - (MergeWidth - 1), MergeWidth - 1);
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(log, PublicationJson.Options);
        logs.Add(new StoredLog(NameOf(LogKey, bytes), log, bytes.Length) { Content = bytes });
        return logs;
    }

    private async Task<StoredSiteManifest> WritePartsAsync(SiteManifest manifest, (ManifestRoot Root, ManifestContents Contents)? before,
        int buckets, CancellationToken ct)
    {
        var sameGrouping = before is { } read && GroupedAlike(read.Root, buckets);
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var kept = new Dictionary<string, SiteManifestPart>(StringComparer.Ordinal);
        // With the changes known, only the parts they fall in are made again; the others stay as read.
        var grouped = sameGrouping && manifest.Changes is { } changes ? Regroup(before!.Value.Contents, changes, manifest, buckets) : null;
        if (grouped is not null)
        {
            foreach (var (key, name) in before!.Value.Contents.PartNames)
            {
                if (grouped.ContainsKey(key)) continue;
                names[key] = name;
                kept[name] = before.Value.Contents.Parts[name];
            }
        }
        grouped ??= Group(manifest, buckets);
        var written = 0;
        foreach (var (key, part) in grouped)
        {
            // A part whose last entry went is not stored (the whole grouping makes none either).
            if (part.Files.Count == 0 && part.Items.Count == 0) continue;
            var oldName = sameGrouping ? before!.Value.Contents.PartNames.GetValueOrDefault(key) : null;
            if (oldName is not null && before!.Value.Contents.Parts[oldName] is var old && old.SameAs(part))
            {
                names[key] = oldName;
                kept[oldName] = old;
                continue;
            }
            var bytes = JsonSerializer.SerializeToUtf8Bytes(part, PublicationJson.Options);
            var partName = NameOf(key, bytes);
            // Equal entries that compared as changed (a list rebuilt) make the very part the index names: nothing to write.
            if (oldName != partName) written += await WritePartAsync(partName, bytes, ct);
            names[key] = partName;
            kept[partName] = part with { Bytes = bytes.Length };
        }
        var index = new ManifestIndex { Parts = new(names, StringComparer.Ordinal) };
        var indexBytes = JsonSerializer.SerializeToUtf8Bytes(index, PublicationJson.Options);
        var indexName = NameOf(IndexKey, indexBytes);
        if (before?.Contents.IndexName != indexName) written += await WritePartAsync(indexName, indexBytes, ct);
        var root = new ManifestRoot
        {
            Fingerprint = manifest.Fingerprint, Pending = manifest.Pending, Buckets = buckets, Grouping = PartsGrouping, Index = indexName, Logs = [],
        };
        if (before is { } same && written == 0 && same.Root.SameAs(root)) return new StoredSiteManifest(manifest with { Changes = null }, 0);

        var etag = await blobs.WriteAsync(RootName, JsonSerializer.SerializeToUtf8Bytes(root, PublicationJson.Options), manifest.ETag, ct);
        written++;
        Remember(etag, root, new ManifestContents(indexName, index.Parts, kept, []));
        RememberWritten(etag, manifest);
        // Only now is nothing naming them: a run that stops before this leaves a few unnamed blobs behind, no wrong ones
        // (the sweep takes those).
        if (before is { Contents: var replaced })
        {
            var gone = replaced.PartNames.Values.Except(names.Values, StringComparer.Ordinal)
                .Concat(replaced.Logs.Select(l => l.Name))
                .Append(replaced.IndexName is { } oldIndex && oldIndex != indexName ? oldIndex : null);
            foreach (var name in gone.OfType<string>().Distinct(StringComparer.Ordinal)) await blobs.DeleteAsync(name, null, ct);
        }
        if (written > 1) await SweepAsync(ct);
        return new StoredSiteManifest(manifest with { ETag = etag, Changes = null }, written);
    }

    /// <summary>
    /// Writes a blob named by its content; 1 when it was written. A blob of that name holds these very entries (a stopped
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

    /// <summary>Whether the root's parts are grouped as this store groups them with that many buckets (else everything is grouped again).</summary>
    private static bool GroupedAlike(ManifestRoot root, int buckets) => root.Buckets == buckets && root.Grouping == PartsGrouping;

    private static string NameOf(string key, byte[] bytes) => $"{PartPrefix}{key}.{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8))}.json";

    /// <summary>
    /// Deletes the parts, indexes and logs no root came to name: listed under <c>manifest/</c>, written longer than
    /// <see cref="SweepGrace"/> ago, not named by the root read after the listing (nor by its index), and still at the ETag
    /// listed. Idempotent, and safe beside other sweeps and runs on other hosts (see the class). Returns the blobs it deleted.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var before = _time.GetUtcNow() - SweepGrace;
        var old = new List<ManifestBlobListing>();
        await foreach (var blob in blobs.ListAsync(PartPrefix, ct))
            if (blob.LastModified < before) old.Add(blob);
        if (old.Count == 0) return 0;
        // Read after listing: a blob named since by a root was named by this one, or was written after the listing.
        var stored = await ReadBlobAsync(RootName, ct);
        if (stored is null || !IsParted(stored.Content)) return 0;
        var root = JsonSerializer.Deserialize<ManifestRoot>(stored.Content, PublicationJson.Options)!;
        // Its index was replaced by a newer root since: the next sweep reads that one.
        if (await PartNamesAsync(root, ct) is not { } parts) return 0;
        var named = parts.Values.Concat(root.LogNames).Append(root.Index).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var deleted = 0;
        foreach (var blob in old)
        {
            if (named.Contains(blob.Name)) continue;
            if (await blobs.DeleteAsync(blob.Name, blob.ETag, ct)) deleted++;
        }
        return deleted;
    }

    /// <summary>
    /// This run's log: every key it changed whose entry differs from the one the manifest held before (its part's, or the
    /// last log's that set or removed it), as the manifest now has it (set) or without it (removed).
    /// </summary>
    private static ManifestLog NewLog(ManifestContents before, ManifestChanges changes, SiteManifest manifest, int buckets)
    {
        var log = new ManifestLog();
        foreach (var id in changes.Items)
        {
            var was = before.CurrentItem(id, buckets);
            if (manifest.Items.TryGetValue(id, out var entry))
            {
                if (was is null || !(ReferenceEquals(was, entry) || was == entry)) log.Items[id] = entry;
            }
            else if (was is not null) log.RemovedItems.Add(id);
        }
        foreach (var path in changes.Files)
        {
            var was = before.CurrentFile(path, buckets);
            if (manifest.Files.TryGetValue(path, out var hash))
            {
                if (was != hash) log.Files[path] = hash;
            }
            else if (was is not null) log.RemovedFiles.Add(path);
        }
        log.RemovedItems.Sort(StringComparer.Ordinal);
        log.RemovedFiles.Sort(StringComparer.Ordinal);
        return log;
    }

    private static ManifestChanges Union(ManifestChanges changes, IEnumerable<StoredLog> logs)
    {
        var items = new HashSet<string>(changes.Items, StringComparer.Ordinal);
        var files = new HashSet<string>(changes.Files, StringComparer.Ordinal);
        foreach (var (_, log, _) in logs)
        {
            items.UnionWith(log.Items.Keys);
            items.UnionWith(log.RemovedItems);
            files.UnionWith(log.Files.Keys);
            files.UnionWith(log.RemovedFiles);
        }
        return new ManifestChanges(items, files);
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
            "search" when next > 0 => PartOfSearchFile(rest[..next], rest[(next + 1)..]),
            // The rest changes with nearly every run and grows with the catalogue slowly if at all (the 目录 overview, feeds,
            // sitemap parts by month, assets, the search index's manifest): one part, so a run writes it once.
            _ => "site",
        };
    }

    /// <summary>
    /// The search index has about one file per item (positions in blocks per shard, meta pages): in the site part they made
    /// it 9.6 MB at 100,000 items, written at every fold. Its folders have parts of their own, the large ones in groups
    /// (positions by the first two hex digits of the shard: 64 groups; item id buckets by the first hex digit: 16; numbered
    /// pages by 64), so a fold writes the few the logged runs touched (the levels, the newest meta pages, the id buckets of
    /// the items they changed) and a main merge the groups it rewrote.
    /// </summary>
    private static string PartOfSearchFile(string folder, string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 2) return $"search/{folder}/{name[..2]}";
        if (folder == "id-buckets") return $"search/{folder}/{name[..1]}";
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return int.TryParse(dot < 0 ? name : name[..dot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page)
            ? $"search/{folder}/{page / 64}"
            : $"search/{folder}";
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
    /// has them: what <see cref="Group"/> would make of those parts, without going through the whole catalogue.
    /// </summary>
    private static SortedDictionary<string, SiteManifestPart> Regroup(ManifestContents before, ManifestChanges changes, SiteManifest manifest, int buckets)
    {
        var touched = new SortedDictionary<string, SiteManifestPart>(StringComparer.Ordinal);
        SiteManifestPart Part(string key)
        {
            if (touched.TryGetValue(key, out var part)) return part;
            touched[key] = part = before.Part(key) is { } old
                ? new SiteManifestPart { Files = new(old.Files, StringComparer.Ordinal), Items = new(old.Items, StringComparer.Ordinal) }
                : new SiteManifestPart();
            return part;
        }
        foreach (var id in changes.Items)
        {
            var part = Part(PartOfItem(id, buckets));
            if (manifest.Items.TryGetValue(id, out var entry)) part.Items[id] = entry;
            else part.Items.Remove(id);
        }
        foreach (var path in changes.Files)
        {
            var part = Part(PartOfFile(path, buckets));
            if (manifest.Files.TryGetValue(path, out var hash)) part.Files[path] = hash;
            else part.Files.Remove(path);
        }
        return touched;
    }

    private static SiteManifest Assemble(ManifestRoot root, ManifestContents contents, string etag)
    {
        var parts = contents.Parts.Values;
        var files = new Dictionary<string, string>(parts.Sum(p => p.Files.Count), StringComparer.Ordinal);
        var items = new Dictionary<string, SiteItemEntry>(parts.Sum(p => p.Items.Count), StringComparer.Ordinal);
        foreach (var part in parts)
        {
            foreach (var (path, hash) in part.Files) files[path] = hash;
            foreach (var (id, entry) in part.Items) items[id] = entry;
        }
        // The logs last, in the order they were written: what the runs since the parts were written set or removed.
        foreach (var (_, log, _) in contents.Logs)
        {
            foreach (var (path, hash) in log.Files) files[path] = hash;
            foreach (var (id, entry) in log.Items) items[id] = entry;
            foreach (var path in log.RemovedFiles) files.Remove(path);
            foreach (var id in log.RemovedItems) items.Remove(id);
        }
        return new SiteManifest { Fingerprint = root.Fingerprint, Pending = [.. root.Pending], ETag = etag, Files = files, Items = items };
    }

    /// <summary>The root at the ETag the manifest was read with, with what it names in memory; null when there was none (or format 1).</summary>
    private async Task<(ManifestRoot Root, ManifestContents Contents)?> KnownAsync(string? etag, CancellationToken ct)
    {
        if (etag is null) return null;
        lock (_gate)
        {
            if (_known is { } known && known.ETag == etag) return (known.Root, known.Contents);
        }
        // Read by another instance (or a manifest passed between stores): what is stored now is what to compare with.
        var stored = await ReadBlobAsync(RootName, ct);
        if (stored is null || stored.ETag != etag || !IsParted(stored.Content)) return null;
        var root = JsonSerializer.Deserialize<ManifestRoot>(stored.Content, PublicationJson.Options)!;
        if (await ReadContentsAsync(root, ct) is not { } contents) return null;
        Remember(stored.ETag, root, contents);
        return (root, contents);
    }

    /// <summary>The parts and logs the root names, from memory or storage; null when one is missing (a newer root deleted it).</summary>
    private async Task<ManifestContents?> ReadContentsAsync(ManifestRoot root, CancellationToken ct)
    {
        if (await PartNamesAsync(root, ct) is not { } names) return null;
        var parts = new Dictionary<string, SiteManifestPart>(names.Count, StringComparer.Ordinal);
        foreach (var name in names.Values)
        {
            if (CachedPart(name) is { } cached)
            {
                parts[name] = cached;
                continue;
            }
            var stored = await ReadBlobAsync(name, ct);
            if (stored is null) return null;
            parts[name] = JsonSerializer.Deserialize<SiteManifestPart>(stored.Content, PublicationJson.Options)! with { Bytes = stored.Content.Length };
        }
        var logs = new List<StoredLog>(root.LogNames.Count);
        foreach (var name in root.LogNames)
        {
            StoredLog? log;
            lock (_gate) log = _logs.GetValueOrDefault(name);
            if (log is null)
            {
                var stored = await ReadBlobAsync(name, ct);
                if (stored is null) return null;
                log = new StoredLog(name, JsonSerializer.Deserialize<ManifestLog>(stored.Content, PublicationJson.Options)!, stored.Content.Length);
            }
            logs.Add(log);
        }
        return new ManifestContents(root.Index, names, parts, logs);
    }

    /// <summary>The parts the root names: in its index (format 4, from memory when known) or in itself; null when the index is missing.</summary>
    private async Task<IReadOnlyDictionary<string, string>?> PartNamesAsync(ManifestRoot root, CancellationToken ct)
    {
        if (root.Index is null) return root.Parts ?? new Dictionary<string, string>(StringComparer.Ordinal);
        lock (_gate)
        {
            if (_known is { } known && known.Contents.IndexName == root.Index) return known.Contents.PartNames;
        }
        var stored = await ReadBlobAsync(root.Index, ct);
        return stored is null ? null : JsonSerializer.Deserialize<ManifestIndex>(stored.Content, PublicationJson.Options)!.Parts;
    }

    private SiteManifestPart? CachedPart(string name)
    {
        lock (_gate) return _parts.GetValueOrDefault(name);
    }

    /// <summary>Keeps what the root names (and only that), so the next read or write of this host starts from it.</summary>
    private void Remember(string etag, ManifestRoot root, ManifestContents contents)
    {
        lock (_gate)
        {
            _known = (etag, root, contents);
            _parts = new Dictionary<string, SiteManifestPart>(contents.Parts, StringComparer.Ordinal);
            _logs = contents.Logs.DistinctBy(l => l.Name, StringComparer.Ordinal).ToDictionary(l => l.Name, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Keeps the manifest written: a read of the root at <paramref name="etag"/> returns it as it is, not a copy (copying
    /// 100,000 entries costs about what assembling them does). So a manifest given to <see cref="WriteAsync"/> or returned
    /// by <see cref="ReadAsync"/> is not changed afterwards: a publication makes its next manifest in dictionaries of its own.
    /// </summary>
    private void RememberWritten(string etag, SiteManifest manifest)
    {
        lock (_gate) _written = (etag, manifest with { ETag = etag, Changes = null });
    }

    private async Task<ManifestBlob?> ReadBlobAsync(string name, CancellationToken ct)
    {
        var blob = await blobs.ReadAsync(name, ct);
        lock (_gate) BlobsRead++;
        return blob;
    }

    private static bool IsParted(byte[] content) =>
        JsonNode.Parse(content) is JsonObject root && (root.ContainsKey("index") || root.ContainsKey("parts"));
}

/// <summary>The manifest as stored by <see cref="ISiteStore.WriteManifestAsync"/>, and the blobs that took (0: it was stored already).</summary>
public sealed record StoredSiteManifest(SiteManifest Manifest, int BlobsWritten);

/// <summary>
/// The root of the manifest in parts: the fields of <see cref="SiteManifest"/> that are not per file or per item, the
/// index of the parts and the change logs (format 4); formats 2 and 3 named the parts themselves, and 3 one log.
/// </summary>
internal sealed record ManifestRoot
{
    public int Format { get; init; } = SiteManifestStore.PartedFormat;
    public string Fingerprint { get; init; } = "";
    public List<string> Pending { get; init; } = [];

    /// <summary>Hash buckets of the item parts (a power of two).</summary>
    public int Buckets { get; init; } = 1;

    /// <summary>The grouping of paths into parts (<see cref="SiteManifestStore.PartsGrouping"/>; 1 when not written: formats 2–4 before the search parts).</summary>
    public int Grouping { get; init; } = 1;

    /// <summary>The blob that names the parts (format 4).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Index { get; init; }

    /// <summary>The change logs read over the parts, in the order they were written (format 4).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Logs { get; init; }

    /// <summary>
    /// Part key → blob, in the root itself (formats 2 and 3). Written as null in format 4: code that knows format 3 only
    /// then fails on the root instead of taking it for a manifest of format 1 with nothing published.
    /// </summary>
    public Dictionary<string, string>? Parts { get; init; }

    /// <summary>The one change log of format 3.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Log { get; init; }

    [JsonIgnore]
    public IReadOnlyList<string> LogNames => Logs ?? (Log is null ? [] : [Log]);

    public bool SameAs(ManifestRoot other) =>
        Format == other.Format && Fingerprint == other.Fingerprint && Buckets == other.Buckets && Grouping == other.Grouping
        && Index == other.Index && Log == other.Log
        && Pending.SequenceEqual(other.Pending, StringComparer.Ordinal) && LogNames.SequenceEqual(other.LogNames, StringComparer.Ordinal)
        && (Parts ?? []).Count == (other.Parts ?? []).Count
        && (Parts ?? []).All(p => other.Parts!.TryGetValue(p.Key, out var name) && name == p.Value);
}

/// <summary>The index of the parts (format 4): part key (<c>items/03a</c>, <c>columns/tzgg</c>, <c>site</c>) → the blob that holds it.</summary>
internal sealed record ManifestIndex
{
    public Dictionary<string, string> Parts { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>A change log as this host holds it: its blob's name, its entries and its size as stored.</summary>
internal sealed record StoredLog(string Name, ManifestLog Log, int Bytes)
{
    /// <summary>Its bytes while it is still to be written (null once stored).</summary>
    public byte[]? Content { get; init; }
}

/// <summary>What a root names, in memory: the index's name (none before format 4), the parts by key and by blob, the logs in order.</summary>
internal sealed record ManifestContents(string? IndexName, IReadOnlyDictionary<string, string> PartNames,
    IReadOnlyDictionary<string, SiteManifestPart> Parts, IReadOnlyList<StoredLog> Logs)
{
    /// <summary>The parts' size as stored.</summary>
    public long PartBytes => Parts.Values.Sum(p => (long)p.Bytes);

    /// <summary>The item's entry as the manifest held it: from the last log that set or removed it, else from its part.</summary>
    public SiteItemEntry? CurrentItem(string id, int buckets)
    {
        for (var i = Logs.Count - 1; i >= 0; i--)
        {
            if (Logs[i].Log.Items.TryGetValue(id, out var entry)) return entry;
            if (Logs[i].Log.RemovedItems.Contains(id)) return null;
        }
        return Part(SiteManifestStore.PartOfItem(id, buckets))?.Items.GetValueOrDefault(id);
    }

    /// <summary>The file's hash as the manifest held it, as <see cref="CurrentItem"/>.</summary>
    public string? CurrentFile(string path, int buckets)
    {
        for (var i = Logs.Count - 1; i >= 0; i--)
        {
            if (Logs[i].Log.Files.TryGetValue(path, out var hash)) return hash;
            if (Logs[i].Log.RemovedFiles.Contains(path)) return null;
        }
        return Part(SiteManifestStore.PartOfFile(path, buckets))?.Files.GetValueOrDefault(path);
    }

    /// <summary>The part of that key, as read (null when there is none).</summary>
    public SiteManifestPart? Part(string key) => PartNames.TryGetValue(key, out var name) ? Parts[name] : null;
}

/// <summary>One part of the manifest: the file hashes and item entries of one section of the site.</summary>
internal sealed record SiteManifestPart
{
    public Dictionary<string, string> Files { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, SiteItemEntry> Items { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Its size as stored (0 until it is read or written).</summary>
    [JsonIgnore]
    public int Bytes { get; init; }

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
/// A change log: the entries one run set or removed (format 4; in format 3 every change since the parts were written), read
/// over the parts.
/// </summary>
internal sealed record ManifestLog
{
    public Dictionary<string, string> Files { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, SiteItemEntry> Items { get; init; } = new(StringComparer.Ordinal);
    public List<string> RemovedFiles { get; init; } = [];
    public List<string> RemovedItems { get; init; } = [];

    /// <summary>How many runs' changes it holds (1: one run's; 4, 16, …: merged).</summary>
    public int Runs { get; init; } = 1;

    [JsonIgnore]
    public bool IsEmpty => Files.Count == 0 && Items.Count == 0 && RemovedFiles.Count == 0 && RemovedItems.Count == 0;

    /// <summary>One log for several in the order written: a key's last entry or removal wins.</summary>
    public static ManifestLog Merge(IReadOnlyList<ManifestLog> logs)
    {
        var merged = new ManifestLog { Runs = logs.Sum(l => l.Runs) };
        var removedFiles = new SortedSet<string>(StringComparer.Ordinal);
        var removedItems = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var log in logs)
        {
            foreach (var (path, hash) in log.Files)
            {
                merged.Files[path] = hash;
                removedFiles.Remove(path);
            }
            foreach (var (id, entry) in log.Items)
            {
                merged.Items[id] = entry;
                removedItems.Remove(id);
            }
            foreach (var path in log.RemovedFiles)
            {
                merged.Files.Remove(path);
                removedFiles.Add(path);
            }
            foreach (var id in log.RemovedItems)
            {
                merged.Items.Remove(id);
                removedItems.Add(id);
            }
        }
        merged.RemovedFiles.AddRange(removedFiles);
        merged.RemovedItems.AddRange(removedItems);
        return merged;
    }
}
