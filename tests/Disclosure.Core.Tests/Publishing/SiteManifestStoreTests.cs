using System.Text.Json;
using Disclosure.Publishing;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Publishing;

/// <summary>
/// Issue 19: the manifest in parts. A change writes the parts it touched and the root; a host reads only the parts that
/// changed since it last read; the root is the commit (ETag), so a stopped write changes nothing and of two writers
/// from the same read only one wins; a manifest of the old single-file format is read and stored in parts once.
/// </summary>
public sealed class SiteManifestStoreTests
{
    private readonly Blobs _blobs = new();

    [Fact]
    public async Task A_manifest_written_in_parts_reads_back_whole_in_another_host()
    {
        var written = await new SiteManifestStore(_blobs, itemsPerBucket: 4).WriteAsync(Manifest(100), default);

        var cold = new SiteManifestStore(_blobs, itemsPerBucket: 4);
        var read = (await cold.ReadAsync(default))!;

        Assert.Equal(Json(Manifest(100)), Json(read));
        Assert.Equal(written.Manifest.ETag, read.ETag);
        // 100 items at 4 per bucket (up to 8): 16 item buckets, attachments' buckets, the column parts, the site part.
        Assert.True(_blobs.Names.Count(n => n.StartsWith("manifest/", StringComparison.Ordinal)) > 20, string.Join(", ", _blobs.Names));
        Assert.Equal(written.BlobsWritten, _blobs.Names.Count);
    }

    [Fact]
    public async Task One_changed_item_writes_its_part_and_the_root_and_the_host_reads_only_those()
    {
        var store = new SiteManifestStore(_blobs, itemsPerBucket: 4);
        await store.WriteAsync(Manifest(100), default);
        var read = (await store.ReadAsync(default))!;

        var changed = read with
        {
            Items = new Dictionary<string, SiteItemEntry>(read.Items, StringComparer.Ordinal) { ["item-007"] = read.Items["item-007"] with { Version = 2 } },
            Files = new Dictionary<string, string>(read.Files, StringComparer.Ordinal) { ["items/item-007.html"] = "changed" },
        };
        _blobs.Writes = 0;
        var stored = await store.WriteAsync(changed, default);

        // The item's bucket holds its entry and its page: one part, the index naming it, then the root.
        Assert.Equal(3, stored.BlobsWritten);
        Assert.Equal(3, _blobs.Writes);
        var readsBefore = store.BlobsRead;
        var again = (await store.ReadAsync(default))!;
        Assert.Equal(1, store.BlobsRead - readsBefore); // the root; the new part and index are the ones this host wrote
        Assert.Equal(2, again.Items["item-007"].Version);

        var other = new SiteManifestStore(_blobs, itemsPerBucket: 4);
        await other.ReadAsync(default);
        await store.WriteAsync((await store.ReadAsync(default))! with { Fingerprint = "x" }, default); // root only
        var otherReads = other.BlobsRead;
        await other.ReadAsync(default);
        Assert.Equal(1, other.BlobsRead - otherReads);
    }

    [Fact]
    public async Task A_host_reads_back_the_manifest_it_wrote_as_it_is_until_another_host_writes_one()
    {
        var store = new SiteManifestStore(_blobs, itemsPerBucket: 4);
        var manifest = Manifest(100);
        await store.WriteAsync(manifest, default);

        var readsBefore = store.BlobsRead;
        var read = (await store.ReadAsync(default))!;
        // The root, and nothing assembled: the very dictionaries written (issue 19).
        Assert.Equal(1, store.BlobsRead - readsBefore);
        Assert.Same(manifest.Items, read.Items);
        Assert.Same(manifest.Files, read.Files);

        var other = new SiteManifestStore(_blobs, itemsPerBucket: 4);
        var theirs = (await other.ReadAsync(default))!;
        await other.WriteAsync(theirs with
        {
            Items = new Dictionary<string, SiteItemEntry>(theirs.Items, StringComparer.Ordinal) { ["item-007"] = theirs.Items["item-007"] with { Version = 2 } },
        }, default);

        var after = (await store.ReadAsync(default))!;
        Assert.NotSame(manifest.Items, after.Items);
        Assert.Equal(2, after.Items["item-007"].Version);
        Assert.Equal(Json((await new SiteManifestStore(_blobs, itemsPerBucket: 4).ReadAsync(default))!), Json(after));
    }

    [Fact]
    public async Task A_manifest_that_did_not_change_is_not_written()
    {
        var store = new SiteManifestStore(_blobs, itemsPerBucket: 4);
        await store.WriteAsync(Manifest(50), default);
        var read = (await store.ReadAsync(default))!;
        _blobs.Writes = 0;

        // Rebuilt entries equal to the stored ones, as a run that changed nothing makes them.
        var rebuilt = read with { Items = read.Items.ToDictionary(i => i.Key, i => i.Value with { }, StringComparer.Ordinal) };
        var stored = await store.WriteAsync(rebuilt, default);

        Assert.Equal(0, stored.BlobsWritten);
        Assert.Equal(0, _blobs.Writes);
    }

