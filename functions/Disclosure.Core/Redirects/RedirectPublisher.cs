using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Publishing;

namespace Disclosure.Redirects;

/// <summary>
/// What a run for a change brings to the redirect step: the items it read, and the entries and ETag of the site manifest it
/// started from.
/// </summary>
public sealed record RedirectChange(IEnumerable<DisclosureItem> Read, IReadOnlyDictionary<string, SiteItemEntry> EntriesBefore, string? ManifestBefore);

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
    private RedirectPass? _last;

    /// <summary>
    /// What this process's last pass over the book found (issue 19): the book's version, the site manifest the redirects
    /// were made for, and the 索引号 of the mappings whose item had no page then. Catalogue settings and templates change
    /// only with a new process, which passes over the book once.
    /// </summary>
    private sealed record RedirectPass(string BookVersion, string? PortalETag, IReadOnlySet<IndexNumber> Waiting, int Redirects, int StaticPages);

    /// <summary>
    /// <paramref name="change"/> is null for a run over every item (the nightly run), which always passes over the whole
    /// book. A run for a change that starts from the manifest this process's last pass made its redirects for, with the
    /// book unchanged, reads neither the book nor every item and writes nothing, unless an item it read gained a page an
    /// old address was waiting for, or lost its page.
    /// </summary>
    public async Task<RedirectWrites> PublishAsync(IEnumerable<DisclosureItem> items, SiteManifest portal, RedirectChange? change, CancellationToken ct)
    {
        var version = await book.VersionAsync(ct);
        if (change is not null && _last is { PortalETag: { } madeFor } last && madeFor == change.ManifestBefore && last.BookVersion == version
            && portal.ETag is not null && !Touches(last, change, portal))
        {
            _last = last with { PortalETag = portal.ETag };
            return new RedirectWrites(0, 0, last.Redirects, last.StaticPages);
        }
        _last = null;

        // Index numbers of every item only once the book has a mapping: an agency without an old site pays nothing per item.
        Dictionary<IndexNumber, string>? idByNumber = null;
        var redirects = new List<LegacyRedirect>();
        var waiting = new HashSet<IndexNumber>();
        await foreach (var mapping in book.ListAsync(ct))
        {
            idByNumber ??= IdsByNumber(items);
            if (idByNumber.TryGetValue(mapping.IndexNumber, out var id) && portal.Items.ContainsKey(id))
                redirects.Add(new LegacyRedirect(mapping, id));
            else waiting.Add(mapping.IndexNumber);
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
        _last = new RedirectPass(version, portal.ETag, waiting, redirects.Count, next.Pages.Count);
        return new RedirectWrites(written, deleted, redirects.Count, next.Pages.Count);
    }

    private static Dictionary<IndexNumber, string> IdsByNumber(IEnumerable<DisclosureItem> items)
    {
        var idByNumber = new Dictionary<IndexNumber, string>();
        foreach (var item in items) idByNumber[item.IndexNumber] = item.Id;
        return idByNumber;
    }

    /// <summary>
    /// Whether an item the change read gained a page an old address was waiting for, or lost its page (no run takes a page
    /// away today: a withdrawn or expired item keeps its address with a notice; this keeps a future one from leaving
    /// redirects to a missing page).
    /// </summary>
    private static bool Touches(RedirectPass last, RedirectChange change, SiteManifest portal) =>
        change.Read.Any(item => portal.Items.ContainsKey(item.Id)
            ? last.Waiting.Contains(item.IndexNumber)
            : change.EntriesBefore.ContainsKey(item.Id));

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
