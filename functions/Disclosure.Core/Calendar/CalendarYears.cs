using Disclosure.Identity;
using Disclosure.Workbench;

namespace Disclosure.Calendar;

/// <summary>A year's arrangement as an administrator added it, with the store's version and who saved it when.</summary>
public sealed record StoredHolidayYear(HolidayYear Year, string ETag, string SavedBy, DateTimeOffset SavedAt);

/// <summary>One save of a year's arrangement, kept beside it: who, when, from which notice, how many days.</summary>
public sealed record HolidayYearChange(int Year, string SavedBy, DateTimeOffset SavedAt, string Source, int Holidays, int Workdays);

/// <summary>Where added years live (not the packaged files): every instance reads them, a save is conditional.</summary>
public interface ICalendarYearStore
{
    Task<IReadOnlyList<StoredHolidayYear>> ListAsync(CancellationToken ct = default);

    /// <summary>
    /// Saves the year with its change entry in one write: a new year only if none is stored (<paramref name="ifMatch"/>
    /// null), a correction only over the version <paramref name="ifMatch"/>. The new version, or null when that condition failed.
    /// </summary>
    Task<string?> TrySaveAsync(HolidayYear year, HolidayYearChange change, string? ifMatch, CancellationToken ct = default);

    /// <summary>The saves of a year, newest first.</summary>
    Task<IReadOnlyList<HolidayYearChange>> ListChangesAsync(int year, CancellationToken ct = default);
}

public abstract record CalendarYearSave
{
    public sealed record Saved(StoredHolidayYear Year) : CalendarYearSave;
    public sealed record Invalid(IReadOnlyList<FormError> Errors) : CalendarYearSave;
    /// <summary>The year ships with the program: changing it is a change of the data files, reviewed like code.</summary>
    public sealed record Packaged(int Year) : CalendarYearSave;
    /// <summary>Someone saved the year since the version the person saw (or added it while they typed a new one).</summary>
    public sealed record Stale(StoredHolidayYear? Current) : CalendarYearSave;
}

/// <summary>
/// The years an administrator adds without a deploy (holidays.md: "data that is added each year without a code
/// change"): saved to the store, and put into this instance's <see cref="WorkingDayCalendar"/> at once; other instances
/// take them on their next <see cref="RefreshAsync"/> (the host runs one every <see cref="RefreshEvery"/>).
/// </summary>
public sealed class CalendarYears(WorkingDayCalendar calendar, ICalendarYearStore store, TimeProvider time)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);

    public WorkingDayCalendar Calendar => calendar;

    /// <summary>Reads the added years and puts them into the calendar; returns them.</summary>
    public async Task<IReadOnlyList<StoredHolidayYear>> RefreshAsync(CancellationToken ct = default)
    {
        var stored = await store.ListAsync(ct);
        calendar.UseAddedYears(stored.Select(s => s.Year));
        return stored;
    }

    public async Task<StoredHolidayYear?> FindAsync(int year, CancellationToken ct = default)
        => (await store.ListAsync(ct)).FirstOrDefault(s => s.Year.Year == year);

    public Task<IReadOnlyList<HolidayYearChange>> ChangesAsync(int year, CancellationToken ct = default) => store.ListChangesAsync(year, ct);

    /// <param name="ifMatch">The version the person saw: null for a year not stored yet.</param>
    public async Task<CalendarYearSave> SaveAsync(Principal who, int year, string? source, string? holidays, string? workdays, string? ifMatch,
        CancellationToken ct = default)
    {
        if (calendar.IsPackaged(year)) return new CalendarYearSave.Packaged(year);
        var (parsed, errors) = HolidayYearInput.Parse(year, source, holidays, workdays);
        if (parsed is null) return new CalendarYearSave.Invalid(errors);
        var at = time.GetUtcNow();
        var change = new HolidayYearChange(year, who.Name, at, parsed.Source, parsed.Holidays.Count, parsed.Workdays.Count);
        if (await store.TrySaveAsync(parsed, change, ifMatch, ct) is not { } etag)
            return new CalendarYearSave.Stale(await FindAsync(year, ct));
        await RefreshAsync(ct);
        return new CalendarYearSave.Saved(new StoredHolidayYear(parsed, etag, who.Name, at));
    }
}
