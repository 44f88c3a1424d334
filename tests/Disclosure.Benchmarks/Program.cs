using BenchmarkDotNet.Running;

if (args is ["search-compare", .. var rest])
{
    // Not a BenchmarkDotNet run: builds our index and Pagefind's over the same pages and compares them (SearchComparison.cs).
    await Disclosure.Benchmarks.SearchComparison.RunAsync(rest);
    return;
}

if (args is ["publish-writes", .. var options])
{
    // Not a BenchmarkDotNet run: blob writes, bytes, store reads and time of incremental publications (PublicationBenchmark.cs).
    await Disclosure.Benchmarks.PublicationBenchmark.RunAsync(options);
    return;
}

if (args is ["hugo-compare", .. var hugoOptions])
{
    // Not a BenchmarkDotNet run: the full site of the same generated items, ours and Hugo's, in CPU-seconds (HugoComparison.cs).
    await Disclosure.Benchmarks.HugoComparison.RunAsync(hugoOptions);
    return;
}

if (args is ["hostile-documents", .. var names])
{
    // Not a BenchmarkDotNet run: time and memory of extracting each hostile document (HostileDocumentRun.cs).
    await Disclosure.Benchmarks.HostileDocumentRun.RunAsync(names);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
