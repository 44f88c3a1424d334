using System.Diagnostics;
using System.Text.Json;
using Disclosure.Adapters.Import;
using Disclosure.Functions;
using Disclosure.Identity;
using Disclosure.Import;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Disclosure.ImportTool;

/// <summary>
/// The administrators' import command (历史导入). It composes the app exactly as the function app does
/// (<see cref="DisclosureServices.AddDisclosure"/>) from the same settings, so it writes to the storage the app uses;
/// the imported items' checks then run in the app's check queue, and its next publication run puts them online.
/// </summary>
public static class ImportCommand
{
    public const string Usage = """
        用法：dotnet run --project functions/Disclosure.Import -- <目录文件.xlsx|.csv> [--files <附件文件夹|附件.zip>] [--dry-run]
                  [--report <报告文件夹>] [--as <导入人姓名>] [--department <处室代码>]
          --dry-run     只检查，不写入任何数据；报告列出每一条未通过的行及原因
          --files       正文文件和附件所在的文件夹或 zip（目录中“正文文件”“附件”列写的文件名）
          --report      HTML 和 CSV 报告写到这个文件夹（默认：目录文件所在的文件夹）
          --as          审计记录“历史导入”中的导入人（默认：当前系统用户）
          --department  没有“责任处室”列时，导入信息的责任处室（默认：Applications__OfficeDepartment，即 bgs）
        存储：与应用相同的设置（环境变量，或当前目录的 local.settings.json 中的 Values），例如 Storage。
        """;

    /// <summary>Environment variables over local.settings.json's Values over the committed sample, as the local host reads them.</summary>
    public static IReadOnlyDictionary<string, string?> SettingsFromEnvironment()
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in new[] { Path.Combine(AppContext.BaseDirectory, "local.settings.sample.json"), "local.settings.json" })
        {
            if (!File.Exists(file)) continue;
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            if (!json.RootElement.TryGetProperty("Values", out var values)) continue;
            foreach (var p in values.EnumerateObject()) settings[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText();
        }
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables()) settings[(string)e.Key] = (string?)e.Value;
        return settings;
    }

    /// <returns>0: done (or a dry run with no failing row); 1: rows failed (see the report); 2: the command or the file is wrong.</returns>
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?> settings, TextWriter output, TextWriter errors,
        CancellationToken ct, IProgress<ImportProgress>? progress = null, Action<ImportSummary>? finished = null)
    {
        if (Arguments.Parse(args) is not { } arguments)
        {
            await errors.WriteLineAsync(Usage);
            return 2;
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":"), s.Value)));
        builder.Services.AddDisclosure(builder.Configuration);
        using var host = builder.Build();
        var import = host.Services.GetRequiredService<CatalogueImport>();
        var department = arguments.Department ?? builder.Configuration["Applications:OfficeDepartment"] ?? "bgs";
        var importer = new Principal(arguments.ImportedBy ?? Environment.UserName, department, new HashSet<string> { Role.Administrator })
        {
            Id = "import:" + (arguments.ImportedBy ?? Environment.UserName),
        };

        ImportSummary summary;
        try
        {
            var table = CatalogueFiles.OpenTable(arguments.Catalogue);
            var files = CatalogueFiles.OpenFiles(arguments.Files);
            try
            {
                summary = arguments.DryRun
                    ? await import.DryRunAsync(table, files, importer, ct)
                    : await import.ImportAsync(table, files, importer, progress ?? new ConsoleProgress(errors), ct);
            }
            finally
            {
                (files as IDisposable)?.Dispose();
            }
        }
        catch (Exception e) when (e is ImportFileException or ImportCheckpointConflictException)
        {
            await errors.WriteLineAsync(e.Message);
            return 2;
        }

        finished?.Invoke(summary);
        var reports = arguments.ReportFolder ?? Path.GetDirectoryName(Path.GetFullPath(arguments.Catalogue))!;
        Directory.CreateDirectory(reports);
        var stem = Path.Combine(reports, Path.GetFileNameWithoutExtension(arguments.Catalogue) + (summary.DryRun ? ".预检报告" : ".导入报告"));
        await File.WriteAllTextAsync(stem + ".html", ImportReport.ToHtml(summary), ct);
        await File.WriteAllTextAsync(stem + ".csv", ImportReport.ToCsv(summary), ct);

        await output.WriteLineAsync(summary.DryRun
            ? $"预检完成（未写入任何数据）：共 {summary.Rows} 行，可以导入 {summary.Importable} 行，此前已导入 {summary.AlreadyThere} 行，未通过 {summary.Failures.Count} 行。"
            : $"导入完成：共 {summary.Rows} 行，本次导入 {summary.Imported} 行，此前已导入 {summary.AlreadyThere} 行，未通过 {summary.Failures.Count} 行"
              + (summary.ResumedAfterRow > 0 ? $"（从第 {summary.ResumedAfterRow} 行之后继续）" : "")
              + $"；用时 {summary.Elapsed.TotalSeconds:0.0} 秒，每秒 {summary.RowsPerSecond:0.0} 行。导入的信息经自动检查后，由下次发布上线。");
        await output.WriteLineAsync($"报告：{stem}.html 和 {stem}.csv");
        if (summary.OldAddresses is { } old)
        {
            await output.WriteLineAsync($"原网址：{old.Rows} 行，{(old.DryRun ? "将新增" : "新增")} {old.Added} 条，已有 {old.AlreadyThere} 条，不能转发 {old.Refused.Count} 条；发布后由旧网址转到新页面。");
            foreach (var note in old.Refused) await output.WriteLineAsync($"  第 {note.Line} 行 {note.OldUrl}：{note.Reason}");
        }
        return summary.Failures.Count > 0 ? 1 : 0;
    }

    private sealed class ConsoleProgress(TextWriter errors) : IProgress<ImportProgress>
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();

        public void Report(ImportProgress value)
        {
            if (_since.Elapsed < TimeSpan.FromSeconds(1) && value.RowsDone < value.RowsTotal) return;
            _since.Restart();
            errors.WriteLine(value.ToChinese());
        }
    }

    private sealed record Arguments(string Catalogue, string? Files, bool DryRun, string? ReportFolder, string? ImportedBy, string? Department)
    {
        public static Arguments? Parse(string[] args)
        {
            string? catalogue = null, files = null, report = null, by = null, department = null;
            var dryRun = false;
            for (var i = 0; i < args.Length; i++)
            {
                string? Next() => i + 1 < args.Length ? args[++i] : null;
                switch (args[i])
                {
                    case "--dry-run": dryRun = true; break;
                    case "--files": files = Next() ?? ""; break;
                    case "--report": report = Next() ?? ""; break;
                    case "--as": by = Next() ?? ""; break;
                    case "--department": department = Next() ?? ""; break;
                    case var a when a.StartsWith("--", StringComparison.Ordinal): return null;
                    default:
                        if (catalogue is not null) return null;
                        catalogue = args[i];
                        break;
                }
            }
            if (catalogue is null || files == "" || report == "" || by == "" || department == "") return null;
            return new Arguments(catalogue, files, dryRun, report, by, department);
        }
    }
}
