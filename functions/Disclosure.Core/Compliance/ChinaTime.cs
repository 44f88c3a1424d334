namespace Disclosure.Compliance;

/// <summary>Business dates are China Standard Time; China has had no daylight saving since 1991, so a fixed +8 is exact.</summary>
internal static class ChinaTime
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(Offset).DateTime);
}
