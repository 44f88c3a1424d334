using System.Collections.Concurrent;
using System.Text.Json.Serialization;

namespace Disclosure.Publishing.Search;

/// <summary>Limits of the portal's query service (<see cref="SearchQueries"/>): what one anonymous request may cost.</summary>
public sealed record SearchQueryOptions
{
    /// <summary>Longest query accepted, in UTF-16 units: far more than a title or a 文号, far less than a text.</summary>
    public int MaxQueryLength { get; init; } = 100;

    /// <summary>Most terms (runs of letters and digits) a query may have; each costs the reads of its keys.</summary>
    public int MaxTerms { get; init; } = 8;

    /// <summary>Deepest page of 20: a 3–6-character query verifies every candidate up to the page asked for.</summary>
    public int MaxPage { get; init; } = 50;

    /// <summary>Queries one instance runs at once; more wait up to <see cref="QueueWait"/>, then get "busy".</summary>
    public int MaxConcurrent { get; init; } = 16;

    public TimeSpan QueueWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one query may take before it is given up (the page then reads the static index itself).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the manifest read last is trusted before it is read again; the browser path keeps pages 5 minutes.</summary>
    public TimeSpan ManifestRecheck { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Bytes of index files one instance keeps for the manifest in force; past that, files are read and not kept.</summary>
    public long CacheBytes { get; init; } = 64L * 1024 * 1024;
}

/// <summary>
/// The portal's search as a service (<c>GET /api/search</c>): the same query as <c>assets/search.js</c> runs in the browser,
/// answered here in one response instead of the 8–16 index files a 3–6-character query reads (issue 19). The files come
/// from the published site through a cache keyed by the index's manifest, so a query reads Blob Storage only for what
/// no earlier query of the same index read. The static index stays complete: the page falls back to it whenever this
/// service is missing, busy or failing.
/// </summary>
public sealed class SearchQueries(ISiteFileSource site, TimeProvider time, SearchQueryOptions options)
{
    private readonly IndexFileCache _files = new(site, time, options);
    private readonly SemaphoreSlim _running = new(options.MaxConcurrent, options.MaxConcurrent);

    public SearchQueryOptions Options => options;

    /// <summary>Checks the request's <c>q</c> and <c>p</c>, then runs the query unless this instance is at its limit.</summary>
    public async Task<SearchQueryOutcome> RunAsync(string? query, string? page, CancellationToken ct)
    {
        if (Refusal(query, page, out var pageNumber) is { } refusal) return SearchQueryOutcome.Invalid(refusal);
        if (!await _running.WaitAsync(options.QueueWait, ct)) return SearchQueryOutcome.Busy;
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(options.Timeout);
            var results = await new SearchIndexReader(_files).SearchAsync(query!, pageNumber, SearchIndexReader.DefaultPageSize, limit.Token);
            return SearchQueryOutcome.Answered(SearchAnswer.From(query!, pageNumber, results));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Over its time: as busy as an instance at its limit, and the page reads the static index instead.
            return SearchQueryOutcome.Busy;
        }
        finally
        {
            _running.Release();
        }
    }

    private string? Refusal(string? query, string? page, out int pageNumber)
    {
        pageNumber = 1;
        if (string.IsNullOrWhiteSpace(query)) return "请输入检索词。";
        if (query.Length > options.MaxQueryLength) return $"检索词过长：最多 {options.MaxQueryLength} 个字符。";
        if (!Printable(query)) return "检索词含有控制字符或不完整的字符。";
        var terms = SearchText.QueryTerms(query);
        if (terms.Count > options.MaxTerms) return $"检索词过多：最多 {options.MaxTerms} 个（以空格或标点分隔）。";
        // Normalising can lengthen a character (NFKC: one ligature becomes up to 18 letters), and every two characters
        // of a term are a key to read: the limit holds after it too.
        if (terms.Sum(t => t.Length) > options.MaxQueryLength) return $"检索词过长：最多 {options.MaxQueryLength} 个字符。";
        if (page is null) return null;
        if (!int.TryParse(page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pageNumber) || pageNumber < 1)
            return "页码应为正整数。";
        if (pageNumber > options.MaxPage) return $"最多查看前 {options.MaxPage} 页结果，请换用更具体的检索词。";
        return null;
    }

    /// <summary>No control characters and no half of a surrogate pair.</summary>
    private static bool Printable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i])) return false;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return false;
        }
        return true;
    }
}

