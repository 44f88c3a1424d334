using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using Disclosure.Audit;
using Disclosure.Compliance;
using Disclosure.Items;
using Disclosure.Notifications;
using Disclosure.Portal.Tests.Search;
using Disclosure.Publishing;

namespace Disclosure.Benchmarks;

/// <summary>
/// The full site of the same generated 科技局 items, built by our publication and by Hugo in the same run (issue 19):
/// CPU-seconds of each (user + system, all threads). Ours is a nightly publication onto an empty in-memory site: every
/// item page, the column pages, the 目录 pages, the search index, the feeds and the sitemap, and the manifest. Hugo builds
/// the same items written as Hugo content with a layout of the same shape: an item page with the metadata table and the
/// body, one section per column paged by 20, a home page with the 6 newest of each column, a term page per year listing
/// all of its items (the 目录 of a year), RSS per section and a sitemap — no search index (Hugo has none).
/// <c>dotnet run -c Release --project tests/Disclosure.Benchmarks -- hugo-compare [--items 10000] [--dir /tmp/hugo-compare]</c>;
/// without <c>hugo</c> on the PATH only ours is measured, and the run says so.
/// </summary>
internal static class HugoComparison
{
    public static async Task RunAsync(string[] args)
    {
        var count = int.Parse(Option(args, "--items") ?? "10000", CultureInfo.InvariantCulture);
        var directory = Option(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "hugo-compare");
        var generated = new BureauItemGenerator().Generate(count);
        Console.WriteLine($"// {count:N0} generated items; {Machine.Describe()}");

        // The first build in the process pays for JIT compilation, and the next ones for the tiered JIT recompiling the hot
        // methods with what it learnt, on its own thread, so in the CPU-seconds. Each run prints the JIT time it paid
        // (JitInfo, all threads): on 2026-12-05 runs 2–5 paid 0.74, 0.54, 0.32 and 0.14 s of it, runs 6–11 0.01–0.12. The
        // steady state of a warm host is the median of runs 7–11. One renderer for every run, as the host's composition
        // root keeps one (a singleton): its parsed templates and the template engine's member accessors are made once
        // per process, not once per publication.
        var renderer = new PortalRenderer();
        var cold = await OursAsync(generated, renderer);
        var ours = new List<OurRun>();
        for (var run = 2; run < Runs; run++) ours.Add(await OursAsync(generated, renderer));
        // The phases of the last run only.
        using var phases = new PhaseBreakdown();
        ours.Add(await OursAsync(generated, renderer));
        var warm = ours.TakeLast(WarmRuns).OrderBy(r => r.Cpu).ElementAt(WarmRuns / 2);
        string Figures(IEnumerable<OurRun> runs, Func<OurRun, double> figure) =>
            string.Join(" / ", runs.Select(r => figure(r).ToString("F2", CultureInfo.InvariantCulture)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ours (pages, search index, feeds, sitemap): cold {cold.Cpu:F2} CPU-s ({cold.Wall:F2} s wall, {cold.Files:N0} files, JIT {cold.Jit:F2} s); runs 2–{Runs} {Figures(ours, r => r.Cpu)} CPU-s, of it JIT {Figures(ours, r => r.Jit)} s; warm (median of runs {Runs - WarmRuns + 1}–{Runs}) {warm.Cpu:F2} CPU-s ({warm.Wall:F2} s wall)"));
        phases.Print();

        if (!OnPath("hugo"))
        {
            Console.WriteLine("hugo is not on the PATH: the Hugo side is skipped (apt-get install -y hugo, or a release from gohugo.io).");
            return;
        }
        WriteHugoSite(directory, generated);
        Console.WriteLine($"// Hugo site written to {directory}; {HugoVersion()}");
        var runs = new List<(double Cpu, double Wall, long PeakKb)>();
        for (var i = 0; i < 2; i++) runs.Add(RunHugo(directory));
        foreach (var (cpu, wall, peak) in runs)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hugo --renderToMemory (pages, RSS, sitemap; no search): {cpu:F2} CPU-s ({wall:F2} s wall, max RSS {peak / 1024} MB)"));
        var hugo = runs.Min(r => r.Cpu);
        var ratio = hugo / warm.Cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// Hugo / ours (warm): {hugo:F2} / {warm.Cpu:F2} = {ratio:F2}× (cold: {hugo / cold.Cpu:F2}×); target ≥ 4× fewer CPU-seconds than Hugo: {(ratio >= 4 ? "met" : "NOT met")}"));
    }

    /// <summary>Builds in one process: the first is cold, the last <see cref="WarmRuns"/> give the warm figure.</summary>
    private const int Runs = 11;

    private const int WarmRuns = 5;

    /// <param name="Jit">Seconds spent compiling methods during the run, on every thread (included in <paramref name="Cpu"/>).</param>
    private sealed record OurRun(double Cpu, double Wall, int Files, double Jit);

    private static async Task<OurRun> OursAsync(IReadOnlyList<(DisclosureItem Item, string Body)> generated, PortalRenderer renderer)
    {
        var catalogue = BureauItemGenerator.Catalogue();
        var items = new InMemoryItemStore();
        var time = TimeProvider.System;
        foreach (var (item, body) in generated)
        {
            await items.PutAsync(item.Id, "body", new MemoryStream(Encoding.UTF8.GetBytes(body)), "text/plain");
            await items.CreateAsync(item with { BodyId = "body", PublishedVersion = 1 }, ItemChange.Of(new AuditEntry
            {
                ItemId = item.Id, EventId = "generated", At = DateTimeOffset.UnixEpoch, Actor = "benchmark", Action = AuditAction.Published, To = ItemState.Published,
            }));
        }
        var site = new InMemorySiteStore();
        var service = new PublicationService(items, new ItemLifecycle(items, time), items, site, renderer, catalogue,
            new OperatorAlerts(new RecordingNotifier(), catalogue, new ComplianceOptions()), time);
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var jit = JitInfo.GetCompilationTime();
        var clock = Stopwatch.StartNew();
        await service.PublishAsync(PublicationTrigger.Nightly, null, default);
        var wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return new OurRun((process.TotalProcessorTime - cpu).TotalSeconds, wall, site.Blobs.Count, (JitInfo.GetCompilationTime() - jit).TotalSeconds);
    }

    /// <summary>The generated items as Hugo content, one section per column, and a layout of the portal's shape.</summary>
    private static void WriteHugoSite(string directory, IReadOnlyList<(DisclosureItem Item, string Body)> generated)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        var catalogue = BureauItemGenerator.Catalogue();
        Write(directory, "hugo.toml", """
            baseURL = "https://kjj.example.gov.cn/"
            languageCode = "zh-cn"
            title = "市科学技术局政府信息公开"
            disableKinds = []
            [pagination]
              pagerSize = 20
            paginate = 20
            [taxonomies]
              year = "years"
            """);
        foreach (var column in catalogue.Columns)
            Write(directory, $"content/{column.Code}/_index.md", $"---\ntitle: \"{column.Name}\"\n---\n{column.Description}\n");
        foreach (var (item, body) in generated)
        {
            var front = new StringBuilder("---\n")
                .Append("title: \"").Append(item.Title.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"\n")
                .Append("date: ").Append(item.PublishedOn!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n')
                .Append("indexNumber: \"").Append(item.IndexNumber).Append("\"\n")
                .Append("documentNumber: \"").Append(item.DocumentNumber ?? "").Append("\"\n")
                .Append("publisher: \"").Append(item.Publisher).Append("\"\n")
                .Append("genre: \"").Append(item.Genre).Append("\"\n")
                .Append("formedOn: \"").Append(item.FormedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("\"\n")
                .Append("years: [\"").Append(item.PublishedOn.Value.Year.ToString(CultureInfo.InvariantCulture)).Append("\"]\n")
                .Append("---\n");
            foreach (var paragraph in body.Split('\n', StringSplitOptions.RemoveEmptyEntries)) front.Append(paragraph).Append("\n\n");
            Write(directory, $"content/{item.ColumnCode}/{item.Id}.md", front.ToString());
        }
        Write(directory, "layouts/_default/baseof.html", """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{ .Title }} - {{ .Site.Title }}</title><link rel="stylesheet" href="/assets/site.css">
            <link rel="alternate" type="application/rss+xml" href="/index.xml"></head>
            <body><header><a href="/">{{ .Site.Title }}</a><form action="/search/"><input name="q"><button>检索</button></form>
            <nav><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav></header>
            <main>{{ block "main" . }}{{ end }}</main>
            <footer>主办：市科学技术局</footer></body></html>
            """);
        Write(directory, "layouts/_default/single.html", """
            {{ define "main" }}<nav><a href="/">首页</a> › <a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></nav>
            <h1>{{ .Title }}</h1>
            <table><tr><th>索引号</th><td>{{ .Params.indexNumber }}</td><th>发布机构</th><td>{{ .Params.publisher }}</td></tr>
            <tr><th>文号</th><td>{{ .Params.documentNumber }}</td><th>体裁</th><td>{{ .Params.genre }}</td></tr>
            <tr><th>成文日期</th><td>{{ .Params.formedOn }}</td><th>发布日期</th><td>{{ .Date.Format "2006-01-02" }}</td></tr></table>
            <article>{{ .Content }}</article>{{ end }}
            """);
        Write(directory, "layouts/partials/rows.html", """
            <table><tr><th>名称</th><th>索引号</th><th>文号</th><th>发布日期</th></tr>
            {{ range . }}<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.indexNumber }}</td><td>{{ .Params.documentNumber }}</td><td>{{ .Date.Format "2006-01-02" }}</td></tr>
            {{ end }}</table>
            """);
        Write(directory, "layouts/_default/list.html", """
            {{ define "main" }}<h1>{{ .Title }}</h1>{{ $pager := .Paginate .Pages }}{{ partial "rows.html" $pager.Pages }}
            <nav>{{ if $pager.HasPrev }}<a href="{{ $pager.Prev.URL }}">较新一页</a>{{ end }} 第{{ $pager.PageNumber }}页，共{{ $pager.TotalPages }}页
            {{ if $pager.HasNext }}<a href="{{ $pager.Next.URL }}">较早一页</a>{{ end }}</nav>{{ end }}
            """);
        Write(directory, "layouts/_default/term.html", """
            {{ define "main" }}<h1>{{ .Title }}年发布的政府信息公开目录（共{{ len .Pages }}条）</h1>{{ partial "rows.html" .Pages }}{{ end }}
            """);
        Write(directory, "layouts/_default/taxonomy.html", """
            {{ define "main" }}<h1>政府信息公开目录</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>（{{ len .Pages }}条）</li>{{ end }}</ul>{{ end }}
            """);
        Write(directory, "layouts/index.html", """
            {{ define "main" }}{{ range .Site.Sections }}<section><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
            {{ partial "rows.html" (first 6 .Pages) }}</section>{{ end }}{{ end }}
            """);
    }

    private static (double Cpu, double Wall, long PeakKb) RunHugo(string directory)
    {
        // /usr/bin/time reports the child's user and system time (all of Hugo's threads) and its peak resident set.
        var start = new ProcessStartInfo("/usr/bin/time", ["-f", "%U %S %e %M", "hugo", "--renderToMemory", "--quiet", "-s", directory])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var last = errors.Trim().Split('\n')[^1].Split(' ');
        if (process.ExitCode != 0 || last.Length != 4) throw new InvalidOperationException("hugo failed: " + errors);
        double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return (Number(last[0]) + Number(last[1]), Number(last[2]), long.Parse(last[3], CultureInfo.InvariantCulture));
    }

    private static string HugoVersion()
    {
        using var process = Process.Start(new ProcessStartInfo("hugo", ["version"]) { RedirectStandardOutput = true })!;
        var version = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return version;
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, name)));

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n", new UTF8Encoding(false));
    }

