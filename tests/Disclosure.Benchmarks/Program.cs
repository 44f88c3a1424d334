using BenchmarkDotNet.Running;

if (args is ["search-compare", .. var rest])
{
    // Not a BenchmarkDotNet run: builds our index and Pagefind's over the same pages and compares them (SearchComparison.cs).
    await Disclosure.Benchmarks.SearchComparison.RunAsync(rest);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
