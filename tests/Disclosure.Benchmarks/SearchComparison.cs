using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Disclosure.Portal.Tests.Search;
using Disclosure.Publishing;
using Disclosure.Publishing.Search;

namespace Disclosure.Benchmarks;

/// <summary>
/// Our bigram index against Pagefind on the same 10,000 generated item pages:
/// <c>dotnet run -c Release --project tests/Disclosure.Benchmarks -- search-compare /tmp/search-compare</c>.
/// Writes the HTML pages, builds our index (timed, peak memory from the process), runs <c>npx pagefind</c> under
/// <c>/usr/bin/time -v</c>, then runs the same two-character queries through our C# reader and through Pagefind's own
/// <c>pagefind.js</c> in Node (pagefind-harness.mjs), counting downloaded bytes and which items each finds.
/// </summary>
public static class SearchComparison
{
    public static async Task RunAsync(string[] args)
    {
        var folder = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "search-compare"));
        var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var metaPageSize = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : new SearchIndexOptions().MetaPageSize;
        var oursOnly = args.Contains("--ours-only");
        var repo = FindRepo();
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
        var site = Path.Combine(folder, "site");
        Directory.CreateDirectory(site);

        var catalogue = BureauItemGenerator.Catalogue();
        var generated = new BureauItemGenerator().Generate(count);
        var docs = generated.Select(g => SearchDocument.From(g.Item, catalogue, g.Body)).ToList();
        foreach (var (item, body) in generated) WritePage(site, SiteUrls.Item(item), item.Title, item.IndexNumber.ToString(), item.DocumentNumber, body);
        Console.WriteLine($"pages: {count}, body characters: {generated.Sum(g => g.Body.Length):N0}");

        // Ours: timed in-process; the peak working set is read after a forced collection before and after.
        GC.Collect();
        var before = Process.GetCurrentProcess();
        before.Refresh();
        var allocatedBefore = GC.GetTotalAllocatedBytes(true);
        var watch = Stopwatch.StartNew();
        var files = new InMemorySiteFiles();
        var options = new SearchIndexOptions { ShardCount = SearchIndexOptions.ShardCountFor(count), MetaPageSize = metaPageSize };
        var update = await new SearchIndexWriter(options).UpdateAsync(files, docs, [], default);
        watch.Stop();
        files.Apply(update.Files);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var oursSize = files.Files.Sum(f => (long)f.Value.Length);
        Console.WriteLine($"ours: build {watch.Elapsed.TotalSeconds:F1} s, allocated {(GC.GetTotalAllocatedBytes(true) - allocatedBefore) / 1e6:F0} MB, process peak working set {process.PeakWorkingSet64 / 1e6:F0} MB, shards {options.ShardCount}, meta page {options.MetaPageSize} items, files {files.Files.Count}, index size {oursSize / 1e6:F2} MB");
        files.WriteTo(site);

        // One more item into the built index: what a nightly publish of a single item rewrites.
        var extra = SearchDocument.From(new BureauItemGenerator(777).Generate(1)[0].Item with { Id = "extra" }, catalogue, new BureauItemGenerator(777).Generate(1)[0].Body);
        var one = await new SearchIndexWriter(options).UpdateAsync(files, [extra], [], default);
        Console.WriteLine($"ours: publishing one more item writes {one.Files.Count} files, {one.Files.Sum(f => (long)f.Content.Length) / 1024.0:F1} KiB to upload (merged: {one.Merged}; {one.ShardsChanged} of {options.ShardCount} main shards, {one.MetaPagesChanged} meta page; delta now {one.DeltaBytes / 1024.0:F1} KiB)");

        // Steady state on a copy: items published one at a time until the main shards have been rewritten twice, so the
        // writes and bytes per item include both kinds of merge (amortised), beside the median item.
        var steady = new InMemorySiteFiles();
        steady.Apply(files.Files.Select(f => new SiteFile(f.Key, f.Value, "", "")));
        var extras = new BureauItemGenerator(778).Generate(600).Select((g, n) => SearchDocument.From(g.Item with { Id = $"steady-{n}" }, catalogue, g.Body)).ToList();
        int published = 0, merges = 0, middleMerges = 0;
        long mergeBytes = 0, mergeFiles = 0, middleBytes = 0, middleFiles = 0, totalBytes = 0, totalFiles = 0;
        var perItem = new List<(int Files, long Bytes)>();
        var deltaWatch = Stopwatch.StartNew();
        foreach (var doc in extras)
        {
            var step = await new SearchIndexWriter(options).UpdateAsync(steady, [doc], [], default);
            steady.Apply(step.Files);
            published++;
            var bytes = step.Files.Sum(f => (long)f.Content.Length);
            totalBytes += bytes;
            totalFiles += step.Files.Count;
            perItem.Add((step.Files.Count, bytes));
            if (step.MiddleMerged)
            {
                middleMerges++;
                middleBytes += bytes;
                middleFiles += step.Files.Count;
            }
            if (step.Merged)
            {
                merges++;
                mergeBytes += bytes;
                mergeFiles += step.Files.Count;
                if (merges == 2) break;
            }
        }
        deltaWatch.Stop();
        var medianFiles = perItem.Select(p => p.Files).Order().ElementAt(perItem.Count / 2);
        var medianBytes = perItem.Select(p => p.Bytes).Order().ElementAt(perItem.Count / 2);
        Console.WriteLine($"ours: {published} items published one at a time: median {medianFiles} files and {medianBytes / 1024.0:F1} KiB per item; "
            + $"{middleMerges} delta merges into the middle level of {middleFiles / Math.Max(1, middleMerges)} files and {middleBytes / Math.Max(1, middleMerges) / 1024.0:F1} KiB each; "
            + $"{merges} main merges of {mergeFiles / Math.Max(1, merges)} files and {mergeBytes / Math.Max(1, merges) / 1e6:F2} MB each; "
            + $"amortised {totalFiles / (double)published:F1} files and {totalBytes / (double)published / 1024.0:F1} KiB per item; {deltaWatch.ElapsedMilliseconds / published} ms per item (in memory)");
        // The query figures below are measured with the middle level just below its bound (the update after would merge
        // into the main shards): the worst case for a visitor.
        var nearBound = new InMemorySiteFiles();
        nearBound.Apply(files.Files.Select(f => new SiteFile(f.Key, f.Value, "", "")));
        foreach (var doc in extras.Skip(300))
        {
            var step = await new SearchIndexWriter(options).UpdateAsync(nearBound, [doc], [], default);
            if (step.Merged) break;
            nearBound.Apply(step.Files);
        }
        var nearManifest = JsonSerializer.Deserialize<SearchManifest>(nearBound.Files[SearchIndexFormat.ManifestPath], SearchIndexFormat.Json)!;
        // A level's size is its postings and its positions together, as its merge bound counts it.
        var middleSize = Enumerable.Range(0, nearManifest.MiddleShards).Where(nearManifest.MiddleHas)
            .Sum(s => (long)nearBound.Files[SearchIndexFormat.MiddlePath(s)].Length + nearBound.Files[SearchIndexFormat.MiddlePositionsPath(s)].Length);
        var deltaSize = Enumerable.Range(0, nearManifest.DeltaShards).Where(nearManifest.DeltaHas)
            .Sum(s => (long)nearBound.Files[SearchIndexFormat.DeltaPath(s)].Length + nearBound.Files[SearchIndexFormat.DeltaPositionsPath(s)].Length);
        Console.WriteLine($"ours: queries run with a middle level of {middleSize / 1024.0:F1} KiB (bound {options.MiddleMergeBytes / 1024} KiB) and a delta of {deltaSize / 1024.0:F1} KiB (bound {options.DeltaMergeBytes / 1024} KiB)");
        var nearBoundSite = Path.Combine(folder, "site-near-bound");
        nearBound.WriteTo(nearBoundSite);

        // Pagefind on the same pages.
        var pagefindDir = Path.Combine(site, "pagefind");
        if (!oursOnly)
        {
        var pagefind = Run("/usr/bin/time", repo, ["-v", "npx", "--no-install", "pagefind", "--site", site]);
        var seconds = Line(pagefind.Err, "Elapsed (wall clock) time");
        var maxRss = Line(pagefind.Err, "Maximum resident set size (kbytes)");
        var pfSize = Directory.EnumerateFiles(pagefindDir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var pfIndex = Directory.EnumerateFiles(pagefindDir, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("pagefind-", StringComparison.Ordinal) && !f.EndsWith(".css", StringComparison.Ordinal))
            .Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"pagefind: wall {seconds}, max RSS {maxRss} KB, total {pfSize / 1e6:F2} MB (index without UI files {pfIndex / 1e6:F2} MB)");
        Console.WriteLine(string.Join('\n', pagefind.Out.Split('\n').Where(l => l.Contains("Indexed", StringComparison.Ordinal) || l.Contains("language", StringComparison.OrdinalIgnoreCase)).Take(8)));
        }

        // Queries: two-character substrings (both searchable) drawn from random items' titles and bodies.
        var random = new Random(42);
        var queries = new List<(string Query, string SourceUrl)>();
        while (queries.Count < 200)
        {
            var doc = docs[random.Next(docs.Count)];
            var text = random.Next(4) == 0 ? doc.Title : doc.Body;
            var bigrams = SearchSample.Bigrams(text).ToList();
            if (bigrams.Count == 0) continue;
            queries.Add((bigrams[random.Next(bigrams.Count)], doc.Url));
        }
        var longer = new List<string>();
        while (longer.Count < 200)
        {
            var doc = docs[random.Next(docs.Count)];
            var run = SearchText.Runs(SearchText.Normalize(doc.Body)).Where(r => r.Length >= 5).ToList();
            if (run.Count == 0) continue;
            var r = run[random.Next(run.Count)];
            var length = random.Next(3, Math.Min(r.Length, 6) + 1);
            var start = random.Next(r.Length - length + 1);
            longer.Add(string.Concat(r.Skip(start).Take(length).Select(char.ConvertFromUtf32)));
        }
        // Ground truth by plain substring search over the normalised text of every item (normalised once).
        var haystacks = docs.Select(d => (d.Url, Text: string.Join("\n", new[] { d.Title, d.DocumentNumber, d.IndexNumber, d.Body }.Select(SearchText.Normalize)))).ToList();
        var truth = queries.Select(q => q.Query).Concat(longer).Distinct().ToDictionary(q => q, q =>
        {
            var needle = SearchText.Normalize(q);
            return haystacks.Where(h => h.Text.Contains(needle, StringComparison.Ordinal)).Select(h => h.Url).ToHashSet();
        });

        // Just after a merge (no delta): what most queries between merges pay at least.
        var merged = new SearchIndexReader(new DirectorySiteFiles(site));
        // One per site: the same path holds other bytes in the site near the bound (its newest meta page, its manifest).
        var wire = new WireBytes();
        var wireNear = new WireBytes();
        long mergedBytes = 0, mergedFiles = 0, mergedWire = 0;
        foreach (var (query, _) in queries)
        {
            var first = await merged.SearchAsync(query, 1, 20);
            mergedBytes += first.BytesRead;
            mergedFiles += first.FilesRead.Count;
            mergedWire += wire.Of(first.FilesRead, p => File.ReadAllBytes(Path.Combine(site, p)));
        }
        Console.WriteLine($"ours, no delta: {queries.Count} two-character queries, avg {mergedBytes / queries.Count / 1024.0:F1} KiB and {mergedFiles / (double)queries.Count:F1} files per query (first 20 results with titles); {mergedWire / queries.Count / 1024.0:F1} KiB as Front Door sends it");
        long mergedLongBytes = 0, mergedLongFiles = 0, mergedLongWire = 0;
        var mergedByFolder = new FolderCosts();
        foreach (var query in longer)
        {
            var first = await merged.SearchAsync(query, 1, 20);
            mergedLongBytes += first.BytesRead;
            mergedLongFiles += first.FilesRead.Count;
            mergedLongWire += wire.Of(first.FilesRead, p => File.ReadAllBytes(Path.Combine(site, p)));
            mergedByFolder.Add(first.FilesRead, p => new FileInfo(Path.Combine(site, p)).Length);
        }
        Console.WriteLine($"ours, no delta: {longer.Count} queries of 3–6 characters, avg {mergedLongBytes / longer.Count / 1024.0:F1} KiB and {mergedLongFiles / (double)longer.Count:F1} files per query (first 20 results); {mergedLongWire / longer.Count / 1024.0:F1} KiB as Front Door sends it");
        Console.WriteLine($"ours, no delta: the same by folder: {mergedByFolder.Describe(longer.Count)}");
        var reader = new SearchIndexReader(new DirectorySiteFiles(nearBoundSite));
        // Ground truth includes the items in the delta.
        var inIndex = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, idBytes) in nearBound.Files)
            if (path.StartsWith(SearchIndexFormat.IdBucketsFolder, StringComparison.Ordinal)) inIndex.UnionWith(SearchIndexFormat.ReadIdBucket(idBytes).Keys);
        var extraHaystacks = extras.Where(d => inIndex.Contains(d.ItemId))
            .Select(d => (d.Url, Text: string.Join("\n", new[] { d.Title, d.DocumentNumber, d.IndexNumber, d.Body }.Select(SearchText.Normalize)))).ToList();
        foreach (var (q, set) in truth)
        {
            var needle = SearchText.Normalize(q);
            foreach (var h in extraHaystacks) if (h.Text.Contains(needle, StringComparison.Ordinal)) set.Add(h.Url);
        }
        long oursBytes = 0, oursFiles = 0, oursWire = 0;
        int oursSource = 0;
        double oursRecall = 0;
        var queryWatch = Stopwatch.StartNew();
        foreach (var (query, source) in queries)
        {
            var first = await reader.SearchAsync(query, 1, 20);
            oursBytes += first.BytesRead;
            oursFiles += first.FilesRead.Count;
            oursWire += wireNear.Of(first.FilesRead, p => nearBound.Files[p]);
            var all = await AllUrls(reader, query);
            if (all.Contains(source)) oursSource++;
            oursRecall += Recall(all, truth[query]);
            if (all.Except(truth[query]).Any()) throw new InvalidOperationException($"false positive for {query}");
        }
        queryWatch.Stop();
        int longFalse = 0, longMissed = 0;
        long longBytes = 0, longFiles = 0, longWire = 0;
        var nearByFolder = new FolderCosts();
        foreach (var query in longer)
        {
            var first = await reader.SearchAsync(query, 1, 20);
            longBytes += first.BytesRead;
            longFiles += first.FilesRead.Count;
            longWire += wireNear.Of(first.FilesRead, p => nearBound.Files[p]);
            nearByFolder.Add(first.FilesRead, p => nearBound.Files[p].Length);
            var all = await AllUrls(reader, query);
            longFalse += all.Except(truth[query]).Count();
            longMissed += truth[query].Except(all).Count();
        }
        var longTruth = longer.Sum(q => truth[q].Count);
        Console.WriteLine($"ours: {queries.Count} two-character queries, avg {oursBytes / queries.Count / 1024.0:F1} KiB and {oursFiles / (double)queries.Count:F1} files per query (first 20 results with titles), source item found {100.0 * oursSource / queries.Count:F1}%, mean recall {100 * oursRecall / queries.Count:F1}%, {queryWatch.ElapsedMilliseconds / queries.Count} ms/query (C#, local disk); {oursWire / queries.Count / 1024.0:F1} KiB as Front Door sends it");
        Console.WriteLine($"ours: the 3–6-character queries by folder: {nearByFolder.Describe(longer.Count)}");
        Console.WriteLine($"ours: {longer.Count} queries of 3–6 characters from bodies: {longTruth} true matches, {longMissed} missed, {longFalse} false positives ({100.0 * longFalse / Math.Max(1, longTruth + longFalse):F2}% of hits); avg {longBytes / longer.Count / 1024.0:F1} KiB and {longFiles / (double)longer.Count:F1} files per query (first 20 results); {longWire / longer.Count / 1024.0:F1} KiB as Front Door sends it");

        // The query service (GET /api/search): what the page downloads when it answers, and what the service reads.
        await ServiceCosts("no delta", new DirectorySiteFiles(site), merged, queries.Select(q => q.Query).ToList(), longer);
        await ServiceCosts("near the bounds", new DirectorySiteFiles(nearBoundSite), reader, queries.Select(q => q.Query).ToList(), longer);

        if (oursOnly) return;
        var queryFile = Path.Combine(folder, "queries.json");
        File.WriteAllText(queryFile, JsonSerializer.Serialize(queries.Select(q => q.Query)));
        var harness = Path.Combine(repo, "tests", "Disclosure.Benchmarks", "pagefind-harness.mjs");
        var pf = Run("node", repo, [harness, site, queryFile]);
        if (pf.Code != 0) throw new InvalidOperationException("pagefind harness failed: " + pf.Err);
        var pfResults = JsonDocument.Parse(pf.Out).RootElement;
        long pfBytes = 0, pfFiles = 0;
        int pfSource = 0, pfHits = 0, pfFalse = 0;
        double pfRecall = 0;
        var i = 0;
        foreach (var result in pfResults.GetProperty("queries").EnumerateArray())
        {
            var (query, source) = queries[i++];
            pfBytes += result.GetProperty("bytes").GetInt64();
            pfFiles += result.GetProperty("files").GetInt64();
            var urls = result.GetProperty("urls").EnumerateArray().Select(u => NormalizePagefindUrl(u.GetString()!)).ToHashSet();
            if (urls.Contains(source)) pfSource++;
            pfRecall += Recall(urls, truth[query]);
            pfHits += urls.Count;
            pfFalse += urls.Count(u => !truth[query].Contains(u));
        }
        Console.WriteLine($"pagefind: initial load (pagefind.js, wasm, metadata) {pfResults.GetProperty("initBytes").GetInt64() / 1024.0:F1} KiB once per page view, then avg {pfBytes / queries.Count / 1024.0:F1} KiB and {pfFiles / (double)queries.Count:F1} files per query (first 20 results with titles), source item found {100.0 * pfSource / queries.Count:F1}%, mean recall {100 * pfRecall / queries.Count:F1}%, {pfFalse} of {pfHits} results do not contain the query ({100.0 * pfFalse / Math.Max(1, pfHits):F1}%)");
    }

    /// <summary>
    /// The query service over one site: per query, the JSON response the page downloads (one request; bytes as Front Door
    /// sends it) and, behind it, the index files the service reads from storage and its time, with a cache kept across
    /// the queries as one instance keeps it. Every answer must equal the first page the static reader gives.
    /// </summary>
    private static async Task ServiceCosts(string label, ISiteFileSource site, SearchIndexReader reader, IReadOnlyList<string> twoCharacter, IReadOnlyList<string> longer)
    {
        foreach (var (kind, list) in new[] { ("two-character", twoCharacter), ("3–6-character", longer) })
        {
            var counting = new NotedReads(site);
            var service = new SearchQueries(counting, TimeProvider.System, new SearchQueryOptions { ManifestRecheck = TimeSpan.FromHours(1) });
            long responseBytes = 0, responseWire = 0;
            var times = new List<double>();
            var firstReads = 0;
            foreach (var query in list)
            {
                var watch = Stopwatch.StartNew();
                var answer = (await service.RunAsync(query, null, default)).Answer ?? throw new InvalidOperationException($"no answer for {query}");
                times.Add(watch.Elapsed.TotalMilliseconds);
                if (firstReads == 0) firstReads = counting.Reads.Count;
                var expected = await reader.SearchAsync(query, 1, 20);
                if (answer.Total != expected.Total || !answer.Results.Select(r => r.Url).SequenceEqual(expected.Hits.Select(h => h.Meta.Url)))
                    throw new InvalidOperationException($"the service's answer to {query} differs from the static reader's");
                var json = JsonSerializer.SerializeToUtf8Bytes(answer, JsonSerializerOptions.Web);
                responseBytes += json.Length;
                responseWire += json.Length >= 1024 ? WireBytes.Gzipped(json) : json.Length;
            }
            times.Sort();
            Console.WriteLine($"query service, {label}: {list.Count} {kind} queries, 1 request of avg {responseBytes / list.Count / 1024.0:F1} KiB per query "
                + $"({responseWire / list.Count / 1024.0:F1} KiB as Front Door sends it); behind it, the first query read {firstReads} index files, "
                + $"all {list.Count} read {counting.Reads.Count} ({counting.Bytes / 1024.0 / 1024.0:F2} MB, {counting.Reads.Count / (double)list.Count:F1} files per query) with one instance's cache; "
                + $"time per query (wall, files on local disk) median {times[times.Count / 2]:F2} ms, 95th percentile {times[(int)(times.Count * 0.95)]:F2} ms");
        }
    }

    /// <summary>
    /// What a query's files cost over the wire behind the portal's Front Door, which compresses JSON (infra/core/cdn/
    /// front-door.bicep: <c>application/json</c> among contentTypesToCompress; files of 1 KB to 8 MB) but not the
    /// binary shards (<c>application/octet-stream</c>): gzip at the default level for the JSON files, raw bytes for the
    /// rest. An estimate beside the raw figure, not a replacement: the generated titles repeat more than real ones, so
    /// they compress better.
    /// </summary>
    private sealed class WireBytes
    {
        private readonly Dictionary<string, long> _sizes = new(StringComparer.Ordinal);

        public long Of(IEnumerable<string> paths, Func<string, byte[]> read) => paths.Sum(path =>
        {
            if (_sizes.TryGetValue(path, out var known)) return known;
            var bytes = read(path);
            return _sizes[path] = path.EndsWith(".json", StringComparison.Ordinal) && bytes.Length >= 1024 ? Gzipped(bytes) : bytes.Length;
        });

        public static long Gzipped(byte[] bytes)
        {
            using var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bytes);
            return output.Length;
        }
    }

    /// <summary>What queries read per folder of the index (<c>search/{folder}/…</c>; the manifest on its own), to see where a query's bytes go.</summary>
    private sealed class FolderCosts
    {
        private readonly SortedDictionary<string, (long Bytes, int Files)> _byFolder = new(StringComparer.Ordinal);

        public void Add(IEnumerable<string> paths, Func<string, long> size)
        {
            foreach (var path in paths)
            {
                var parts = path.Split('/');
                var folder = parts.Length > 2 ? parts[1] : parts[^1];
                var (bytes, files) = _byFolder.GetValueOrDefault(folder);
                _byFolder[folder] = (bytes + size(path), files + 1);
            }
        }

        public string Describe(int queries) =>
            string.Join("; ", _byFolder.Select(f => $"{f.Key} {f.Value.Bytes / (double)queries / 1024:F1} KiB in {f.Value.Files / (double)queries:F2} files"));
    }

    private static async Task<HashSet<string>> AllUrls(SearchIndexReader reader, string query)
    {
        var result = await reader.SearchAsync(query, 1, int.MaxValue);
        return result.Hits.Select(h => h.Meta.Url).ToHashSet();
    }

    private static double Recall(HashSet<string> found, HashSet<string> expected) =>
        expected.Count == 0 ? 1 : (double)found.Count(expected.Contains) / expected.Count;

    private static string NormalizePagefindUrl(string url) => url.EndsWith(".html", StringComparison.Ordinal) ? url : url.TrimEnd('/') + ".html";

    private static void WritePage(string site, string url, string title, string indexNumber, string? documentNumber, string body)
    {
        var path = Path.Combine(site, url.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title></head><body>");
        html.Append("<main data-pagefind-body><h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>");
        html.Append("<p>索引号：").Append(WebUtility.HtmlEncode(indexNumber)).Append("</p>");
        if (documentNumber is not null) html.Append("<p>文号：").Append(WebUtility.HtmlEncode(documentNumber)).Append("</p>");
        foreach (var paragraph in body.Split('\n', StringSplitOptions.RemoveEmptyEntries)) html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>");
        html.Append("</main></body></html>");
        File.WriteAllText(path, html.ToString(), new UTF8Encoding(false));
    }

    private static (int Code, string Out, string Err) Run(string file, string workingDirectory, string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Line(string text, string label) =>
        text.Split('\n').FirstOrDefault(l => l.Contains(label, StringComparison.Ordinal))?.Split(": ").Last().Trim() ?? "?";

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "package.json"))) return dir.FullName;
        throw new InvalidOperationException("package.json not found");
    }
}
