using System.Globalization;

namespace Disclosure.Tests.Shared;

/// <summary>
/// Valid 居民身份证 numbers for tests that need an applicant of their own (GB 11643-1999's check character, computed
/// here apart from the product's code, so a test does not take the product's word for what is valid).
/// </summary>
public static class ResidentIds
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    public static string Of(string region, DateOnly birth, int sequence)
    {
        var first17 = region + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture);
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return first17 + "10X98765432"[sum % 11];
    }

    /// <summary>A number nobody else in the run is likely to use: a random birth date between 1950 and 1999 and sequence.</summary>
    public static string Random(string region = "330106") =>
        Of(region, DateOnly.FromDayNumber(new DateOnly(1950, 1, 1).DayNumber + System.Random.Shared.Next(18_250)), System.Random.Shared.Next(1000));
}
