using System.Globalization;

namespace Disclosure.Lists;

/// <summary>
/// Reads the query string of a workbench list (filters, page size, continuation) and collects what is wrong with it as
/// Chinese messages that name the field, so every list answers a wrong value the same way (400 naming it).
/// </summary>
public sealed class ListQueryReader(Func<string, string?> query)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    private readonly List<string> _problems = [];

    public IReadOnlyList<string> Problems => _problems;

    public void Add(string problem) => _problems.Add(problem);

    /// <summary>The trimmed value, or null when absent or blank (an empty field of a submitted form means "any").</summary>
    public string? Text(string name) => string.IsNullOrWhiteSpace(query(name)) ? null : query(name)!.Trim();

    /// <summary>A YYYY-MM-DD date (what an <c>&lt;input type="date"&gt;</c> sends).</summary>
    public DateOnly? Date(string name, string label)
    {
        if (Text(name) is not { } d) return null;
        if (DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        _problems.Add($"{label}（{name}）应为 YYYY-MM-DD 格式的日期。");
        return null;
    }

    /// <summary><c>from</c> and <c>to</c>, both ends included; a range that ends before it starts is a problem.</summary>
    public (DateOnly? From, DateOnly? To) DateRange(string fromLabel, string toLabel)
    {
        var from = Date("from", fromLabel);
        var to = Date("to", toLabel);
        if (from > to) _problems.Add($"{fromLabel}（from）不能晚于{toLabel}（to）。");
        return (from, to);
    }

    /// <summary>A code of letters, digits, '-' and '_' (departments, columns, recipients); whether it exists is the caller's check.</summary>
    public string? Code(string name, string label, int maxLength = 32)
    {
        if (Text(name) is not { } c) return null;
        if (c.Length <= maxLength && c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_')) return c;
        _problems.Add($"{label}（{name}）不是有效的代码。");
        return null;
    }

    /// <summary>One of the enum's names (any case); numbers are refused, since "3" names no state a person chose.</summary>
    public TEnum? Choice<TEnum>(string name, string label) where TEnum : struct, Enum
    {
        if (Text(name) is not { } s) return null;
        var match = Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, s, StringComparison.OrdinalIgnoreCase));
        if (match is not null) return Enum.Parse<TEnum>(match);
        _problems.Add($"{label}（{name}）应为 {string.Join("、", Enum.GetNames<TEnum>())} 之一。");
        return null;
    }

    /// <summary><c>size</c>: 1 to <see cref="MaxPageSize"/>, <see cref="DefaultPageSize"/> when absent.</summary>
    public int PageSize()
    {
        var size = DefaultPageSize;
        if (Text("size") is { } z && (!int.TryParse(z, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            _problems.Add($"每页条数（size）应为 1 至 {MaxPageSize} 的整数。");
            size = DefaultPageSize;
        }
        return size;
    }

    /// <summary><c>after</c>: the continuation a next link carries, which only the store can say is well formed.</summary>
    public string? After(Func<string, bool> isPossibleKey)
    {
        var after = Text("after");
        if (after is not null && !isPossibleKey(after))
        {
            _problems.Add("翻页位置（after）无效，请从第一页重新开始。");
            return null;
        }
        return after;
    }
}

/// <summary>The query string that asks for a list again: its filters kept, empty ones left out, the page size only when not the default.</summary>
public sealed class ListQueryString
{
    private readonly List<string> _parts = [];

    /// <summary>A flag without a value (<c>?mine</c>).</summary>
    public ListQueryString Flag(string name, bool present)
    {
        if (present) _parts.Add(name);
        return this;
    }

    public ListQueryString Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) _parts.Add(name + "=" + Uri.EscapeDataString(value));
        return this;
    }

    public ListQueryString Add(string name, DateOnly? value)
        => Add(name, value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public ListQueryString PageSize(int size)
        => size == ListQueryReader.DefaultPageSize ? this : Add("size", size.ToString(CultureInfo.InvariantCulture));

    public override string ToString() => _parts.Count == 0 ? "" : "?" + string.Join("&", _parts);
}

/// <summary>The paging links under a list: back to the first page (when not on it) and on to the next (when there is one).</summary>
[Workbench.PageModel]
public sealed record ListPaging(string? FirstPage, string? NextPage)
{
    /// <param name="path">The list's address, e.g. <c>/api/outbox</c>.</param>
    /// <param name="query">The query string with the filters, given the continuation (null for the first page).</param>
    public static ListPaging For(string path, string? after, string? next, Func<string?, string> query)
        => new(after is null ? null : path + query(null), next is null ? null : path + query(next));
}
