using System.Diagnostics.CodeAnalysis;

namespace Disclosure.Calendar;

/// <summary>
/// What the working-day calendar can say about a count: a value, or that it cannot be computed exactly because the State
/// Council's holiday notice of some years is not loaded. An unknown answer still carries the Monday–Friday estimate
/// (holidays.md: "fall back to Monday–Friday and say so"), so a clock can keep running; there is no implicit value: a
/// caller gets the exact value through <see cref="Match{TResult}"/> or <see cref="TryGetValue"/>, or the estimate with the
/// years it assumed through <see cref="ValueOrEstimate"/>, and has to decide how to say which it shows.
/// </summary>
public abstract record CalendarAnswer<T>
{
    private CalendarAnswer() { }

    public static CalendarAnswer<T> Of(T value) => new Known(value);

    /// <param name="years">The years whose arrangement is needed and not loaded.</param>
    /// <param name="estimate">The answer when every day of those years is a working day from Monday to Friday.</param>
    public static CalendarAnswer<T> Missing(IEnumerable<int> years, T estimate) => new Unknown([.. years.Distinct().Order()], estimate);

    public sealed record Known(T Value) : CalendarAnswer<T>;

    /// <summary>
    /// The years (ascending, at least one) whose holiday arrangement is needed and not loaded, and the Monday–Friday
    /// <see cref="Estimate"/>: never to be shown without saying it is one.
    /// </summary>
    public sealed record Unknown(IReadOnlyList<int> MissingYears, T Estimate) : CalendarAnswer<T>
    {
        public bool Equals(Unknown? other)
            => other is not null && MissingYears.SequenceEqual(other.MissingYears) && EqualityComparer<T>.Default.Equals(Estimate, other.Estimate);
        public override int GetHashCode() => HashCode.Combine(MissingYears.Aggregate(17, (h, y) => h * 31 + y), Estimate);
    }

    /// <summary>The exact value, or the Monday–Friday estimate; <paramref name="estimatedYears"/> is empty exactly when it is exact.</summary>
    public T ValueOrEstimate(out IReadOnlyList<int> estimatedYears)
    {
        switch (this)
        {
            case Known k:
                estimatedYears = [];
                return k.Value;
            case Unknown u:
                estimatedYears = u.MissingYears;
                return u.Estimate;
            default:
                throw new InvalidOperationException();
        }
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

    /// <summary>Applies <paramref name="next"/> to a known value; an unknown stays unknown, its years joined by those <paramref name="next"/> misses on the estimate.</summary>
    public CalendarAnswer<TNext> Then<TNext>(Func<T, CalendarAnswer<TNext>> next) => this switch
    {
        Known k => next(k.Value),
        Unknown u => StillMissing(u.MissingYears, next(u.Estimate)),
        _ => throw new InvalidOperationException(),
    };

    private static CalendarAnswer<TNext> StillMissing<TNext>(IReadOnlyList<int> years, CalendarAnswer<TNext> answer)
    {
        var estimate = answer.ValueOrEstimate(out var more);
        return CalendarAnswer<TNext>.Missing(years.Concat(more), estimate);
    }

    public CalendarAnswer<TNext> Select<TNext>(Func<T, TNext> map) => this switch
    {
        Known k => CalendarAnswer<TNext>.Of(map(k.Value)),
        Unknown u => CalendarAnswer<TNext>.Missing(u.MissingYears, map(u.Estimate)),
        _ => throw new InvalidOperationException(),
    };
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

    /// <summary>"估算：缺少2027年节假日安排，按周一至周五计算", said beside every estimated date or count shown to staff.</summary>
    public static string Estimated(IReadOnlyList<int> years) => $"估算：缺少{Years(years)}年节假日安排，按周一至周五计算";

    /// <summary>
    /// What a letter or notice to an applicant says instead of an estimated date: the agency does not tell a member of
    /// the public a legal deadline it may have to correct.
    /// </summary>
    public static string ToBeFixed(IReadOnlyList<int> years) => $"具体日期待{Years(years)}年节假日安排公布后确定";

    /// <summary>What to add so the date can be computed.</summary>
    public static string WhatToAdd(IReadOnlyList<int> years)
        => $"请在国务院办公厅发布{Years(years)}年部分节假日安排的通知后，由管理员在“节假日安排”页面（"
           + string.Join("、", years.Select(y => PagePath(y)))
           + $"）录入放假日和调休上班日，或在 {DataFolder} 中添加 "
           + string.Join("、", years.Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".json"))
           + "，无需修改程序。";

    /// <summary>The workbench page where an administrator enters a year's arrangement.</summary>
    public static string PagePath(int year) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/api/calendar/{year}");

    private static string Years(IReadOnlyList<int> years)
        => string.Join("、", years.Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