    [Fact]
    public async Task Of_two_writes_from_the_same_manifest_only_the_first_is_stored()
    {
        var store = new SiteManifestStore(_blobs, itemsPerBucket: 4);
        await store.WriteAsync(Manifest(30), default);
        var first = (await store.ReadAsync(default))!;
        var second = (await new SiteManifestStore(_blobs, itemsPerBucket: 4).ReadAsync(default))!;

        await store.WriteAsync(first with { Fingerprint = "first" }, default);
        await Assert.ThrowsAsync<SiteManifestConflictException>(() =>
            new SiteManifestStore(_blobs, itemsPerBucket: 4).WriteAsync(second with { Fingerprint = "second" }, default));

        Assert.Equal("first", (await new SiteManifestStore(_blobs).ReadAsync(default))!.Fingerprint);
        // A first write also needs there to be none yet.
        await Assert.ThrowsAsync<SiteManifestConflictException>(() => new SiteManifestStore(_blobs).WriteAsync(Manifest(1), default));
    }

    [Fact]
    public async Task A_write_that_stops_before_its_root_leaves_the_manifest_as_it_was_and_the_next_write_completes()
    {
        var store = new SiteManifestStore(_blobs, itemsPerBucket: 4);
        await store.WriteAsync(Manifest(40), default);
        var before = (await store.ReadAsync(default))!;
        var changed = before with { Items = new Dictionary<string, SiteItemEntry>(before.Items, StringComparer.Ordinal) { ["item-003"] = before.Items["item-003"] with { Withdrawn = true } } };

        _blobs.FailOn = SiteManifestStore.RootName;
        await Assert.ThrowsAsync<IOException>(() => store.WriteAsync(changed, default));
        _blobs.FailOn = null;

        Assert.Equal(Json(before), Json((await new SiteManifestStore(_blobs, itemsPerBucket: 4).ReadAsync(default))!));
        await store.WriteAsync(changed, default);
        Assert.True((await new SiteManifestStore(_blobs, itemsPerBucket: 4).ReadAsync(default))!.Items["item-003"].Withdrawn);
        // The parts the root no longer names are gone; the stopped write's part is the one now named.
        Assert.Empty(Unnamed(_blobs));
    }

    [Fact]
    public async Task A_manifest_stored_in_one_file_is_read_as_it_was_and_the_first_write_stores_it_in_parts()
    {
        var old = Manifest(60);
        _blobs.Put(SiteManifestStore.RootName, JsonSerializer.SerializeToUtf8Bytes(old, PublicationJson.Options));
        var store = new SiteManifestStore(_blobs, itemsPerBucket: 4);

        var read = (await store.ReadAsync(default))!;
        Assert.Equal(Json(old), Json(read));

        await store.WriteAsync(read, default);
        var root = JsonDocument.Parse(_blobs.Content(SiteManifestStore.RootName)).RootElement;
        Assert.Equal(SiteManifestStore.PartedFormat, root.GetProperty("format").GetInt32());
        Assert.False(root.TryGetProperty("items", out _));
        Assert.Equal(Json(old), Json((await new SiteManifestStore(_blobs, itemsPerBucket: 4).ReadAsync(default))!));

        // Once: the next write of the same manifest writes nothing.
        _blobs.Writes = 0;
        await store.WriteAsync((await store.ReadAsync(default))!, default);
        Assert.Equal(0, _blobs.Writes);
    }

    [Fact]
    public async Task The_item_buckets_grow_with_the_catalogue_and_keep_every_entry()
    {
        var store = new SiteManifestStore(_blobs, itemsPerBucket: 4);
        await store.WriteAsync(Manifest(10), default);
        var small = (await store.ReadAsync(default))!;
        var bucketsBefore = Buckets();

        await store.WriteAsync(Manifest(300) with { ETag = small.ETag }, default);

        Assert.True(Buckets() > bucketsBefore);
        Assert.Equal(Json(Manifest(300)), Json((await new SiteManifestStore(_blobs, itemsPerBucket: 4).ReadAsync(default))!));
        Assert.Equal(SiteManifestStore.BucketsFor(300, 0, 4), Buckets());
    }

