using Disclosure.Items;

namespace Disclosure.Publishing;

/// <summary>Writes only what differs from the manifest's hashes, and keeps the new hashes for the next manifest.</summary>
internal sealed class SiteWriter(ISiteStore site, IReadOnlyDictionary<string, string> published)
{
    private readonly List<SiteFile> _pending = [];

    /// <summary>The site's files and their hashes as this run leaves them: the manifest's, and the changes (no copy of them all).</summary>
    public Layered<string> Files { get; } = new(published);

    /// <summary>The paths of <see cref="Files"/> set or removed since the manifest read (for <see cref="ManifestChanges"/>).</summary>
    public HashSet<string> Changed { get; } = new(StringComparer.Ordinal);
    public int Written { get; private set; }
    public int Deleted { get; private set; }

    public void Put(SiteFile file) => _pending.Add(file);

    public async Task FlushAsync(CancellationToken ct)
    {
        foreach (var file in _pending) await PutAsync(file, ct);
        _pending.Clear();
    }

    public async Task PutAsync(SiteFile file, CancellationToken ct)
    {
        var blob = SiteBlob.Of(file);
        if (Files.TryGetValue(blob.Path, out var known) && known == blob.Sha256) return;
        using var stream = new MemoryStream(file.Content, writable: false);
        await site.PutAsync(blob, stream, ct);
        Files[blob.Path] = blob.Sha256;
        Changed.Add(blob.Path);
        Written++;
    }

    public async Task PutAttachmentAsync(IContentStore content, string itemId, Attachment attachment, CancellationToken ct)
    {
        var path = PortalPaths.FilePath(PortalPaths.Attachment(attachment));
        if (Files.TryGetValue(path, out var known) && string.Equals(known, attachment.Sha256, StringComparison.OrdinalIgnoreCase)) return;
        var blob = new SiteBlob(path, attachment.ContentType, AttachmentHeaders.CacheControl, attachment.Sha256.ToLowerInvariant(),
            AttachmentHeaders.ContentDisposition(attachment.FileName));
        await using (var stream = await content.OpenAsync(itemId, attachment.Id, ct))
            await site.PutAsync(blob, stream, ct);
        Files[path] = blob.Sha256;
        Changed.Add(path);
        Written++;
    }

    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        if (!Files.Remove(path)) return;
        Changed.Add(path);
        await site.DeleteAsync(path, ct);
        Deleted++;
    }
}
