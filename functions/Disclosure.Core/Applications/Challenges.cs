using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Applications;

/// <summary>How an applicant challenged a reply: the three blocks of table 四 (国办公开办函〔2021〕30号).</summary>
public enum ChallengeKind
{
    /// <summary>行政复议.</summary>
    Reconsideration,
    /// <summary>行政诉讼，未经复议直接起诉.</summary>
    LitigationDirect,
    /// <summary>行政诉讼，复议后起诉.</summary>
    LitigationAfterReconsideration,
}

/// <summary>How a 复议 or a lawsuit ended; 尚未审结 is not recorded, it is a challenge without its decision.</summary>
public enum ChallengeResult
{
    /// <summary>结果维持.</summary>
    Upheld,
    /// <summary>结果纠正.</summary>
    Corrected,
    /// <summary>其他结果.</summary>
    Other,
}

public static class ChallengeNames
{
    public static string Code(this ChallengeKind kind) => kind switch
    {
        ChallengeKind.Reconsideration => "reconsideration",
        ChallengeKind.LitigationDirect => "litigation-direct",
        ChallengeKind.LitigationAfterReconsideration => "litigation-after-reconsideration",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string ToChinese(this ChallengeKind kind) => kind switch
    {
        ChallengeKind.Reconsideration => AnnualReportText.Reconsideration,
        ChallengeKind.LitigationDirect => AnnualReportText.LitigationDirect,
        ChallengeKind.LitigationAfterReconsideration => AnnualReportText.LitigationAfterReconsideration,
        _ => kind.ToString(),
    };

    public static string Code(this ChallengeResult result) => result switch
    {
        ChallengeResult.Upheld => "upheld",
        ChallengeResult.Corrected => "corrected",
        ChallengeResult.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };

    public static string ToChinese(this ChallengeResult result) => result switch
    {
        ChallengeResult.Upheld => "维持",
        ChallengeResult.Corrected => "纠正",
        ChallengeResult.Other => "其他",
        _ => result.ToString(),
    };

    public static ChallengeKind? ParseKind(string? text) => Enum.GetValues<ChallengeKind>()
        .Select(k => (ChallengeKind?)k).FirstOrDefault(k => k!.Value.Code() == text?.Trim() || k.Value.ToChinese() == text?.Trim());

    public static ChallengeResult? ParseResult(string? text) => Enum.GetValues<ChallengeResult>()
        .Select(r => (ChallengeResult?)r).FirstOrDefault(r => r!.Value.Code() == text?.Trim() || r.Value.ToChinese() == text?.Trim());
}

/// <summary>One challenge of a reply as its events tell it: filed on a date, decided on a later one or still pending.</summary>
public sealed record Challenge(ChallengeKind Kind, DateOnly FiledOn, DateOnly? DecidedOn, ChallengeResult? Result)
{
    public static IReadOnlyList<Challenge> Of(DisclosureApplication application)
    {
        var challenges = new List<Challenge>();
        foreach (var e in application.Events)
        {
            if (e.Kind == ApplicationEventKind.ChallengeFiled && e.Challenge is { } filed)
                challenges.Add(new Challenge(filed, e.On, null, null));
            else if (e.Kind == ApplicationEventKind.ChallengeDecided && e.Challenge is { } decided
                     && challenges.FindLastIndex(c => c.Kind == decided && c.DecidedOn is null) is var open and >= 0)
                challenges[open] = challenges[open] with { DecidedOn = e.On, Result = e.ChallengeResult };
        }
        return challenges;
    }
}

/// <summary>
/// Table 四 as the register knows it. A challenge counts in the report of every year from the one it was filed in to
/// the one it was decided in: in the year of its decision under its result, in the years before as 尚未审结 (the
/// national format's count of cases open at year end). A challenge decided before the year began is not counted.
/// </summary>
public static class ChallengeFigures
{
    public static IReadOnlyDictionary<ChallengeKind, OutcomeCounts> TableFour(int year, IEnumerable<DisclosureApplication> register)
    {
        var yearStart = new DateOnly(year, 1, 1);
        var yearEnd = new DateOnly(year, 12, 31);
        var counts = Enum.GetValues<ChallengeKind>().ToDictionary(k => k, _ => new int[4]);
        foreach (var challenge in register.SelectMany(Challenge.Of))
        {
            if (challenge.FiledOn > yearEnd || challenge.DecidedOn < yearStart) continue;
            var slot = challenge.DecidedOn <= yearEnd ? (int)challenge.Result!.Value : 3;
            counts[challenge.Kind][slot]++;
        }
        return counts.ToDictionary(kv => kv.Key, kv => new OutcomeCounts(kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3]));
    }
}
