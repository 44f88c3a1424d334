using System.Text.Json;
using Azure.Storage.Blobs;
using Disclosure.Adapters.Publishing;
using Disclosure.LocalHost.Storage;
using Disclosure.Publishing;

namespace Disclosure.Integration.Tests.Publishing;

/// <summary>
/// Issue 19: the publication manifest in Blob Storage (Azurite of its own, since the site's containers have fixed names):
/// a single-file manifest is read as it is and stored in parts by the first write; the root's ETag lets only one of two
/// writers from the same read win.
/// </summary>
public sealed class BlobManifestTests
{
    [Fact]
    public async Task A_single_file_manifest_is_stored_in_parts_and_of_two_writers_from_one_read_only_the_first_wins()
    {
        await using var azurite = await Azurite.StartAsync();
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var container = blobs.GetBlobContainerClient(BlobSiteStore.PrivateContainer);
        await container.CreateIfNotExistsAsync();
        var old = new SiteManifest { Fingerprint = "templates" };
        for (var i = 0; i < 600; i++)
        {
            old.Items[$"item-{i:D3}"] = new SiteItemEntry(1, false, new DateOnly(2026, 1, 1), []);
            old.Files[$"items/item-{i:D3}.html"] = $"hash-{i}";
        }
        old.Files["index.html"] = "home";
        await container.GetBlobClient(BlobSiteStore.ManifestRootBlob).UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(old, PublicationJson.Options)));

        var first = new BlobSiteStore(blobs);
        var read = (await first.ReadManifestAsync(default))!;
        Assert.Equal(600, read.Items.Count);
        var stored = await first.WriteManifestAsync(read with { Fingerprint = "new templates" }, default);

        var root = JsonDocument.Parse((await container.GetBlobClient(BlobSiteStore.ManifestRootBlob).DownloadContentAsync()).Value.Content.ToString()).RootElement;
        Assert.Equal(SiteManifestStore.PartedFormat, root.GetProperty("format").GetInt32());
        var parts = root.GetProperty("parts").EnumerateObject().Select(p => p.Value.GetString()!).ToList();
        Assert.True(parts.Count > 2, root.GetRawText());
        foreach (var part in parts) Assert.True((await container.GetBlobClient(part).ExistsAsync()).Value, part);
        Assert.Equal(parts.Count + 1, stored.BlobsWritten);

        // A second host that read the manifest before that write must not store its own.
        await Assert.ThrowsAsync<SiteManifestConflictException>(() => new BlobSiteStore(blobs).WriteManifestAsync(read with { Fingerprint = "other" }, default));
        var again = (await new BlobSiteStore(blobs).ReadManifestAsync(default))!;
        Assert.Equal("new templates", again.Fingerprint);
        Assert.Equal(read.Files.Count, again.Files.Count);
        Assert.Equal(600, again.Items.Count);

        // A change from what was stored is taken, and writes only the part it touched and the root.
        var changed = await first.WriteManifestAsync(again with { Files = new(again.Files, StringComparer.Ordinal) { ["items/item-005.html"] = "changed" } }, default);
        Assert.Equal(2, changed.BlobsWritten);
    }
}
