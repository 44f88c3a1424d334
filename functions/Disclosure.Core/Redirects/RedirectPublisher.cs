using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Publishing;

namespace Disclosure.Redirects;

/// <summary>What the redirect step wrote: the static pages and rules files it wrote, and the pages it removed.</summary>
public sealed record RedirectWrites(int Written, int Deleted, int Redirects, int StaticPages);

/// <summary>
/// What the redirect step last wrote, kept beside the site's own manifest: static page path → SHA-256, and rules file
/// name → SHA-256. Only what differs from it is written, and only pages it wrote are ever deleted (never a portal page).
/// </summary>
public sealed record RedirectManifest
{
    public Dictionary<string, string> Pages { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Rules { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>The redirect step's private files (not on the public site): its manifest and the generated rules files.</summary>
public interface IRedirectRecords
{
    Task<RedirectManifest?> ReadManifestAsync(CancellationToken ct);

    Task WriteManifestAsync(RedirectManifest manifest, CancellationToken ct);

    Task PutRulesAsync(string name, byte[] content, string contentType, CancellationToken ct);

    /// <summary>A rules file as last written, or null before the first publication with redirects.</summary>
    Task<byte[]?> ReadRulesAsync(string name, CancellationToken ct);
}

/// <summary>
/// The publication's last step (issue 18, old links keep working): every old address whose item has a page on the
/// portal gets a static redirect page at its old path in <c>$web</c> when it is on the portal's host without a query
/// string, and a line in both rules files in any case. A withdrawn or expired item keeps its redirect: its address now
/// shows the notice, so an old link lands on the notice. It runs under the publication's lock and derives everything from
/// the address book and the site manifest, so a run that stops part-way is finished by the next one.
/// </summary>
public sealed class RedirectPublisher(ILegacyAddressBook book, ISiteStore site, IRedirectRecords records, CatalogueSettings catalogue)
{
    private readonly RedirectFiles _files = new();

    public async Task<RedirectWrites> PublishAsync(IEnumerable<DisclosureItem> items, SiteManifest portal, CancellationToken ct)
    {
        var idByNumber = new Dictionary<IndexNumber, string>();
        foreach (var item in items) idByNumber[item.IndexNumber] = item.Id;
        var redirects = new List<LegacyRedirect>();
        await foreach (var mapping in book.ListAsync(ct))
        {
            if (idByNumber.TryGetValue(mapping.IndexNumber, out var id) && portal.Items.ContainsKey(id))
                redirects.Add(new LegacyRedirect(mapping, id));
        }

        var before = await records.ReadManifestAsync(ct) ?? new RedirectManifest();
        var next = new RedirectManifest();
        int written = 0, deleted = 0;

        // In the order of their keys: "/a/" and "/a/index.html" are two addresses but one blob, and the first one keeps it
        // on every run (the table's order is not stable, and a page that changed hands each run would be written each run).
        foreach (var redirect in redirects.OrderBy(r => r.Mapping.Address.Key, StringComparer.Ordinal))
        {
            var path = redirect.Mapping.Address.StaticPagePath;
            // The load refuses portal paths; this also keeps a page the portal wrote since (or a rule changed) from being replaced.
            if (path is null || PortalPaths.IsPortalPath(path) || portal.Files.ContainsKey(path) || next.Pages.ContainsKey(path)) continue;
            var page = _files.Page(redirect, catalogue);
            var hash = page.Sha256Hex();
            if (!before.Pages.TryGetValue(path, out var known) || known != hash)
            {
                using var stream = new MemoryStream(page.Content, writable: false);
                await site.PutAsync(SiteBlob.Of(page), stream, ct);
                written++;
            }
            next.Pages[path] = hash;
        }
        foreach (var path in before.Pages.Keys.Where(p => !next.Pages.ContainsKey(p)).Order(StringComparer.Ordinal))
        {
            await site.DeleteAsync(path, ct);
            deleted++;
        }

        written += await PutRulesAsync(before, next, RedirectFiles.NginxMapName, RedirectFiles.NginxMap(redirects, catalogue), "text/plain; charset=utf-8", ct);
        written += await PutRulesAsync(before, next, RedirectFiles.FrontDoorRulesName, RedirectFiles.FrontDoorRules(redirects, catalogue), "application/json", ct);

        if (!Same(before, next))
        {
            await records.WriteManifestAsync(next, ct);
            written++;
        }
        return new RedirectWrites(written, deleted, redirects.Count, next.Pages.Count);
    }

    private async Task<int> PutRulesAsync(RedirectManifest before, RedirectManifest next, string name, byte[] content, string contentType, CancellationToken ct)
    {
        var hash = SiteFileHashing.Sha256Hex(content);
        next.Rules[name] = hash;
        if (before.Rules.TryGetValue(name, out var known) && known == hash) return 0;
        await records.PutRulesAsync(name, content, contentType, ct);
        return 1;
    }

    private static bool Same(RedirectManifest a, RedirectManifest b) =>
        a.Pages.Count == b.Pages.Count && a.Pages.All(p => b.Pages.TryGetValue(p.Key, out var h) && h == p.Value)
        && a.Rules.Count == b.Rules.Count && a.Rules.All(r => b.Rules.TryGetValue(r.Key, out var h) && h == r.Value);
}