    /// <summary>
    /// CPU-seconds (all threads of the process, GC included), wall time and bytes allocated of each phase of a publication
    /// run, from the <c>publication.*</c> activities <see cref="PublicationService"/> starts (issue 19's breakdown).
    /// </summary>
    private sealed class PhaseBreakdown : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly Dictionary<Activity, (TimeSpan Cpu, long Allocated, Collections Collections)> _open = [];
        private readonly List<(string Name, double Cpu, double Wall, long Allocated, Collections Collections)> _done = [];

        /// <summary>Garbage collections of each generation and the time the runtime was paused for them.</summary>
        private readonly record struct Collections(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
        {
            public static Collections Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

            public Collections Since(Collections start) => new(Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2, Paused - start.Paused);
        }

        public PhaseBreakdown()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == Disclosure.Telemetry.DisclosureTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStarted = a => { if (a.OperationName.StartsWith("publication.", StringComparison.Ordinal)) _open[a] = (Cpu(), GC.GetTotalAllocatedBytes(), Collections.Now()); },
                ActivityStopped = a =>
                {
                    if (!_open.Remove(a, out var start)) return;
                    _done.Add((a.OperationName["publication.".Length..], (Cpu() - start.Cpu).TotalSeconds, a.Duration.TotalSeconds,
                        GC.GetTotalAllocatedBytes() - start.Allocated, Collections.Now().Since(start.Collections)));
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        private static TimeSpan Cpu()
        {
            using var process = Process.GetCurrentProcess();
            return process.TotalProcessorTime;
        }

        public void Print()
        {
            var total = _done.Sum(p => p.Cpu);
            Console.WriteLine($"// run {Runs} by phase: CPU-s (share), wall s, MB allocated, collections gen 0/1/2, s paused for them");
            foreach (var (name, cpu, wall, allocated, gc) in _done)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"//   {name,-13} {cpu,6:F2} ({cpu / Math.Max(total, 1e-9),4:P0})  {wall,6:F2}  {allocated / 1e6,8:F1}  {gc.Gen0,3}/{gc.Gen1}/{gc.Gen2}  {gc.Paused.TotalSeconds,5:F2}"));
        }

        public void Dispose() => _listener.Dispose();
    }

    private static string? Option(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

}
