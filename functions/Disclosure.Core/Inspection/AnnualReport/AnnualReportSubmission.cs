using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;

namespace Disclosure.Inspection.AnnualReport;

/// <summary>What became of a request to submit the year's report.</summary>
public abstract record AnnualReportSubmissionOutcome
{
    /// <summary>No report has been generated for the year.</summary>
    public sealed record NotGenerated : AnnualReportSubmissionOutcome;
    /// <summary>Refused: the generation still has system drafts in it; <see cref="Reason"/> names the sections (Chinese).</summary>
    public sealed record DraftsRemain(string Reason) : AnnualReportSubmissionOutcome;
    /// <summary>Handed to intake; <see cref="Result"/> is what intake said.</summary>
    public sealed record Submitted(IntakeResult Result) : AnnualReportSubmissionOutcome;
}

/// <summary>
/// Publishing the annual report goes the way of every item (Art. 17: reviewed before it is public): the generated
/// report is submitted through intake to the 年度报告 column, genre 报告, with the HTML fragment as body and the DOCX
/// filing copy as attachment. The idempotency key is the year and the generation time, so submitting the same
/// generation twice gives the one item; a regenerated report is a new submission. A generation whose sections 一, 五 or
/// 六 are still the system's draft is not submitted at all: the draft is a starting point for the bureau's own account
/// (Art. 50), and a reviewer approving it would publish words nobody at the bureau wrote.
/// </summary>
public sealed class AnnualReportSubmission(IAnnualReportStore store, IntakeService intake, CatalogueSettings catalogue, TimeProvider time)
{
    public const string Column = "ndbg";
    public const string Genre = "报告";

    public async Task<AnnualReportSubmissionOutcome> SubmitAsync(Principal who, int year, CancellationToken ct = default)
    {
        if (await store.GetGeneratedAsync(year, ct).ConfigureAwait(false) is not { } report) return new AnnualReportSubmissionOutcome.NotGenerated();
        if (report.HasDraftSections)
        {
            var sections = report.DraftSections is { Count: > 0 } named ? "“" + string.Join("”“", named) + "”" : "部分章节";
            return new AnnualReportSubmissionOutcome.DraftsRemain(
                $"{year}年度报告的{sections}仍为系统生成的草稿，不能提交发布。请填写这些章节的正文（PUT /api/annual-reports/{year}/figures 的 texts），重新生成后再提交。");
        }
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
        return new AnnualReportSubmissionOutcome.Submitted(await intake.SubmitAsync(who, draft, key, ct).ConfigureAwait(false));
    }
}
