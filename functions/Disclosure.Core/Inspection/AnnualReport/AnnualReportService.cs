using Disclosure.Calendar;
using Disclosure.Catalogue;

namespace Disclosure.Inspection.AnnualReport;

/// <summary>Why a save of figures was or was not made.</summary>
public enum FiguresSaveOutcome
{
    Saved,
    /// <summary>The figures break a rule of the format (HTTP 400).</summary>
    Invalid,
    /// <summary>Figures are saved and the save did not say which version it was based on (HTTP 428).</summary>
    VersionRequired,
    /// <summary>Someone saved after the version the save was based on (HTTP 409 for the form, 412 for If-Match).</summary>
    Stale,
}

/// <summary>
/// The outcome of saving figures: saved (with the new <see cref="Version"/>), or refused with every reason (Chinese,
/// naming the cell and the difference), or refused as based on another version, with the figures as they are now.
/// </summary>
public sealed record FiguresSaveResult(bool Saved, IReadOnlyList<string> Errors, AnnualReportFigures? Figures)
{
    public FiguresSaveOutcome Outcome { get; init; } = Saved ? FiguresSaveOutcome.Saved : FiguresSaveOutcome.Invalid;
    /// <summary>The store's token of the saved figures.</summary>
    public string? Version { get; init; }
    /// <summary>For <see cref="FiguresSaveOutcome.Stale"/>: what is saved now (null if it was deleted meanwhile).</summary>
    public StoredFigures? Current { get; init; }

    public static FiguresSaveResult Refused(IReadOnlyList<string> errors) => new(false, errors, null);
}

