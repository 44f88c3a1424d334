using Disclosure.LocalHost;

await using var host = await LocalFunctionsHost.StartAsync(new LocalHostOptions
{
    Url = Environment.GetEnvironmentVariable("LOCALHOST_URL") ?? "http://127.0.0.1:7071",
}, args);

var root = host.BaseAddress.ToString().TrimEnd('/');
Console.WriteLine($"""

    Disclosure.Functions local host is running ({host.Catalog.All.Count} functions).
    {LocalEdge.SinglePersonNotice}
      门户 Portal:           {root}/
      提交表单 Submission:   {root}/api/submissions/new
      健康检查 Health:       {root}/api/health
    Press Ctrl+C to stop.

    """);
await host.App.WaitForShutdownAsync();
