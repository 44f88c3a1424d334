using System.Text;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Items;
using Disclosure.Portal.Tests.Quality;

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
        await QualityTools.EnsureInstalledAsync();
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
            Assert.Empty(await QualityTools.NuErrorsAsync([file]));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
