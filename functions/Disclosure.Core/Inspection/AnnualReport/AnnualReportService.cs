using Disclosure.Calendar;
using Disclosure.Catalogue;

namespace Disclosure.Inspection.AnnualReport;

/// <summary>The outcome of saving figures: saved, or refused with every reason (Chinese, naming the cell and the difference).</summary>
public sealed record FiguresSaveResult(bool Saved, IReadOnlyList<string> Errors, AnnualReportFigures? Figures)
{
    public static FiguresSaveResult Refused(IReadOnlyList<string> errors) => new(false, errors, null);
}

/// <summary>
/// The annual report (Regulation Art. 49–50, format 国办公开办函〔2021〕30号): an administrator saves the year's figures and
/// edited text, then generates the report from those figures and the catalogue. Generation may run any number of times;
/// each run replaces the stored output with one built from the current records. Table 三 comes from the register of
/// applications when it holds any for the year (<see cref="IRegisterFigureSource"/>); hand entry fills the rest.
/// </summary>
public sealed class AnnualReportService(
    IAnnualReportStore store,
    IReportItemSource items,
    CatalogueSettings catalogue,
    WorkingDayCalendar calendar,
    TimeProvider time,
    ReviewRecord? reviews = null,
    IRegisterFigureSource? register = null)
{
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    /// <summary>The current year in China Standard Time: the latest year a report (or a draft of it) can be made for.</summary>
    public int CurrentYear => time.GetUtcNow().ToOffset(ChinaStandardTime).Year;

    public async Task<FiguresSaveResult> SaveFiguresAsync(int year, AnnualReportFigures figures, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        figures = figures.Normalized();
        if (figures.Year != year)
            return FiguresSaveResult.Refused([$"请求的年度（{year}）与填报数据中的年度（{figures.Year}）不一致"]);

        var previous = await store.GetFiguresAsync(year - 1, cancellationToken).ConfigureAwait(false);
        var errors = AnnualReportFiguresValidator.Validate(figures, CurrentYear, previous);
        if (errors.Count > 0) return FiguresSaveResult.Refused(errors);

        var saved = figures with { UpdatedBy = actor, UpdatedAt = time.GetUtcNow() };
        await store.SaveFiguresAsync(saved, cancellationToken).ConfigureAwait(false);
        return new FiguresSaveResult(true, [], saved);
    }

    public Task<AnnualReportFigures?> GetFiguresAsync(int year, CancellationToken cancellationToken = default) =>
        store.GetFiguresAsync(year, cancellationToken);

    /// <summary>Builds the report for <paramref name="year"/> from the catalogue and the saved figures, renders it, and stores it.</summary>
    public async Task<GeneratedAnnualReport> GenerateAsync(int year, CancellationToken cancellationToken = default)
    {
        if (year < AnnualReportFiguresValidator.FirstReportYear || year > CurrentYear)
            throw new ArgumentOutOfRangeException(nameof(year), year, $"年度{year}无效：应在{AnnualReportFiguresValidator.FirstReportYear}年至{CurrentYear}年之间");

        var figures = await store.GetFiguresAsync(year, cancellationToken).ConfigureAwait(false);
        var previous = await store.GetFiguresAsync(year - 1, cancellationToken).ConfigureAwait(false);
        var all = await items.ListAllItemsAsync(cancellationToken).ConfigureAwait(false);
        var review = reviews is null ? null
            : await reviews.StatementAsync(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), cancellationToken).ConfigureAwait(false);
        var fromRegister = register is null ? null : await register.ForYearAsync(year, cancellationToken).ConfigureAwait(false);
        var model = AnnualReportBuilder.Build(year, all, figures, catalogue, calendar, time.GetUtcNow(), previous, review, fromRegister);
        var report = new GeneratedAnnualReport(model, AnnualReportHtml.Render(model), AnnualReportDocx.Write(model));
        await store.SaveGeneratedAsync(report, cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>
    /// Art. 49: the report for a year is published by 31 January of the next. The deadline for <paramref name="year"/>.
    /// </summary>
    public static DateOnly PublicationDeadline(int year) => new(year + 1, 1, 31);
}