/// <summary>
/// The version a save of figures is based on. <see cref="NothingSaved"/> says the person saw no figures (the first save);
/// a missing version is accepted only while nothing is saved, as for the plan (create without If-Match, change with it).
/// </summary>
public readonly record struct FiguresBasis(string? Version, bool Checked)
{
    /// <summary>The version a form shows when the year has no figures yet.</summary>
    public const string NothingSaved = "none";

    /// <summary>No check: replace whatever is saved, retrying on a conflict (loading figures from code; HTTP saves always say a version). The history is still kept.</summary>
    public static FiguresBasis Latest => new(null, false);

    /// <summary>
    /// Replace whatever is saved, on purpose (If-Match: *): refused as stale when nothing is saved yet, since "*" asks
    /// for an existing version (RFC 9110 13.1.1).
    /// </summary>
    public static FiguresBasis AnySaved => new(AnyVersion, true);

    internal const string AnyVersion = "*";

    /// <summary>Based on <paramref name="version"/> (null or empty: the caller did not say).</summary>
    public static FiguresBasis On(string? version) => new(string.IsNullOrEmpty(version) ? null : version, true);
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
    IRegisterFigureSource? register = null,
    IFiguresHistoryArchive? archive = null)
{
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    /// <summary>The current year in China Standard Time: the latest year a report (or a draft of it) can be made for.</summary>
    public int CurrentYear => time.GetUtcNow().ToOffset(ChinaStandardTime).Year;

    /// <summary>Saves over whatever is saved (<see cref="FiguresBasis.Latest"/>); see the overload with a <see cref="FiguresBasis"/>.</summary>
    public Task<FiguresSaveResult> SaveFiguresAsync(int year, AnnualReportFigures figures, string actor, CancellationToken cancellationToken = default)
        => SaveFiguresAsync(year, figures, actor, FiguresBasis.Latest, cancellationToken);

    /// <summary>
    /// Checks the figures and saves them with optimistic concurrency: a save based on a version someone else has since
    /// replaced writes nothing (<see cref="FiguresSaveOutcome.Stale"/>). Each save that changes a figure appends who,
    /// when and which figures to the record's <see cref="AnnualReportFigures.History"/>, in the same conditional write.
    /// </summary>
    public async Task<FiguresSaveResult> SaveFiguresAsync(int year, AnnualReportFigures figures, string actor, FiguresBasis basis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        figures = figures.Normalized();
        if (figures.Year != year)
            return FiguresSaveResult.Refused([$"请求的年度（{year}）与填报数据中的年度（{figures.Year}）不一致"]);

        // An unchecked save that loses a race with another save tries again on top of it (its figures win, both audits stay).
        for (var attempt = 0; ; attempt++)
        {
            var stored = await store.GetFiguresVersionAsync(year, cancellationToken).ConfigureAwait(false);
            if (basis.Checked && Precondition(basis, stored) is { } refusal) return refusal;

            var previous = await store.GetFiguresAsync(year - 1, cancellationToken).ConfigureAwait(false);
            var errors = AnnualReportFiguresValidator.Validate(figures, CurrentYear, previous);
            if (errors.Count > 0) return FiguresSaveResult.Refused(errors);

            var now = time.GetUtcNow();
            var before = stored?.Figures.Normalized();
            var changes = FiguresHistory.Changes(before, figures);
            var history = before?.History ?? [];
            var saved = figures with
            {
                UpdatedBy = actor,
                UpdatedAt = now,
                History = changes.Count == 0 ? history : [.. history, new FiguresSave(now, actor, changes)],
                HistoryArchived = before?.HistoryArchived ?? 0,
            };
            saved = await ArchiveOldestAsync(saved, cancellationToken).ConfigureAwait(false);
            var version = await store.TrySaveFiguresAsync(saved, stored?.Version, cancellationToken).ConfigureAwait(false);
            if (version is not null) return new FiguresSaveResult(true, [], saved) { Version = version };
            if (basis.Checked || attempt >= 4)
                return Stale(await store.GetFiguresVersionAsync(year, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>The archive of older saves: the one given, else the store's own (the Azure store keeps the parts beside the record).</summary>
    private IFiguresHistoryArchive? Archive => archive ?? store as IFiguresHistoryArchive;

    /// <summary>
    /// When the record would hold twice <see cref="FiguresHistory.SavesPerArchivedPart"/> saves, writes the oldest part's
    /// worth to the archive and returns the record without them; the record's conditional save that follows is what
    /// moves them (a save that loses its race leaves a part whose saves the record still holds: written again alike).
    /// Without an archive the record keeps every save.
    /// </summary>
    private async Task<AnnualReportFigures> ArchiveOldestAsync(AnnualReportFigures figures, CancellationToken cancellationToken)
    {
        const int size = FiguresHistory.SavesPerArchivedPart;
        if (Archive is not { } parts || figures.History.Count < 2 * size) return figures;
        var part = figures.HistoryArchived / size;
        await parts.SavePartAsync(figures.Year, part, [.. figures.History.Take(size)], cancellationToken).ConfigureAwait(false);
        return figures with { History = [.. figures.History.Skip(size)], HistoryArchived = figures.HistoryArchived + size };
    }

    /// <summary>
    /// A page of the year's 修改记录, newest first: without <paramref name="part"/> the saves the record holds, else that
    /// archived part's. Null when no figures are saved or the part does not exist.
    /// </summary>
    public async Task<FiguresHistoryPage?> GetFiguresHistoryAsync(int year, int? part, CancellationToken cancellationToken = default)
    {
        var figures = (await store.GetFiguresAsync(year, cancellationToken).ConfigureAwait(false))?.Normalized();
        if (figures is null) return null;
        var parts = figures.HistoryArchived / FiguresHistory.SavesPerArchivedPart;
        if (part is null) return new FiguresHistoryPage([.. figures.History.Reverse()], parts > 0 ? parts - 1 : null);
        if (part < 0 || part >= parts || Archive is null) return null;
        var saves = await Archive.GetPartAsync(year, part.Value, cancellationToken).ConfigureAwait(false);
        return new FiguresHistoryPage([.. saves.Reverse()], part > 0 ? part - 1 : null);
    }

    /// <summary>
    /// Whether a save based on <paramref name="basis"/> may go ahead over <paramref name="stored"/>: null if so, else the
    /// refusal (no version while figures exist; a version that is no longer the saved one).
    /// </summary>
    public static FiguresSaveResult? Precondition(FiguresBasis basis, StoredFigures? stored)
    {
        if (stored is null) return basis.Version is null or FiguresBasis.NothingSaved ? null : Stale(null);
        if (basis.Version is null)
            return new FiguresSaveResult(false, [VersionRequiredMessage], null) { Outcome = FiguresSaveOutcome.VersionRequired, Current = stored };
        return basis.Version == stored.Version || basis.Version == FiguresBasis.AnyVersion ? null : Stale(stored);
    }

    private static FiguresSaveResult Stale(StoredFigures? current)
        => new(false, [StaleMessage], null) { Outcome = FiguresSaveOutcome.Stale, Current = current };

    public const string VersionRequiredMessage = "本年度已有保存的数据：保存时须说明所依据的版本（表单中的 figuresVersion，或 If-Match 请求头），请重新打开填报页面。";
    public const string StaleMessage = "年度报告数据已被他人修改，您的修改未保存。";

    public Task<AnnualReportFigures?> GetFiguresAsync(int year, CancellationToken cancellationToken = default) =>
        store.GetFiguresAsync(year, cancellationToken);

    /// <summary>The year's figures with the version a later save names (null when none are saved).</summary>
    public Task<StoredFigures?> GetFiguresVersionAsync(int year, CancellationToken cancellationToken = default) =>
        store.GetFiguresVersionAsync(year, cancellationToken);

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
