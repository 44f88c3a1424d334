namespace Disclosure.Plan;

/// <summary>Business dates are China Standard Time. UTC+8 has had no daylight saving since 1991, so a fixed offset is exact and needs no tz database.</summary>
public static class ChinaDate
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    public static DateOnly Today(TimeProvider time) => Of(time.GetUtcNow());
}
