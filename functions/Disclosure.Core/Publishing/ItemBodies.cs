using System.Text;
using Disclosure.Items;
using Disclosure.Work;

namespace Disclosure.Publishing;

/// <summary>
/// The bodies one publication run renders, each version read once: the recording step reads the newly published ones
/// (to prove they can be read), the page rendering reads the rest it needs, the search index takes them from here.
/// </summary>
internal sealed class ItemBodies(IContentStore content)
{
    private const int ParallelReads = 8;

    private readonly Dictionary<(string, int), string> _read = [];

    /// <summary>The stored body, sanitized again if it is HTML: intake sanitized it, and a page is the last line of defence.</summary>
    public static async Task<string> ReadAsync(IContentStore content, DisclosureItem item, CancellationToken ct)
    {
        if (item.BodyId is null) return "";
        string body;
        await using (var stream = await content.OpenAsync(item.Id, item.BodyId, ct))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
            body = await reader.ReadToEndAsync(ct);
        return item.BodyFormat == BodyFormat.Html ? BodySanitizer.Sanitize(body) : body;
    }

    /// <summary>Reads the body now (it must be readable) and keeps it for the pages.</summary>
    public async Task ReadAsync(DisclosureItem item, CancellationToken ct) => _read[(item.Id, item.Version)] = await ReadAsync(content, item, ct);

    /// <summary>The body if it was read already, else empty: what a page is rendered with.</summary>
    public string Known(DisclosureItem item) => _read.TryGetValue((item.Id, item.Version), out var body) ? body : "";

    public async Task<string> GetAsync(DisclosureItem item, CancellationToken ct)
    {
        if (!_read.TryGetValue((item.Id, item.Version), out var body)) _read[(item.Id, item.Version)] = body = await ReadAsync(content, item, ct);
        return body;
    }

    /// <summary>
    /// Reads the bodies not read yet, in parallel. Returns the items whose body could not be read, each with the error
    /// (null when the body is no longer stored): their page on the site is kept, and one such item never stops the run.
    /// </summary>
    public async Task<Dictionary<string, string?>> PrefetchAsync(IEnumerable<DisclosureItem> wanted, CancellationToken ct)
    {
        var todo = wanted.Where(i => !_read.ContainsKey((i.Id, i.Version))).DistinctBy(i => (i.Id, i.Version)).ToList();
        var results = await ConcurrentReads.InOrderAsync(todo, ParallelReads, async (item, token) =>
        {
            string? body = null, error = null;
            try { body = await ReadAsync(content, item, token); }
            catch (FileNotFoundException) { }
            catch (Exception e) when (e is not OperationCanceledException) { error = e.Message; }
            return (item.Id, item.Version, Body: body, Error: error);
        }, ct);
        var unread = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (id, version, body, error) in results)
        {
            if (body is null) unread[id] = error;
            else _read[(id, version)] = body;
        }
        return unread;
    }
}
