using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Disclosure.Infra.Tests.Bicep;

/// <summary>One finding of the Bicep compiler or linter, parsed from its default diagnostics format.</summary>
public sealed record BicepDiagnostic(string File, int Line, int Column, string Level, string Code, string Message)
{
    public override string ToString() => $"{Path.GetFileName(File)}({Line},{Column}) {Level} {Code}: {Message}";
}

public sealed record BicepRun(int ExitCode, string StandardOutput, string StandardError)
{
    // path(line,col) : Level code: message
    private static readonly Regex DiagnosticLine = new(
        @"^(?<file>.+?)\((?<line>\d+),(?<column>\d+)\) : (?<level>Error|Warning|Info) (?<code>[^:]+): (?<message>.*)$",
        RegexOptions.CultureInvariant);

    /// <summary>
    /// Every non-empty line the tool wrote to standard error, as diagnostics. A line that is not in the diagnostics
    /// format throws, so an unexpected message (a crash, a changed format) cannot pass as "no warnings".
    /// </summary>
    public IReadOnlyList<BicepDiagnostic> Diagnostics()
    {
        var result = new List<BicepDiagnostic>();
        foreach (var raw in StandardError.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var match = DiagnosticLine.Match(line);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Unrecognised bicep output line: {line}");
            }

            result.Add(new BicepDiagnostic(
                match.Groups["file"].Value,
                int.Parse(match.Groups["line"].Value),
                int.Parse(match.Groups["column"].Value),
                match.Groups["level"].Value,
                match.Groups["code"].Value,
                match.Groups["message"].Value));
        }

        return result;
    }
}

/// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 NuGet package (path baked in at build time).</summary>
public static class BicepCli
{
    private static readonly Lazy<string> Executable = new(Locate);

    public static string Path => Executable.Value;

    public static BicepRun Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish in 3 minutes");
        }

        return new BicepRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Locate()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepPath").Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new FileNotFoundException(
                "The bicep binary from the Azure.Bicep.CommandLine.linux-x64 package was not found; run dotnet restore.", path);
        }

        // NuGet extraction does not always keep the executable bit for every user.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            var wanted = mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if (mode != wanted)
            {
                File.SetUnixFileMode(path, wanted);
            }
        }

        return path;
    }
}
