using Disclosure.ImportTool;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
return await ImportCommand.RunAsync(args, ImportCommand.SettingsFromEnvironment(), Console.Out, Console.Error, stop.Token);
