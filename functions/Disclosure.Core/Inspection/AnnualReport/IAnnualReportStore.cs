using Disclosure.Items;

namespace Disclosure.Inspection.AnnualReport;

/// <summary>
/// Where the administrator's figures (one record per year) and the generated report are kept. The Azure adapter puts the
/// figures in a table and the HTML/DOCX in the reports container; both writes replace what was there, so a retried call
/// leaves the same state.
/// </summary>
public interface IAnnualReportStore
{
    Task<AnnualReportFigures?> GetFiguresAsync(int year, CancellationToken cancellationToken = default);

    /// <summary>Replaces the year's figures.</summary>
    Task SaveFiguresAsync(AnnualReportFigures figures, CancellationToken cancellationToken = default);

    /// <summary>The year's figures with the store's concurrency token (a blob ETag in Azure), or null when none are saved.</summary>
    Task<StoredFigures?> GetFiguresVersionAsync(int year, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves when <paramref name="ifMatch"/> is the stored token, or creates when it is null and nothing is stored yet.
    /// Returns the new token, or null when someone else saved (or created) first: nothing is written then.
    /// </summary>
    Task<string?> TrySaveFiguresAsync(AnnualReportFigures figures, string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Replaces the year's generated report (HTML fragment, DOCX, metadata).</summary>
    Task SaveGeneratedAsync(GeneratedAnnualReport report, CancellationToken cancellationToken = default);

    Task<StoredAnnualReport?> GetGeneratedAsync(int year, CancellationToken cancellationToken = default);
}

/// <summary>A year's figures as stored, with the token a conditional save must name (<see cref="IAnnualReportStore.TrySaveFiguresAsync"/>).</summary>
public sealed record StoredFigures(AnnualReportFigures Figures, string Version);

/// <summary>The catalogue's items as the report counts them: every version of every item, in any state.</summary>
public interface IReportItemSource
{
    Task<IReadOnlyList<DisclosureItem>> ListAllItemsAsync(CancellationToken cancellationToken = default);
}

/// <summary>A generated report: the model it was rendered from, the portal's HTML fragment and the DOCX filing copy.</summary>
public sealed record GeneratedAnnualReport(AnnualReportModel Model, string Html, byte[] Docx)
{
    public int Year => Model.Year;
    public string Title => Model.Title;
    /// <summary>The file name the DOCX is filed and downloaded under.</summary>
    public string DocxFileName => $"{Model.Title}.docx";
}

/// <summary>A report as read back from storage (the model itself is not stored; it is rebuilt on each generation).</summary>
public sealed record StoredAnnualReport(
    int Year,
    string Title,
    string Html,
    byte[] Docx,
    DateTimeOffset GeneratedAt,
    bool HasDraftSections,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string>? DraftSections = null);
