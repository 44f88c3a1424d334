using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Items;

namespace Disclosure.Portal.Tests.AnnualReport;

/// <summary>
/// The annual report's HTML fragment, put in a minimal page, checked by the real Nu HTML Checker (vnu-jar from the repo's
/// pinned node_modules, run with Java). Missing tools fail the test with what to install; it is never skipped.
/// </summary>
public class AnnualReportHtmlCheckTests
{
    [Fact]
    public async Task The_annual_report_fragment_passes_the_Nu_HTML_Checker_without_errors()
    {
        var root = RepositoryRoot();
        var vnu = Path.Combine(root, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
        Assert.True(File.Exists(vnu), $"缺少 {vnu}：请在仓库根目录运行 npm ci");

        var catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
        var item = new DisclosureItem
        {
            Id = "a1", IndexNumber = new IndexNumber("113301000024820810", 2025, 1), Title = "规范性文件", ColumnCode = "zcfg",
            Genre = "行政规范性文件", Publisher = "市科学技术局", DepartmentCode = "zcfgc", FormedOn = new DateOnly(2025, 3, 1),
            PublishedOn = new DateOnly(2025, 3, 4), State = ItemState.Published, SubmittedBy = "zcfgc@kjj.gov.cn",
            SubmittedAt = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.FromHours(8)),
        };
        var figures = new AnnualReportFigures
        {
            Year = 2025,
            Applications = new Dictionary<ApplicationRow, ApplicantCounts>
            {
                [ApplicationRow.NewThisYear] = new(2, 0, 0, 0, 0, 0),
                [ApplicationRow.Disclosed] = new(2, 0, 0, 0, 0, 0),
            },
            Texts = new ReportTexts { ProblemsAndImprovements = "<script>alert(1)</script>\n第二段 & “引号”" },
        };
        var model = AnnualReportBuilder.Build(2025, [item], figures, catalogue,
            WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar")), new DateTimeOffset(2026, 1, 20, 2, 0, 0, TimeSpan.Zero));

        var page = $"<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>{AnnualReportHtml.Encode(model.Title)}</title></head>\n"
                 + $"<body><main><h1>{AnnualReportHtml.Encode(model.Title)}</h1>\n{AnnualReportHtml.Render(model)}</main></body>\n</html>\n";
        var file = Path.Combine(Path.GetTempPath(), $"annual-report-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(file, page, new UTF8Encoding(false));
        try
        {
            var (exitCode, stdout, stderr) = await RunAsync("java", ["-jar", vnu, "--errors-only", "--format", "json", file], root);
            // vnu writes its JSON report to stderr.
            var json = stderr.Trim().Length > 0 ? stderr : stdout;
            using var report = JsonDocument.Parse(json);
            var errors = report.RootElement.GetProperty("messages").EnumerateArray()
                .Select(m => $"{m.GetProperty("type").GetString()}: {m.GetProperty("message").GetString()}")
                .ToList();
            Assert.Empty(errors);
            Assert.Equal(0, exitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string file, string[] args, string workingDirectory)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"无法启动 {file}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("缺少 Java：请安装 Debian 软件包 default-jre-headless", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && Directory.Exists(Path.Combine(dir.FullName, "functions")))
                return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
