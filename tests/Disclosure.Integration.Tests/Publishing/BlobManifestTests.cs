using System.Text.Json;
using Azure.Storage.Blobs;
using Disclosure.Adapters.Publishing;
using Disclosure.LocalHost.Storage;
using Disclosure.Publishing;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Publishing;

/// <summary>
/// Issue 19: the publication manifest in parts in Blob Storage (an Azurite of its own per test, since the site's
/// containers have fixed names): a single-file manifest is read as it is and stored in parts by the first write; the
/// root's ETag lets only one of two writers from the same read win; a run that stops after its parts and before its root
/// leaves the manifest as it was, and the next run stores its own.
/// </summary>
public sealed class BlobManifestTests
{
    private const int ItemCount = 600;

    [Fact]
    public async Task A_single_file_manifest_is_stored_in_parts_and_of_two_writers_from_one_read_only_the_first_wins()
    {
        await using var azurite = await Azurite.StartAsync();
        var (blobs, container) = await PrivateContainerAsync(azurite);
        var old = Manifest("templates");
        await container.GetBlobClient(BlobSiteStore.ManifestRootBlob).UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(old, PublicationJson.Options)));

        var first = new BlobSiteStore(blobs);
        var read = (await first.ReadManifestAsync(default))!;
        Assert.Equal(ItemCount, read.Items.Count);
        var stored = await first.WriteManifestAsync(read with { Fingerprint = "new templates" }, default);

        var parts = await PartsNamedAsync(container);
        Assert.True(parts.Count > 2, string.Join(", ", parts));
        foreach (var part in parts) Assert.True((await container.GetBlobClient(part).ExistsAsync()).Value, part);
        Assert.Equal(parts.Count + 1, stored.BlobsWritten);

        // A second host that read the manifest before that write must not store its own.
        await Assert.ThrowsAsync<SiteManifestConflictException>(() => new BlobSiteStore(blobs).WriteManifestAsync(read with { Fingerprint = "other" }, default));
        var again = (await new BlobSiteStore(blobs).ReadManifestAsync(default))!;
        Assert.Equal("new templates", again.Fingerprint);
        Assert.Equal(read.Files.Count, again.Files.Count);
        Assert.Equal(ItemCount, again.Items.Count);

        // A change from what was stored is taken, and writes only the part it touched, the index naming it and the root.
        var changed = await first.WriteManifestAsync(again with { Files = new Dictionary<string, string>(again.Files, StringComparer.Ordinal) { ["items/item-005.html"] = "changed" } }, default);
        Assert.Equal(3, changed.BlobsWritten);
    }

    [Fact]
    public async Task Of_two_hosts_writing_at_once_from_the_same_read_exactly_one_root_is_stored_and_the_other_fails_without_a_trace()
    {
        await using var azurite = await Azurite.StartAsync();
        var (blobs, container) = await PrivateContainerAsync(azurite);
        await new BlobSiteStore(blobs).WriteManifestAsync(Manifest("templates"), default);
        var (one, other) = (new BlobSiteStore(blobs), new BlobSiteStore(blobs));
        var readByOne = (await one.ReadManifestAsync(default))!;
        var readByOther = (await other.ReadManifestAsync(default))!;
        Assert.Equal(readByOne.ETag, readByOther.ETag);

        // Both change an item of their own (different parts) and write at the same time.
        var writes = new[]
        {
            Write(one, readByOne, "item-001", "one"),
            Write(other, readByOther, "item-002", "other"),
        };
        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                return (Stored: await w, Conflict: false);
            }
            catch (SiteManifestConflictException)
            {
                return (Stored: (StoredSiteManifest?)null, Conflict: true);
            }
        }));

        Assert.Single(outcomes, o => o.Conflict);
        var winner = Assert.Single(outcomes, o => !o.Conflict).Stored!.Manifest;
        // What is stored is the winner's whole manifest: every part its root names is there, and none of the loser's change.
        var stored = (await new BlobSiteStore(blobs).ReadManifestAsync(default))!;
        Assert.Equal(winner.ETag, stored.ETag);
        Assert.Equal(winner.Fingerprint, stored.Fingerprint);
        Assert.Equal(ItemCount, stored.Items.Count);
        var changed = stored.Items.Where(i => i.Value.Version == 2).Select(i => i.Key).ToList();
        Assert.Equal([winner.Fingerprint == "one" ? "item-001" : "item-002"], changed);
        foreach (var part in await PartsNamedAsync(container)) Assert.True((await container.GetBlobClient(part).ExistsAsync()).Value, part);

        // The loser's host reads again and then stores its change on top of the winner's.
        var loser = winner.Fingerprint == "one" ? other : one;
        var reread = (await loser.ReadManifestAsync(default))!;
        var next = await Write(loser, reread, winner.Fingerprint == "one" ? "item-002" : "item-001", "both");
        Assert.Equal(["item-001", "item-002"], next.Manifest.Items.Where(i => i.Value.Version == 2).Select(i => i.Key).Order(StringComparer.Ordinal));
        Assert.Equal("both", (await new BlobSiteStore(blobs).ReadManifestAsync(default))!.Fingerprint);
    }

    [Fact]
    public async Task A_run_that_stops_after_its_parts_and_before_its_root_leaves_the_manifest_as_it_was_and_the_next_run_stores_its_own()
    {
        await using var azurite = await Azurite.StartAsync();
        var (blobs, container) = await PrivateContainerAsync(azurite);
        var (read, _) = await StoppedBeforeItsRootAsync(blobs, container);

        // The root is the commit: the manifest is still the one read, whole, though the run left a part of its own behind.
        var fresh = new BlobSiteStore(blobs);
        var after = (await fresh.ReadManifestAsync(default))!;
        Assert.Equal(read.ETag, after.ETag);
        Assert.Equal("templates", after.Fingerprint);
        Assert.Equal("hash-7", after.Files["items/item-007.html"]);
        var named = await PartsNamedAsync(container);
        Assert.Contains(await ManifestBlobNamesAsync(container), n => !named.Contains(n) && n != BlobSiteStore.ManifestRootBlob);

        // The next run (another host) makes the same change: its part of that very content is there already, and it stores its root.
        var next = await fresh.WriteManifestAsync(after with { Fingerprint = "new", Files = new Dictionary<string, string>(after.Files, StringComparer.Ordinal) { ["items/item-007.html"] = "changed" } }, default);
        Assert.NotEqual(read.ETag, next.Manifest.ETag);
        var stored = (await new BlobSiteStore(blobs).ReadManifestAsync(default))!;
        Assert.Equal("new", stored.Fingerprint);
        Assert.Equal("changed", stored.Files["items/item-007.html"]);
        // Nothing is left unnamed once a root names the stopped run's part.
        Assert.Equal((await PartsNamedAsync(container)).Append(BlobSiteStore.ManifestRootBlob).Order(StringComparer.Ordinal),
            (await ManifestBlobNamesAsync(container)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_sweep_deletes_the_parts_of_a_run_that_lost_its_root_once_they_are_old_and_keeps_every_part_a_root_names()
    {
        // Issue 19: a run that stops (or loses the race) before its root leaves its parts named by nothing. The sweep takes
        // them once they are older than its grace time, never a part a root names, and two hosts sweeping at once agree.
        await using var azurite = await Azurite.StartAsync();
        var (blobs, container) = await PrivateContainerAsync(azurite);
        var (read, _) = await StoppedBeforeItsRootAsync(blobs, container);
        var named = await PartsNamedAsync(container);
        var unnamed = (await ManifestBlobNamesAsync(container)).Where(n => !named.Contains(n) && n != BlobSiteStore.ManifestRootBlob).ToList();
        Assert.NotEmpty(unnamed);

        // Storage's clock decides the parts' age: now they are young and stay.
        Assert.Equal(0, await new SiteManifestStore(new BlobManifestBlobs(container)).SweepAsync(default));
        Assert.Equal(unnamed.Count + named.Count + 1, (await ManifestBlobNamesAsync(container)).Count);

        var later = new FakeTimeProvider(DateTimeOffset.UtcNow + SiteManifestStore.SweepGrace + TimeSpan.FromMinutes(5));
        var sweeps = await Task.WhenAll(
            new SiteManifestStore(new BlobManifestBlobs(container), time: later).SweepAsync(default),
            new SiteManifestStore(new BlobManifestBlobs(container), time: later).SweepAsync(default));
        Assert.Equal(unnamed.Count, sweeps.Sum());
        Assert.Equal(named.Append(BlobSiteStore.ManifestRootBlob).Order(StringComparer.Ordinal), (await ManifestBlobNamesAsync(container)).Order(StringComparer.Ordinal));
        Assert.Equal(0, await new SiteManifestStore(new BlobManifestBlobs(container), time: later).SweepAsync(default));
        var after = (await new BlobSiteStore(blobs).ReadManifestAsync(default))!;
        Assert.Equal(read.ETag, after.ETag);
        Assert.Equal(ItemCount, after.Items.Count);
    }

    [Fact]
    public async Task A_part_the_next_run_names_again_while_a_sweep_runs_is_kept()
    {
        // The sweep lists the stopped run's part as old and unnamed and reads the root; before it deletes, the next run makes
        // the same change, finds the part there (named by its content), writes it again and names it. The delete is
        // conditional on the ETag listed, so the part stays and the stored manifest is whole.
        await using var azurite = await Azurite.StartAsync();
        var (blobs, container) = await PrivateContainerAsync(azurite);
        var (_, change) = await StoppedBeforeItsRootAsync(blobs, container);
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow + SiteManifestStore.SweepGrace + TimeSpan.FromMinutes(5));

        var racing = new RunsAfterTheRootIsRead(new BlobManifestBlobs(container),
            () => new SiteManifestStore(new BlobManifestBlobs(container)).WriteAsync(change, default));
        Assert.Equal(0, await new SiteManifestStore(racing, time: later).SweepAsync(default));

        var stored = (await new BlobSiteStore(blobs).ReadManifestAsync(default))!;
        Assert.Equal("new", stored.Fingerprint);
        Assert.Equal("changed", stored.Files["items/item-007.html"]);
        foreach (var part in await PartsNamedAsync(container)) Assert.True((await container.GetBlobClient(part).ExistsAsync()).Value, part);
    }

    [Fact]
    public async Task Runs_told_their_changes_write_a_log_each_that_merge_in_fours_and_another_host_reads_them_whole()
    {
        // Format 4 on real blobs: each run writes its log and the root; every fourth run merges logs and deletes the ones it
        // merged; a second host that reads between runs sees the manifest whole, and nothing unnamed is left.
        await using var azurite = await Azurite.StartAsync();
        var (blobs, container) = await PrivateContainerAsync(azurite);
        await new BlobSiteStore(blobs).WriteManifestAsync(Manifest("templates"), default);
        var writer = new SiteManifestStore(new BlobManifestBlobs(container));
        var reader = new SiteManifestStore(new BlobManifestBlobs(container));
        for (var n = 1; n <= 21; n++)
        {
            var read = (await writer.ReadAsync(default))!;
            var id = $"item-{n:D3}";
            var changed = read with
            {
                Items = new Dictionary<string, SiteItemEntry>(read.Items, StringComparer.Ordinal) { [id] = read.Items[id] with { Version = 2 } },
                Files = new Dictionary<string, string>(read.Files, StringComparer.Ordinal) { [$"items/{id}.html"] = $"v2-{n}", ["index.html"] = $"home-{n}" },
                Changes = new ManifestChanges(new HashSet<string> { id }, new HashSet<string> { $"items/{id}.html", "index.html" }),
            };
            Assert.Equal(2, (await writer.WriteAsync(changed, default)).BlobsWritten);

            var seen = (await reader.ReadAsync(default))!;
            Assert.Equal($"home-{n}", seen.Files["index.html"]);
            Assert.Equal(2, seen.Items[id].Version);
            Assert.Equal(ItemCount, seen.Items.Count);
        }
        // 21 runs: logs of 16, 4 and 1.
        Assert.Equal(3, LogsNamed(await RootAsync(container)).Count);
        var named = await PartsNamedAsync(container);
        Assert.Equal(named.Append(BlobSiteStore.ManifestRootBlob).Order(StringComparer.Ordinal), (await ManifestBlobNamesAsync(container)).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A manifest stored, then a run (changing the fingerprint and one item's page) that stops after its parts and before
    /// its root: what it read and what it was writing.
    /// </summary>
    private static async Task<(SiteManifest Read, SiteManifest Change)> StoppedBeforeItsRootAsync(BlobServiceClient blobs, BlobContainerClient container)
    {
        await new BlobSiteStore(blobs).WriteManifestAsync(Manifest("templates"), default);
        var stopping = new SiteManifestStore(new StopsBeforeTheRoot(new BlobManifestBlobs(container)));
        var read = (await stopping.ReadAsync(default))!;
        var change = read with { Fingerprint = "new", Files = new Dictionary<string, string>(read.Files, StringComparer.Ordinal) { ["items/item-007.html"] = "changed" } };
        await Assert.ThrowsAsync<OperationCanceledException>(() => stopping.WriteAsync(change, default));
        return (read, change);
    }

    private static Task<StoredSiteManifest> Write(BlobSiteStore store, SiteManifest read, string itemId, string fingerprint)
    {
        var items = new Dictionary<string, SiteItemEntry>(read.Items, StringComparer.Ordinal) { [itemId] = read.Items[itemId] with { Version = 2 } };
        return store.WriteManifestAsync(read with { Fingerprint = fingerprint, Items = items }, default);
    }

    /// <summary>As the publication stored it before issue 19's parts: one JSON file with every file hash and item entry.</summary>
    private static SiteManifest Manifest(string fingerprint)
    {
        var items = new Dictionary<string, SiteItemEntry>(StringComparer.Ordinal);
        var files = new Dictionary<string, string>(StringComparer.Ordinal) { ["index.html"] = "home" };
        for (var i = 0; i < ItemCount; i++)
        {
            items[$"item-{i:D3}"] = new SiteItemEntry(1, false, new DateOnly(2026, 1, 1), []);
            files[$"items/item-{i:D3}.html"] = $"hash-{i}";
        }
        return new SiteManifest { Fingerprint = fingerprint, Items = items, Files = files };
    }

    private static async Task<(BlobServiceClient Blobs, BlobContainerClient Container)> PrivateContainerAsync(Azurite azurite)
    {
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var container = blobs.GetBlobContainerClient(BlobSiteStore.PrivateContainer);
        await container.CreateIfNotExistsAsync();
        return (blobs, container);
    }

    private static async Task<JsonElement> RootAsync(BlobContainerClient container)
        => JsonDocument.Parse((await container.GetBlobClient(BlobSiteStore.ManifestRootBlob).DownloadContentAsync()).Value.Content.ToString()).RootElement;

    private static List<string> LogsNamed(JsonElement root) => [.. root.GetProperty("logs").EnumerateArray().Select(l => l.GetString()!)];

    private static async Task<List<string>> PartsNamedAsync(BlobContainerClient container)
    {
        var root = await RootAsync(container);
        Assert.Equal(SiteManifestStore.PartedFormat, root.GetProperty("format").GetInt32());
        // Format 4: the root names the index (and the change logs), the index the parts.
        var index = root.GetProperty("index").GetString()!;
        var parts = JsonDocument.Parse((await container.GetBlobClient(index).DownloadContentAsync()).Value.Content.ToString()).RootElement;
        return [index, .. parts.GetProperty("parts").EnumerateObject().Select(p => p.Value.GetString()!), .. LogsNamed(root)];
    }

    private static async Task<List<string>> ManifestBlobNamesAsync(BlobContainerClient container)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync()) if (blob.Name != BlobSiteStore.LockBlob) names.Add(blob.Name);
        return names;
    }

    /// <summary>The real blobs, but the process "stops" when the run comes to write the root, after its parts.</summary>
    private sealed class StopsBeforeTheRoot(IManifestBlobs blobs) : IManifestBlobs
    {
        public Task<ManifestBlob?> ReadAsync(string name, CancellationToken ct) => blobs.ReadAsync(name, ct);

        public Task<string> WriteAsync(string name, byte[] content, string? ifMatch, CancellationToken ct) =>
            name == SiteManifestStore.RootName ? throw new OperationCanceledException("stopped before the root") : blobs.WriteAsync(name, content, ifMatch, ct);

        public Task<string> OverwriteAsync(string name, byte[] content, CancellationToken ct) => blobs.OverwriteAsync(name, content, ct);

        public Task<bool> DeleteAsync(string name, string? ifMatch, CancellationToken ct) => blobs.DeleteAsync(name, ifMatch, ct);

        public IAsyncEnumerable<ManifestBlobListing> ListAsync(string prefix, CancellationToken ct) => blobs.ListAsync(prefix, ct);
    }
}
