using BenchmarkDotNet.Running;

if (args is ["search-compare", .. var rest])
{
    // Not a BenchmarkDotNet run: builds our index and Pagefind's over the same pages and compares them (SearchComparison.cs).
    await Disclosure.Benchmarks.SearchComparison.RunAsync(rest);
    return;
}

if (args is ["publish-writes"])
{
    // Not a BenchmarkDotNet run: counts the blob writes of incremental publications (PublicationBenchmark.cs).
    await Disclosure.Benchmarks.PublicationBenchmark.RunAsync();
    return;
}

if (args is ["hostile-documents", .. var names])
{
    // Not a BenchmarkDotNet run: time and memory of extracting each hostile document (HostileDocumentRun.cs).
    await Disclosure.Benchmarks.HostileDocumentRun.RunAsync(names);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
