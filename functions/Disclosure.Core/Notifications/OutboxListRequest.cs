using Disclosure.Lists;
using Disclosure.Plan;

namespace Disclosure.Notifications;

/// <summary>
/// The query string of the outbox page (<c>/api/outbox</c>), read and checked: <c>status</c>, <c>channel</c>,
/// <c>recipient</c>, <c>from</c>/<c>to</c> (China dates the message was recorded), <c>size</c> and <c>after</c>.
/// </summary>
public sealed record OutboxListRequest(OutboxFilter Filter, int PageSize, string? After)
{
    public const string Path = "/api/outbox";

    public static (OutboxListRequest? Request, IReadOnlyList<string> Problems) Read(Func<string, string?> query)
    {
        var read = new ListQueryReader(query);
        var status = read.Choice<DeliveryStatus>("status", "状态");
        var channel = read.Choice<ChannelKind>("channel", "渠道");
        var recipient = read.Text("recipient");
        if (recipient is not null && !ObligationIds.IsSafe(recipient))
        {
            read.Add("收件方（recipient）不是有效的代码。");
            recipient = null;
        }
        var (from, to) = read.DateRange("生成日期起", "生成日期止");
        var size = read.PageSize();
        var after = read.After(IsKey);
        if (read.Problems.Count > 0) return (null, read.Problems);
        var filter = new OutboxFilter { Status = status, Channel = channel, RecipientCode = recipient, CreatedFrom = from, CreatedTo = to };
        return (new OutboxListRequest(filter, size, after), read.Problems);
    }

    public bool IsFiltered => Filter.Status is not null || Filter.Channel is not null || Filter.RecipientCode is not null
        || Filter.CreatedFrom is not null || Filter.CreatedTo is not null;

    public string QueryString(string? after)
        => new ListQueryString()
            .Add("status", Filter.Status?.ToString())
            .Add("channel", Filter.Channel?.ToString())
            .Add("recipient", Filter.RecipientCode)
            .Add("from", Filter.CreatedFrom)
            .Add("to", Filter.CreatedTo)
            .PageSize(PageSize)
            .Add("after", after)
            .ToString();

    /// <summary>
    /// A delivery's place in the store's order, as a page continues after it: recipient and delivery id, joined by '/'
    /// (which neither may contain, being table keys).
    /// </summary>
    public static string KeyOf(OutboxDelivery d) => KeyOf(d.RecipientCode, d.DeliveryId);

    public static string KeyOf(string recipientCode, string deliveryId) => recipientCode + "/" + deliveryId;

    /// <summary>Splits a <see cref="KeyOf"/>; false for anything a next link could not have carried.</summary>
    public static bool TrySplitKey(string key, out string recipientCode, out string deliveryId)
    {
        var slash = key.IndexOf('/');
        recipientCode = slash > 0 ? key[..slash] : "";
        deliveryId = slash > 0 ? key[(slash + 1)..] : "";
        return IsKeyPart(recipientCode) && IsKeyPart(deliveryId);
    }

    public static bool IsKey(string key) => TrySplitKey(key, out _, out _);

    /// <summary>What an Azure Table key may hold: no '/', '\', '#', '?' or control characters, at most 400 characters.</summary>
    private static bool IsKeyPart(string s)
        => s.Length is > 0 and <= 400 && !s.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
}
