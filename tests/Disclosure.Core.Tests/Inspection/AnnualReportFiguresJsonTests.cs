using System.Text.Json;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Tests.Inspection;

/// <summary>The body of <c>PUT /api/annual-reports/{year}/figures</c>, read with the project's shared JSON options.</summary>
public class AnnualReportFiguresJsonTests
{
    private const string Body = """
        {
          "year": 2025,
          "applications": {
            "NewThisYear":     { "naturalPersons": 3, "businesses": 1, "total": 4 },
            "Disclosed":       { "naturalPersons": 2, "businesses": 1 },
            "UnavailableNotHeld": { "naturalPersons": 1 }
          },
          "reconsideration": { "upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1 },
          "litigationDirect": { "pending": 1 },
          "litigationAfterReconsideration": {},
          "penaltyDecisions": 5,
          "administrativeFeesTenThousandYuan": 3.25,
          "processingFeeNotices": 1,
          "processingFeeYuan": 100,
          "texts": { "problemsAndImprovements": "（一）……" }
        }
        """;

    [Fact]
    public void A_figures_body_reads_into_the_record_and_validates()
    {
        var figures = JsonSerializer.Deserialize<AnnualReportFigures>(Body, CatalogueLoader.Json)!;

        Assert.Equal(2025, figures.Year);
        Assert.Equal(new ApplicantCounts(3, 1, 0, 0, 0, 0, total: 4), figures.Applications[ApplicationRow.NewThisYear]);
        Assert.Equal(1, figures.Applications[ApplicationRow.UnavailableNotHeld].NaturalPersons);
        Assert.Equal(new OutcomeCounts(0, 0, 0, 1), figures.LitigationDirect);
        Assert.Equal(5, figures.PenaltyDecisions);
        Assert.Null(figures.LicensingDecisions);
        Assert.Equal(3.25m, figures.AdministrativeFeesTenThousandYuan);
        Assert.Equal("（一）……", figures.Texts.ProblemsAndImprovements);
        Assert.Null(figures.Texts.OverviewProactive);
        Assert.Empty(AnnualReportFiguresValidator.Validate(figures, 2026));
    }

    [Fact]
    public void Nulls_in_a_body_count_as_nothing_entered()
    {
        var figures = JsonSerializer.Deserialize<AnnualReportFigures>(
            """{ "year": 2025, "applications": { "NewThisYear": null, "CarriedForward": { "naturalPersons": 1 } }, "reconsideration": null, "texts": null }""",
            CatalogueLoader.Json)!;
        Assert.Equal(["自然人：一+二=0，三(七)+四=1，相差1"], AnnualReportFiguresValidator.Validate(figures, 2026));
        Assert.Empty(AnnualReportFiguresValidator.Validate(figures with { Applications = null!, Texts = null! }, 2026));
    }

    [Fact]
    public void An_unknown_row_name_is_a_malformed_body()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AnnualReportFigures>(
            """{ "year": 2025, "applications": { "NoSuchRow": { "naturalPersons": 1 } } }""", CatalogueLoader.Json));
    }
}
