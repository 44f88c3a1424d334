using Disclosure.LoadDriver;

// dotnet run -c Release --project tests/Disclosure.LoadDriver -- [--items 1000] [--clients 32] [--url http://host:7071] [--until accepted|checked|published] [--timeout 600]
var options = LoadOptions.Parse(args);
var report = await LoadRun.RunAsync(options, Console.Out);
return report.Passed ? 0 : 1;
