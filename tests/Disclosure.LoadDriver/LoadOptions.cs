using System.Globalization;

namespace Disclosure.LoadDriver;

/// <summary>When an item counts as done.</summary>
public enum FinalState
{
    /// <summary>Not chosen: checked when the host consumes the compliance queue, else accepted.</summary>
    Auto,
    /// <summary>Stored (已提交) with its compliance check request on the queue exactly once: all that main does without the compliance flow.</summary>
    Accepted,
    /// <summary>Past 已提交 and 检查中: the compliance check ran (待审核, 待发布, 已退回, 检查失败, or further).</summary>
    Checked,
    /// <summary>已发布, or stopped for good on the way (已退回, 待审核 for a blocked item, 检查失败, 发布失败).</summary>
    Published,
}

public sealed record LoadOptions
{
    public int Items { get; init; } = 1000;
    public int Clients { get; init; } = 32;
    /// <summary>A running host to drive; without it the real local host starts in-process on its own Azurite.</summary>
    public Uri? Url { get; init; }
    public FinalState Until { get; init; } = FinalState.Auto;
    /// <summary>Every n-th item carries a valid resident ID number in its body and must be stopped by the checks.</summary>
    public int BlockedEvery { get; init; } = 5;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    public static LoadOptions Parse(string[] args)
    {
        var o = new LoadOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            o = args[i] switch
            {
                "--items" => o with { Items = int.Parse(value, CultureInfo.InvariantCulture) },
                "--clients" => o with { Clients = int.Parse(value, CultureInfo.InvariantCulture) },
                "--url" => o with { Url = new Uri(value) },
                "--until" => o with { Until = Enum.Parse<FinalState>(value, ignoreCase: true) },
                "--blocked-every" => o with { BlockedEvery = int.Parse(value, CultureInfo.InvariantCulture) },
                "--timeout" => o with { Timeout = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return o;
    }
}