    [Fact]
    public async Task The_part_every_run_writes_does_not_grow_with_the_paged_catalogue()
    {
        // Issue 19: the paged 目录 (a page per 50 items of a column and of a year) was kept in the site part, which every
        // run for a new item wrote: 4,000 pages at 100,000 items made it 588 KB. A column's 目录 goes with its list pages,
        // a year's has its own part. So was the search index (9.6 MB at 100,000, written at every fold of the logs): its
        // folders have their own parts.
        async Task<int> SitePartBytes(int items)
        {
            var blobs = new Blobs();
            var manifest = Manifest(items);
            var files = new Dictionary<string, string>(manifest.Files, StringComparer.Ordinal);
            for (var page = 1; page <= items / 50 + 1; page++)
            {
                files[$"catalogue/tzgg/p/{page}.html"] = $"catalogue-{page}";
                files[$"catalogue/2025/p/{page}.html"] = $"year-{page}";
            }
            files["catalogue/tzgg/index.html"] = "column catalogue";
            files["catalogue/index.html"] = "catalogue overview";
            // The search index's files, about one per item: positions in blocks per shard, meta and ids pages, the levels.
            for (var i = 0; i < items; i++) files[$"search/positions/{i % 1024:x3}/{i / 1024}.bin"] = $"positions-{i}";
            for (var page = 0; page <= items / 64; page++) files[$"search/meta/{page}.json"] = $"meta-{page}";
            files["search/ids/0.json"] = "ids";
            files["search/delta/00.bin"] = "delta";
            files["search/shards/3ff.bin"] = "shard";
            await new SiteManifestStore(blobs, itemsPerBucket: 4).WriteAsync(manifest with { Files = files }, default);
            return blobs.Content(PartNames(blobs)["site"]).Length;
        }

        Assert.Equal(await SitePartBytes(100), await SitePartBytes(2_000));
        Assert.Equal("columns/tzgg", SiteManifestStore.PartOfFile("catalogue/tzgg/p/180.html", 4));
        Assert.Equal("catalogue/2026", SiteManifestStore.PartOfFile("catalogue/2026/p/11.html", 4));
        Assert.Equal("site", SiteManifestStore.PartOfFile("catalogue/index.html", 4));
        Assert.Equal("site", SiteManifestStore.PartOfFile("search/manifest.json", 4));
        Assert.Equal("search/positions/3f", SiteManifestStore.PartOfFile("search/positions/3fa/97.bin", 4));
        Assert.Equal("search/meta/24", SiteManifestStore.PartOfFile("search/meta/1562.json", 4));
        Assert.Equal("search/ids/1", SiteManifestStore.PartOfFile("search/ids/97.json", 4));
        Assert.Equal("search/shards", SiteManifestStore.PartOfFile("search/shards/0a3.bin", 4));
        Assert.Equal("search/middle", SiteManifestStore.PartOfFile("search/middle/0f.bin", 4));
    }