/// <summary>What a query request came to: an answer, a refusal of its input (in Chinese, for the problem detail), or "busy".</summary>
public sealed record SearchQueryOutcome(SearchAnswer? Answer, string? Refusal, bool IsBusy)
{
    public static SearchQueryOutcome Answered(SearchAnswer answer) => new(answer, null, false);
    public static SearchQueryOutcome Invalid(string refusal) => new(null, refusal, false);
    public static readonly SearchQueryOutcome Busy = new(null, null, true);
}

/// <summary>
/// The response of <c>GET /api/search</c>: the page of results the search page shows, with the same total ("约" when
/// <see cref="TotalIsExact"/> is false) and the same order as the browser's own reading of the index.
/// </summary>
public sealed record SearchAnswer(
    string Query,
    int Page,
    int PageSize,
    string Mode,
    int Total,
    bool TotalIsExact,
    IReadOnlyList<SearchAnswerHit> Results)
{
    public static SearchAnswer From(string query, int page, SearchResults results) => new(
        query, page, SearchIndexReader.DefaultPageSize, results.Mode.ToString(), results.Total, results.TotalIsExact,
        [.. results.Hits.Select(h => new SearchAnswerHit(h.Meta.Title, h.Meta.Url, h.Meta.IndexNumber, h.Meta.DocumentNumber, h.Meta.PublishedOn,
            h.Meta.Column, h.InTitle, h.Attachment))]);
}

public sealed record SearchAnswerHit(
    string Title,
    string Url,
    string IndexNumber,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DocumentNumber,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PublishedOn,
    string Column,
    bool InTitle,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Attachment);

/// <summary>
/// The published index files as the query service reads them: kept per manifest. The manifest is read again at most
/// every <see cref="SearchQueryOptions.ManifestRecheck"/>; while its bytes stay the same every other file read is kept
/// (up to <see cref="SearchQueryOptions.CacheBytes"/>), and a new manifest starts an empty set, so a query never combines a
/// file kept from before a publication with the manifest after it. Concurrent queries wanting the same file share one
/// read; a read that fails is not kept.
/// </summary>
internal sealed class IndexFileCache(ISiteFileSource site, TimeProvider time, SearchQueryOptions options) : ISiteFileSource
{
    private readonly SemaphoreSlim _checking = new(1, 1);
    private volatile Generation? _current;

    public async Task<byte[]?> ReadAsync(string path, CancellationToken ct)
    {
        var generation = await CurrentAsync(ct);
        if (path == SearchIndexFormat.ManifestPath) return generation.Manifest;
        var read = generation.Files.GetOrAdd(path, p => new Lazy<Task<byte[]?>>(() => LoadAsync(generation, p)));
        return await read.Value.WaitAsync(ct);
    }

    private async Task<byte[]?> LoadAsync(Generation generation, string path)
    {
        try
        {
            // Not the asking query's token: other queries may be waiting for the same read.
            var bytes = await site.ReadAsync(path, CancellationToken.None);
            if (Interlocked.Add(ref generation.Bytes, bytes?.Length ?? 0) > options.CacheBytes) generation.Files.TryRemove(path, out _);
            return bytes;
        }
        catch
        {
            generation.Files.TryRemove(path, out _);
            throw;
        }
    }

    private async Task<Generation> CurrentAsync(CancellationToken ct)
    {
        if (_current is { } fresh && fresh.IsFresh(time, options.ManifestRecheck)) return fresh;
        await _checking.WaitAsync(ct);
        try
        {
            if (_current is { } checkedMeanwhile && checkedMeanwhile.IsFresh(time, options.ManifestRecheck)) return checkedMeanwhile;
            var checkedAt = time.GetUtcNow();
            var manifest = await site.ReadAsync(SearchIndexFormat.ManifestPath, ct);
            if (_current is { } same && Same(same.Manifest, manifest)) same.MarkChecked(checkedAt);
            else _current = new Generation(manifest, checkedAt);
            return _current;
        }
        finally
        {
            _checking.Release();
        }
    }

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    /// <summary>One manifest's files.</summary>
    private sealed class Generation(byte[]? manifest, DateTimeOffset checkedAt)
    {
        private long _checkedAtTicks = checkedAt.UtcTicks;

        public byte[]? Manifest { get; } = manifest;
        public ConcurrentDictionary<string, Lazy<Task<byte[]?>>> Files { get; } = new(StringComparer.Ordinal);
        public long Bytes;

        public void MarkChecked(DateTimeOffset at) => Interlocked.Exchange(ref _checkedAtTicks, at.UtcTicks);

        public bool IsFresh(TimeProvider time, TimeSpan recheck) =>
            time.GetUtcNow().UtcTicks - Interlocked.Read(ref _checkedAtTicks) < recheck.Ticks;
    }
}
