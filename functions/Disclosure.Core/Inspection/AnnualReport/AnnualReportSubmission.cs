using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;

namespace Disclosure.Inspection.AnnualReport;

/// <summary>
/// Publishing the annual report goes the way of every item (Art. 17: reviewed before it is public): the generated
/// report is submitted through intake to the 年度报告 column, genre 报告, with the HTML fragment as body and the DOCX
/// filing copy as attachment. The idempotency key is the year and the generation time, so submitting the same
/// generation twice gives the one item; a regenerated report is a new submission.
/// </summary>
public sealed class AnnualReportSubmission(IAnnualReportStore store, IntakeService intake, CatalogueSettings catalogue, TimeProvider time)
{
    public const string Column = "ndbg";
    public const string Genre = "报告";

    /// <summary>Null when the year's report has not been generated yet.</summary>
    public async Task<IntakeResult?> SubmitAsync(Principal who, int year, CancellationToken ct = default)
    {
        if (await store.GetGeneratedAsync(year, ct).ConfigureAwait(false) is not { } report) return null;
        var column = catalogue.FindColumn(Column);
        var draft = new SubmissionDraft
        {
            Title = report.Title,
            Column = Column,
            Genre = Genre,
            Publisher = catalogue.Agency.Name,
            Department = column?.ResponsibleDepartment ?? who.DepartmentCode,
            FormedOn = ChinaTime.Today(time).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Attribute = DisclosureAttribute.Proactive.ToChinese(),
            Scope = DisclosureScope.Public.ToChinese(),
            Term = "长期",
            Validity = Validity.InForce.ToChinese(),
            Keywords = "政府信息公开 年度报告",
            Summary = string.Create(CultureInfo.InvariantCulture, $"{catalogue.Agency.Name}{year}年政府信息公开工作年度报告（条例第四十九条、第五十条）。"),
            Body = report.Html,
            BodyFormat = "html",
            Attachments = [new UploadedFile(report.Title + ".docx", report.Docx)],
        };
        var key = string.Create(CultureInfo.InvariantCulture, $"annual-report-{year}-{report.GeneratedAt.UtcTicks}");
        return await intake.SubmitAsync(who, draft, key, ct).ConfigureAwait(false);
    }
}
