using System.Diagnostics;
using Disclosure.Adapters.Documents;

namespace Disclosure.Benchmarks;

/// <summary>
/// Not a BenchmarkDotNet run: extracts each file of the hostile corpus (tests/Shared/HostileDocuments.cs) once, with
/// the default budgets, each in a process of its own so the peak working set is that file's. Prints one row per
/// file: size, time, bytes allocated by the extraction, the process's peak working set, and the reason given.
/// </summary>
public static class HostileDocumentRun
{
    public static async Task RunAsync(string[] args)
    {
        if (args is [var only])
        {
            await MeasureAsync(only);
            return;
        }
        Console.WriteLine("| file | size | time | allocated | peak working set | reason |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach (var name in HostileDocuments.Corpus.Keys)
        {
            using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, ["hostile-documents", name]) { RedirectStandardOutput = true })!;
            Console.WriteLine((await child.StandardOutput.ReadToEndAsync()).TrimEnd());
            await child.WaitForExitAsync();
        }
    }

    private static async Task MeasureAsync(string name)
    {
        var (file, contentType) = HostileDocuments.Corpus[name];
        var bytes = file();
        var extractor = new DocumentTextExtractor(new DocumentBudgets());
        GC.Collect();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = await extractor.ExtractAsync(new MemoryStream(bytes, writable: false), contentType, CancellationToken.None);
        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine($"| {name} | {bytes.Length / 1024:N0} KiB | {clock.Elapsed.TotalMilliseconds:N0} ms | {allocated / 1024.0 / 1024:N1} MiB "
            + $"| {self.PeakWorkingSet64 / 1024 / 1024:N0} MiB | {result.IncompleteReason} |");
    }
}
