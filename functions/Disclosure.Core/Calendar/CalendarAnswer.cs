using System.Diagnostics.CodeAnalysis;

namespace Disclosure.Calendar;

/// <summary>
/// What the working-day calendar can say about a count: a value, or that it cannot be computed because the State Council's
/// holiday notice of some years is not loaded. There is no implicit value: a caller gets the date or count only through
/// <see cref="Match{TResult}"/> or <see cref="TryGetValue"/>, and so has to decide what to show when the calendar is missing.
/// </summary>
public abstract record CalendarAnswer<T>
{
    private CalendarAnswer() { }

    public static CalendarAnswer<T> Of(T value) => new Known(value);

    public static CalendarAnswer<T> Missing(IEnumerable<int> years) => new Unknown([.. years.Distinct().Order()]);

    public sealed record Known(T Value) : CalendarAnswer<T>;

    /// <summary>The years (ascending, at least one) whose holiday arrangement is needed and not loaded.</summary>
    public sealed record Unknown(IReadOnlyList<int> MissingYears) : CalendarAnswer<T>
    {
        public bool Equals(Unknown? other) => other is not null && MissingYears.SequenceEqual(other.MissingYears);
        public override int GetHashCode() => MissingYears.Aggregate(17, (h, y) => h * 31 + y);
    }

    public TResult Match<TResult>(Func<T, TResult> known, Func<IReadOnlyList<int>, TResult> unknown) => this switch
    {
        Known k => known(k.Value),
        Unknown u => unknown(u.MissingYears),
        _ => throw new InvalidOperationException(),
    };

    public bool TryGetValue([MaybeNullWhen(false)] out T value, out IReadOnlyList<int> missingYears)
    {
        if (this is Known k)
        {
            value = k.Value;
            missingYears = [];
            return true;
        }
        value = default;
        missingYears = ((Unknown)this).MissingYears;
        return false;
    }

    /// <summary>Applies <paramref name="next"/> to a known value; an unknown stays unknown with the same years.</summary>
    public CalendarAnswer<TNext> Then<TNext>(Func<T, CalendarAnswer<TNext>> next)
        => Match(next, years => CalendarAnswer<TNext>.Missing(years));

    public CalendarAnswer<TNext> Select<TNext>(Func<T, TNext> map)
        => Match(v => CalendarAnswer<TNext>.Of(map(v)), years => CalendarAnswer<TNext>.Missing(years));
}

/// <summary>
/// The one wording of a missing calendar, for pages, reminders, findings and reports alike, and what an administrator adds.
/// </summary>
public static class CalendarTexts
{
    /// <summary>The folder the yearly files live in (one file per notice, named by the year).</summary>
    public const string DataFolder = "functions/Disclosure.Core/Data/calendar/";

    /// <summary>"无法计算：缺少2027年节假日安排".</summary>
    public static string Incalculable(IReadOnlyList<int> years) => $"无法计算：缺少{Years(years)}年节假日安排";

    /// <summary>What to add so the date can be computed.</summary>
    public static string WhatToAdd(IReadOnlyList<int> years)
        => $"请在国务院办公厅发布{Years(years)}年部分节假日安排的通知后，在 {DataFolder} 中添加 "
           + string.Join("、", years.Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".json"))
           + "（放假日和调休上班日），无需修改程序。";

    private static string Years(IReadOnlyList<int> years)
        => string.Join("、", years.Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