    [Fact]
    public async Task A_write_told_its_changes_stores_what_a_write_of_the_whole_manifest_stores()
    {
        // Issue 19: a publication says which items and files it set or removed, and the store regroups only their parts
        // (when it folds its change log into them: here at every write, so the parts are what is compared).
        var told = new Blobs();
        var whole = new Blobs();
        foreach (var blobs in new[] { told, whole }) await new SiteManifestStore(blobs, itemsPerBucket: 4).WriteAsync(Manifest(100), default);
        async Task<(SiteManifest Stored, int Writes)> ChangeAsync(Blobs blobs, bool tell)
        {
            var store = new SiteManifestStore(blobs, itemsPerBucket: 4, logBytes: 0);
            var read = (await store.ReadAsync(default))!;
            var items = new Dictionary<string, SiteItemEntry>(read.Items, StringComparer.Ordinal) { ["item-007"] = read.Items["item-007"] with { Version = 2 } };
            items.Remove("item-008");
            var files = new Dictionary<string, string>(read.Files, StringComparer.Ordinal) { ["items/item-007.html"] = "changed", ["columns/tzgg/p/6.html"] = "new page" };
            files.Remove("items/item-008.html");
            var changes = new ManifestChanges(new HashSet<string> { "item-007", "item-008" }, new HashSet<string> { "items/item-007.html", "items/item-008.html", "columns/tzgg/p/6.html" });
            blobs.Writes = 0;
            await store.WriteAsync(read with { Items = items, Files = files, Changes = tell ? changes : null }, default);
            return ((await new SiteManifestStore(blobs, itemsPerBucket: 4).ReadAsync(default))!, blobs.Writes);
        }

        var (byChanges, writesByChanges) = await ChangeAsync(told, tell: true);
        var (byWhole, writesByWhole) = await ChangeAsync(whole, tell: false);

        Assert.Equal(Json(byWhole), Json(byChanges));
        Assert.Equal(writesByWhole, writesByChanges);
        Assert.InRange(writesByChanges, 3, 5); // the one or two item buckets, the column's part, the index, the root
        Assert.Equal(told.Names.Order(StringComparer.Ordinal), whole.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_write_told_its_changes_writes_one_change_log_and_the_root_and_reads_back_the_same()
    {
        // Issue 19: one new item touched its bucket, its column's part, its year's 目录 part and the site part (4 parts and
        // the root). Told its changes, the store writes them into one change log instead, whatever parts they fall in.
        var store = new SiteManifestStore(_blobs, itemsPerBucket: 4);
        await store.WriteAsync(Manifest(100), default);
        var read = (await store.ReadAsync(default))!;
        var (changed, changes) = NewItem(read, 100);
        _blobs.Writes = 0;

        var stored = await store.WriteAsync(changed with { Changes = changes }, default);

        Assert.Equal(2, stored.BlobsWritten);
        Assert.Equal(2, _blobs.Writes);
        var root = JsonDocument.Parse(_blobs.Content(SiteManifestStore.RootName)).RootElement;
        Assert.Equal(SiteManifestStore.PartedFormat, root.GetProperty("format").GetInt32());
        Assert.StartsWith("manifest/log.", Assert.Single(root.GetProperty("logs").EnumerateArray()).GetString(), StringComparison.Ordinal);
        Assert.Equal(Json(changed), Json((await new SiteManifestStore(_blobs, itemsPerBucket: 4).ReadAsync(default))!));
        // This host wrote the log: it reads the root only.
        var readsBefore = store.BlobsRead;
        Assert.Equal(Json(changed), Json((await store.ReadAsync(default))!));
        Assert.Equal(1, store.BlobsRead - readsBefore);
    }

    [Fact]
    public async Task The_change_log_stays_within_its_bound_by_folding_into_the_parts_and_every_step_reads_back_whole()
    {
        const int bound = 2_000;
        var store = new SiteManifestStore(_blobs, itemsPerBucket: 4, logBytes: bound);
        await store.WriteAsync(Manifest(100), default);
        var logged = 0;
        var folded = 0;
        for (var n = 0; n < 30; n++)
        {
            var read = (await store.ReadAsync(default))!;
            var (changed, changes) = NewItem(read, 100 + n);
            if (n % 7 == 3)
            {
                // A withdrawal of an item in the parts and a page gone: removals go through the log too.
                var gone = $"item-{n:D3}";
                changed = changed with
                {
                    Items = Edited(changed.Items, items => items.Remove(gone)), Files = Edited(changed.Files, files => files.Remove($"items/{gone}.html")),
                };
                changes = new ManifestChanges(new HashSet<string>(changes.Items) { gone }, new HashSet<string>(changes.Files) { $"items/{gone}.html" });
            }
            _blobs.Writes = 0;
            var stored = await store.WriteAsync(changed with { Changes = changes }, default);

            var logs = LogNames(_blobs);
            if (logs.Count > 0)
            {
                logged++;
                Assert.Equal(2, stored.BlobsWritten);
                // Each run logs its own changes (or merges them with the logs before); together they stay within the bound.
                var parts = PartNames(_blobs).Values.Sum(p => _blobs.Content(p).Length);
                Assert.InRange(logs.Sum(l => _blobs.Content(l).Length), 1, Math.Max(bound, parts / SiteManifestStore.FoldFraction));
            }
            else folded++;
            Assert.Equal(Json(changed), Json((await new SiteManifestStore(_blobs, itemsPerBucket: 4).ReadAsync(default))!));
            // Nothing but the root and what it names is left.
            Assert.Empty(Unnamed(_blobs));
        }
        Assert.True(logged > 20 && folded >= 2, $"{logged} logged, {folded} folded");
    }

    [Fact]
    public async Task A_manifest_in_parts_without_a_log_is_read_as_it_was_and_the_first_write_stores_the_current_format()
    {
        // Format 2, as main stored it before the change log: a root naming the parts, grouped as the parts still are.
        var old = Manifest(60);
        var (names, buckets) = PutOldParts(_blobs, old);
        _blobs.Put(SiteManifestStore.RootName, JsonSerializer.SerializeToUtf8Bytes(
            new { format = 2, fingerprint = old.Fingerprint, pending = old.Pending, buckets, parts = names }, PublicationJson.Options));
        var store = new SiteManifestStore(_blobs, itemsPerBucket: 4);

        var read = (await store.ReadAsync(default))!;
        Assert.Equal(Json(old), Json(read));

        var (changed, changes) = NewItem(read, 60);
        await store.WriteAsync(changed with { Changes = changes }, default);
        var root = JsonDocument.Parse(_blobs.Content(SiteManifestStore.RootName)).RootElement;
        Assert.Equal(SiteManifestStore.PartedFormat, root.GetProperty("format").GetInt32());
        Assert.Equal(Json(changed), Json((await new SiteManifestStore(_blobs, itemsPerBucket: 4).ReadAsync(default))!));

        // Once: the next write of the same manifest writes nothing.
        _blobs.Writes = 0;
        await store.WriteAsync((await store.ReadAsync(default))! with { Changes = ManifestChanges.None }, default);
        Assert.Equal(0, _blobs.Writes);
    }

    [Fact]
    public async Task A_root_of_format_3_with_its_log_is_read_as_it_was_and_the_first_write_stores_an_index_and_deletes_the_log()
    {
        // Format 3: the parts named in the root, and one log of every change since they were written.
        var old = Manifest(60);
        var (names, buckets) = PutOldParts(_blobs, old);
        var changedEntry = old.Items["item-005"] with { Version = 2 };
        _blobs.Put("manifest/log.v3.json", JsonSerializer.SerializeToUtf8Bytes(new
        {
            files = new Dictionary<string, string> { ["items/item-005.html"] = "logged", ["columns/tzgg/p/9.html"] = "new page" },
            items = new Dictionary<string, SiteItemEntry> { ["item-005"] = changedEntry },
            removedFiles = new[] { "items/item-006.html" },
            removedItems = new[] { "item-006" },
        }, PublicationJson.Options));
        _blobs.Put(SiteManifestStore.RootName, JsonSerializer.SerializeToUtf8Bytes(
            new { format = 3, fingerprint = old.Fingerprint, pending = old.Pending, buckets, parts = names, log = "manifest/log.v3.json" }, PublicationJson.Options));
        var expected = old with
        {
            Items = new Dictionary<string, SiteItemEntry>(old.Items, StringComparer.Ordinal) { ["item-005"] = changedEntry },
            Files = new Dictionary<string, string>(old.Files, StringComparer.Ordinal) { ["items/item-005.html"] = "logged", ["columns/tzgg/p/9.html"] = "new page" },
        };
        expected = expected with
        {
            Items = Edited(expected.Items, items => items.Remove("item-006")), Files = Edited(expected.Files, files => files.Remove("items/item-006.html")),
        };
        var store = new SiteManifestStore(_blobs, itemsPerBucket: 4);

        var read = (await store.ReadAsync(default))!;
        Assert.Equal(Json(expected), Json(read));

        var (changed, changes) = NewItem(read, 60);
        await store.WriteAsync(changed with { Changes = changes }, default);
        var root = JsonDocument.Parse(_blobs.Content(SiteManifestStore.RootName)).RootElement;
        Assert.Equal(SiteManifestStore.PartedFormat, root.GetProperty("format").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("parts").ValueKind); // code that knows format 3 fails on it, does not misread it
        Assert.Empty(LogNames(_blobs)); // the old log went into the parts with this run's changes
        Assert.DoesNotContain("manifest/log.v3.json", _blobs.Names);
        Assert.Empty(Unnamed(_blobs));
        Assert.Equal(Json(changed), Json((await new SiteManifestStore(_blobs, itemsPerBucket: 4).ReadAsync(default))!));
    }

    [Fact]
    public async Task What_a_new_item_writes_to_the_manifest_does_not_grow_with_the_catalogue()
    {
        // Issue 19: format 3 named every part in the root (535 at 100,000 items) and kept one log of every change since the
        // last fold, and each run wrote both whole: 61–63 KB per new item at 100,000 items. A run now writes a log of its
        // own changes and a root that names the index and the logs.
        async Task<(List<int> Bytes, int Parts)> NewItemsIntoAsync(int items)
        {
            var blobs = new Blobs();
            var store = new SiteManifestStore(blobs, itemsPerBucket: 4);
            await store.WriteAsync(Manifest(items), default);
            var bytes = new List<int>();
            for (var n = 0; n < 10; n++)
            {
                var read = (await store.ReadAsync(default))!;
                var (changed, changes) = NewItem(read, 1_000 + n);
                blobs.BytesWritten = 0;
                Assert.Equal(2, (await store.WriteAsync(changed with { Changes = changes }, default)).BlobsWritten);
                bytes.Add(blobs.BytesWritten);
            }
            return (bytes, PartNames(blobs).Count);
        }

        var (small, fewParts) = await NewItemsIntoAsync(100);
        var (large, manyParts) = await NewItemsIntoAsync(4_000);

        Assert.True(manyParts > 1_000 && fewParts < 50, $"{fewParts} and {manyParts} parts");
        for (var n = 0; n < small.Count; n++) Assert.InRange(large[n] - small[n], -4, 4); // the bucket count's digits
        // The tenth new item's log is the first one's size: each run logs its own changes, not every one since the fold.
        Assert.InRange(large[^1] - large[0], 0, 10 * 45);
        Assert.True(large[^1] < 1_500, $"{large[^1]} bytes");
    }

    [Fact]
    public async Task Logs_of_as_many_runs_merge_in_fours_so_the_root_names_few_however_many_runs_logged()
    {
        // 140 items in 16 buckets: room for 116 more before the buckets double (which writes every part).
        var store = new SiteManifestStore(_blobs, itemsPerBucket: 8, logBytes: int.MaxValue);
        await store.WriteAsync(Manifest(140), default);
        var largestRoot = 0;
        for (var n = 1; n <= 90; n++)
        {
            var read = (await store.ReadAsync(default))!;
            var (changed, changes) = NewItem(read, 140 + n);
            Assert.Equal(2, (await store.WriteAsync(changed with { Changes = changes }, default)).BlobsWritten);

            // The runs each log holds are the base-4 digits of the runs so far: 21 runs are logs of 16, 4 and 1.
            var runs = LogNames(_blobs).Select(l => JsonDocument.Parse(_blobs.Content(l)).RootElement.GetProperty("runs").GetInt32()).ToList();
            Assert.Equal(n, runs.Sum());
            Assert.Equal(BaseFourDigits(n), runs);
            largestRoot = Math.Max(largestRoot, _blobs.Content(SiteManifestStore.RootName).Length);
            Assert.Equal(Json(changed), Json((await new SiteManifestStore(_blobs, itemsPerBucket: 8).ReadAsync(default))!));
            Assert.Empty(Unnamed(_blobs)); // the logs merged away are gone
        }
        Assert.InRange(largestRoot, 1, 1_024);

        static List<int> BaseFourDigits(int n)
        {
            var logs = new List<int>();
            for (var power = 1 << 30; power > 0; power >>= 2)
                for (var i = 0; i < n / power % 4; i++) logs.Add(power);
            return logs;
        }
    }

    [Fact]
    public async Task A_merged_log_keeps_the_last_entry_of_a_key_set_or_removed_again()
    {
        var store = new SiteManifestStore(_blobs, itemsPerBucket: 4, logBytes: int.MaxValue);
        await store.WriteAsync(Manifest(40), default);
        for (var n = 0; n < 4; n++)
        {
            var read = (await store.ReadAsync(default))!;
            var items = new Dictionary<string, SiteItemEntry>(read.Items, StringComparer.Ordinal);
            var files = new Dictionary<string, string>(read.Files, StringComparer.Ordinal) { ["index.html"] = $"home-{n}" };
            // Run 0 withdraws item-001's page; run 2 puts it back; run 3 removes item-002, which run 1 changed.
            if (n == 0) files.Remove("items/item-001.html");
            if (n == 2) files["items/item-001.html"] = "back";
            if (n == 1) items["item-002"] = items["item-002"] with { Version = 5 };
            if (n == 3) items.Remove("item-002");
            var changes = new ManifestChanges(new HashSet<string> { "item-002" }, new HashSet<string> { "index.html", "items/item-001.html" });
            await store.WriteAsync(read with { Items = items, Files = files, Changes = changes }, default);
        }

        var merged = JsonDocument.Parse(_blobs.Content(Assert.Single(LogNames(_blobs)))).RootElement;
        Assert.Equal(4, merged.GetProperty("runs").GetInt32());
        Assert.Equal("home-3", merged.GetProperty("files").GetProperty("index.html").GetString());
        Assert.Equal("back", merged.GetProperty("files").GetProperty("items/item-001.html").GetString());
        Assert.Empty(merged.GetProperty("removedFiles").EnumerateArray());
        Assert.Equal(["item-002"], merged.GetProperty("removedItems").EnumerateArray().Select(e => e.GetString()));
        var read4 = (await new SiteManifestStore(_blobs, itemsPerBucket: 4).ReadAsync(default))!;
        Assert.False(read4.Items.ContainsKey("item-002"));
        Assert.Equal("back", read4.Files["items/item-001.html"]);
    }

    [Fact]
    public async Task The_logs_fold_into_the_parts_only_past_an_eighth_of_the_parts_size()
    {
        // Folding writes the part of every logged key, and new items fall in every bucket: at 100,000 items that is most of
        // the 110 MB of item parts, so a fold every 30 new items (96 KB of logs) cost about 200 KB per item.
        var store = new SiteManifestStore(_blobs, itemsPerBucket: 4);
        await store.WriteAsync(Manifest(3_000, copyBytes: 400), default);
        var parts = PartNames(_blobs).Values.Sum(p => (long)_blobs.Content(p).Length);
        Assert.True(parts / SiteManifestStore.FoldFraction > 2 * SiteManifestStore.LogBytes, $"{parts} bytes of parts");
        var folds = 0;
        long logged = 0;
        for (var n = 0; n < 400 && folds == 0; n++)
        {
            var read = (await store.ReadAsync(default))!;
            var (changed, changes) = NewItem(read, 5_000 + n, copyBytes: 400);
            await store.WriteAsync(changed with { Changes = changes }, default);
            var logs = LogNames(_blobs);
            if (logs.Count == 0) folds++;
            else logged = logs.Sum(l => (long)_blobs.Content(l).Length);
        }
        Assert.Equal(1, folds);
        // The logs had grown past the fixed bound, to about an eighth of the parts, before they folded.
        Assert.InRange(logged, 2 * SiteManifestStore.LogBytes, parts / SiteManifestStore.FoldFraction);
    }

    [Fact]
    public async Task The_sweep_deletes_only_old_parts_no_root_names_once_and_two_sweeps_at_once_agree()
    {
        var (clock, blobs, store, before, changed) = await StoppedBeforeItsRootAsync();
        var unnamed = Unnamed(blobs);
        Assert.Equal(2, unnamed.Count); // the part and the index naming it

        // Young: a run could still be about to write its root.
        clock.Advance(SiteManifestStore.SweepGrace - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await store.SweepAsync(default));
        Assert.Equal(unnamed, Unnamed(blobs));

        clock.Advance(TimeSpan.FromMinutes(2));
        var sweeps = await Task.WhenAll(new SiteManifestStore(blobs, time: clock).SweepAsync(default), new SiteManifestStore(blobs, time: clock).SweepAsync(default));
        Assert.Equal(2, sweeps.Sum()); // each blob deleted once: by one sweep, the other found it gone
        Assert.Empty(Unnamed(blobs));
        Assert.Equal(0, await store.SweepAsync(default));
        Assert.Equal(Json(before), Json((await new SiteManifestStore(blobs, itemsPerBucket: 4).ReadAsync(default))!));
    }

    [Fact]
    public async Task A_part_a_run_names_again_while_the_sweep_runs_is_not_deleted()
    {
        // The stopped run's part and index are old and unnamed when the sweep lists them and reads the root; then the next
        // run makes the same change, meets them (named by their content) and names them. The sweep deletes only at the ETag it listed.
        var (clock, blobs, store, before, changed) = await StoppedBeforeItsRootAsync();
        var leftovers = Unnamed(blobs);
        clock.Advance(SiteManifestStore.SweepGrace * 2);

        var racing = new RunsAfterTheRootIsRead(blobs, () => new SiteManifestStore(blobs, itemsPerBucket: 4, time: clock).WriteAsync(changed, default));
        Assert.Equal(0, await new SiteManifestStore(racing, time: clock).SweepAsync(default));

        Assert.Equal(2, leftovers.Count);
        Assert.All(leftovers, leftover => Assert.Contains(leftover, blobs.Names));
        Assert.True((await new SiteManifestStore(blobs, itemsPerBucket: 4).ReadAsync(default))!.Items["item-003"].Withdrawn);
    }

    /// <summary>A manifest stored, then a run that stops after its part and before its root (the part is named by nothing).</summary>
    private static async Task<(FakeTimeProvider Clock, Blobs Blobs, SiteManifestStore Store, SiteManifest Before, SiteManifest Changed)> StoppedBeforeItsRootAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));
        var blobs = new Blobs { Time = clock };
        var store = new SiteManifestStore(blobs, itemsPerBucket: 4, time: clock);
        await store.WriteAsync(Manifest(40), default);
        var before = (await store.ReadAsync(default))!;
        var changed = before with { Items = new Dictionary<string, SiteItemEntry>(before.Items, StringComparer.Ordinal) { ["item-003"] = before.Items["item-003"] with { Withdrawn = true } } };
        blobs.FailOn = SiteManifestStore.RootName;
        await Assert.ThrowsAsync<IOException>(() => store.WriteAsync(changed, default));
        blobs.FailOn = null;
        return (clock, blobs, store, before, changed);
    }

    /// <summary>The manifest with one new item of the column and the year, and the changes a run for it would tell.</summary>
    /// <param name="copyBytes">Bytes the entry carries, as the copy of the item a publication keeps in it does.</param>
    private static (SiteManifest Changed, ManifestChanges Changes) NewItem(SiteManifest read, int n, int copyBytes = 0)
    {
        var id = $"new-{n:D3}";
        var changed = read with
        {
            Items = new Dictionary<string, SiteItemEntry>(read.Items, StringComparer.Ordinal) { [id] = new SiteItemEntry(1, false, new DateOnly(2026, 6, 1), Copy(copyBytes)) },
            Files = new Dictionary<string, string>(read.Files, StringComparer.Ordinal)
            {
                [$"items/{id}.html"] = $"page-{id}", ["columns/tzgg/index.html"] = $"column-{id}", ["catalogue/2026/p/1.html"] = $"year-{id}",
                ["index.html"] = $"home-{id}", ["feeds/all.xml"] = $"feed-{id}",
            },
        };
        return (changed, new ManifestChanges(new HashSet<string> { id },
            new HashSet<string> { $"items/{id}.html", "columns/tzgg/index.html", "catalogue/2026/p/1.html", "index.html", "feeds/all.xml" }));
    }

    private static List<string> Unnamed(Blobs blobs)
    {
        var root = JsonDocument.Parse(blobs.Content(SiteManifestStore.RootName)).RootElement;
        var named = PartNames(blobs).Values.Concat(LogNames(blobs)).Append(root.GetProperty("index").GetString()!).ToHashSet(StringComparer.Ordinal);
        return [.. blobs.Names.Where(n => n != SiteManifestStore.RootName && !named.Contains(n)).Order(StringComparer.Ordinal)];
    }

    /// <summary>Part key → blob, as the stored root's index names them.</summary>
    private static Dictionary<string, string> PartNames(Blobs blobs)
    {
        var index = JsonDocument.Parse(blobs.Content(SiteManifestStore.RootName)).RootElement.GetProperty("index").GetString()!;
        return JsonDocument.Parse(blobs.Content(index)).RootElement.GetProperty("parts").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    /// <summary>The change logs the stored root names, in order.</summary>
    private static List<string> LogNames(Blobs blobs) =>
        [.. JsonDocument.Parse(blobs.Content(SiteManifestStore.RootName)).RootElement.GetProperty("logs").EnumerateArray().Select(l => l.GetString()!)];

    /// <summary>The manifest's parts stored as formats 2 and 3 stored them (grouped as now, named by the root), with their names.</summary>
    private static (Dictionary<string, string> Names, int Buckets) PutOldParts(Blobs blobs, SiteManifest manifest)
    {
        var buckets = SiteManifestStore.BucketsFor(manifest.Items.Count, 0, 4);
        var parts = new SortedDictionary<string, (Dictionary<string, string> Files, Dictionary<string, SiteItemEntry> Items)>(StringComparer.Ordinal);
        (Dictionary<string, string> Files, Dictionary<string, SiteItemEntry> Items) Part(string key) =>
            parts.TryGetValue(key, out var part) ? part : parts[key] = (new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        foreach (var (path, hash) in manifest.Files) Part(SiteManifestStore.PartOfFile(path, buckets)).Files[path] = hash;
        foreach (var (id, entry) in manifest.Items) Part(SiteManifestStore.PartOfItem(id, buckets)).Items[id] = entry;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, part) in parts)
        {
            names[key] = $"manifest/{key}.old.json";
            blobs.Put(names[key], JsonSerializer.SerializeToUtf8Bytes(new { files = part.Files, items = part.Items }, PublicationJson.Options));
        }
        return (names, buckets);
    }

    private int Buckets() => JsonDocument.Parse(_blobs.Content(SiteManifestStore.RootName)).RootElement.GetProperty("buckets").GetInt32();

    /// <summary>A manifest as a publication writes it: every item with its page, some with attachments, column pages and site files.</summary>
    /// <param name="copyBytes">Bytes each entry carries, as the copy of the item a publication keeps in it does.</param>
    private static SiteManifest Manifest(int items, int copyBytes = 0)
    {
        var entries = new Dictionary<string, SiteItemEntry>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < items; i++)
        {
            var id = $"item-{i:D3}";
            var files = i % 3 == 0 ? new List<string> { $"files/att-{i:D3}/附件{i}.pdf" } : [];
            entries[id] = new SiteItemEntry(1, false, new DateOnly(2026, 1, 1).AddDays(i), [.. files, .. Copy(copyBytes)]);
            hashes[$"items/{id}.html"] = $"hash-{i}";
            foreach (var file in files) hashes[file] = $"attachment-{i}";
        }
        for (var page = 1; page <= items / 20 + 1; page++) hashes[$"columns/tzgg/p/{page}.html"] = $"page-{page}";
        hashes["columns/tzgg/index.html"] = "column";
        hashes["index.html"] = "home";
        hashes["feeds/all.xml"] = "feed";
        hashes["search/manifest.json"] = "search";
        return new SiteManifest { Fingerprint = "templates", Pending = ["item-pending"], Items = entries, Files = hashes };
    }

    /// <summary>A copy of a manifest's dictionary with an edit made: the manifest's own is not changed once it is made.</summary>
    private static Dictionary<string, T> Edited<T>(IReadOnlyDictionary<string, T> entries, Action<Dictionary<string, T>> edit)
    {
        var copy = new Dictionary<string, T>(entries, StringComparer.Ordinal);
        edit(copy);
        return copy;
    }

    /// <summary>Stands for an entry's copy of its item: bytes the entry carries (the test does not look inside).</summary>
    private static List<string> Copy(int bytes) => bytes == 0 ? [] : [new string('x', bytes)];

    private static string Json(SiteManifest manifest) => JsonSerializer.Serialize(manifest with
    {
        Files = new Dictionary<string, string>(manifest.Files.OrderBy(f => f.Key, StringComparer.Ordinal), StringComparer.Ordinal),
        Items = new Dictionary<string, SiteItemEntry>(manifest.Items.OrderBy(f => f.Key, StringComparer.Ordinal), StringComparer.Ordinal),
    }, PublicationJson.Options);

    /// <summary>
    /// A private container in memory with ETags and write times, that can fail when one blob is written (a host losing
    /// storage). Locked, since two sweeps may use it at once.
    /// </summary>
    private sealed class Blobs : IManifestBlobs
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, (ManifestBlob Blob, DateTimeOffset Written)> _blobs = new(StringComparer.Ordinal);
        private int _etag;

        public int Writes { get; set; }
        public int BytesWritten { get; set; }
        public string? FailOn { get; set; }

        /// <summary>The clock of the blobs' times (storage's), which the sweep compares with its own.</summary>
        public TimeProvider Time { get; init; } = TimeProvider.System;

        public IReadOnlyCollection<string> Names
        {
            get { lock (_gate) return [.. _blobs.Keys]; }
        }

        public byte[] Content(string name)
        {
            lock (_gate) return _blobs[name].Blob.Content;
        }

        public void Put(string name, byte[] content)
        {
            lock (_gate) Store(name, content);
        }

        private string Store(string name, byte[] content)
        {
            var etag = $"\"{++_etag}\"";
            _blobs[name] = (new ManifestBlob(content, etag), Time.GetUtcNow());
            return etag;
        }

        public Task<ManifestBlob?> ReadAsync(string name, CancellationToken ct)
        {
            lock (_gate) return Task.FromResult(_blobs.TryGetValue(name, out var blob) ? blob.Blob : null);
        }

        public Task<string> WriteAsync(string name, byte[] content, string? ifMatch, CancellationToken ct)
        {
            if (name == FailOn) throw new IOException("storage went away");
            lock (_gate)
            {
                var exists = _blobs.TryGetValue(name, out var current);
                if (ifMatch is null ? exists : !exists || current.Blob.ETag != ifMatch) throw new SiteManifestConflictException(name);
                Writes++;
                BytesWritten += content.Length;
                return Task.FromResult(Store(name, content));
            }
        }

        public Task<string> OverwriteAsync(string name, byte[] content, CancellationToken ct)
        {
            if (name == FailOn) throw new IOException("storage went away");
            lock (_gate)
            {
                Writes++;
                BytesWritten += content.Length;
                return Task.FromResult(Store(name, content));
            }
        }

        public Task<bool> DeleteAsync(string name, string? ifMatch, CancellationToken ct)
        {
            lock (_gate)
            {
                if (ifMatch is not null && _blobs.TryGetValue(name, out var current) && current.Blob.ETag != ifMatch) return Task.FromResult(false);
                return Task.FromResult(_blobs.Remove(name));
            }
        }

        public async IAsyncEnumerable<ManifestBlobListing> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            List<ManifestBlobListing> listed;
            lock (_gate)
            {
                listed = [.. _blobs.Where(b => b.Key.StartsWith(prefix, StringComparison.Ordinal))
                    .Select(b => new ManifestBlobListing(b.Key, b.Value.Blob.ETag, b.Value.Written))];
            }
            foreach (var blob in listed)
            {
                await Task.Yield();
                yield return blob;
            }
        }
    }
}
