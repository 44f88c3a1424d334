using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Disclosure.Lists;
using Disclosure.Workbench;

namespace Disclosure.Plan;

/// <summary>
/// The query string of the obligations list (<c>GET /api/obligations</c>), read and checked: <c>department</c>,
/// <c>state</c> (<see cref="ObligationState"/>), <c>size</c> and <c>after</c>. The list is computed (the plan and the open
/// applications, as the reminders compute it), so a page is cut from it in one total order: overdue first, then due
/// today, then upcoming; by due date; by id. <c>after</c> is the position of the last row shown in that order, so the
/// next page starts after it even when rows before it were done meanwhile.
/// </summary>
public sealed record ObligationListRequest(string? Department, ObligationState? State, int PageSize, string? After)
{
    public const string Path = "/api/obligations";

    /// <summary>The longest continuation a page gives (an obligation id is at most a few hundred characters).</summary>
    private const int MaxAfterLength = 1200;

    public static (ObligationListRequest? Request, IReadOnlyList<string> Problems) Read(Func<string, string?> query)
    {
        var read = new ListQueryReader(query);
        var department = read.Code("department", "责任处室");
        var state = read.Choice<ObligationState>("state", "状态");
        var size = read.PageSize();
        var after = read.After(text => Position.TryParse(text, out _));
        if (read.Problems.Count > 0) return (null, read.Problems);
        return (new ObligationListRequest(department, state, size, after), read.Problems);
    }

    /// <summary>
    /// This request's page of <paramref name="obligations"/> (already narrowed to the department): those of the state
    /// asked for, after the continuation, at most <see cref="PageSize"/>; and the continuation of the next page.
    /// </summary>
    public (IReadOnlyList<Obligation> Page, string? Next) PageOf(IEnumerable<Obligation> obligations)
    {
        var start = After is null ? null : Position.TryParse(After, out var p) ? p : null;
        var ordered = obligations
            .Where(o => State is null || o.State == State)
            .Select(o => (Obligation: o, Position: Position.Of(o)))
            .Where(x => start is null || x.Position.CompareTo(start) > 0)
            .OrderBy(x => x.Position)
            .Take(PageSize + 1)
            .ToList();
        var page = ordered.Take(PageSize).Select(x => x.Obligation).ToList();
        return (page, ordered.Count > PageSize ? ordered[PageSize - 1].Position.ToString() : null);
    }

    public string QueryString(string? after)
        => new ListQueryString()
            .Add("department", Department)
            .Add("state", State?.ToString())
            .PageSize(PageSize)
            .Add("after", after)
            .ToString();

    /// <summary>The state choices as links (each keeping the department, from the first page) and the paging links.</summary>
    public ObligationListFilters Form(string? next) => new(
        [
            new FilterOption(Path + new ObligationListRequest(Department, null, PageSize, null).QueryString(null), "全部", State is null),
            .. Enum.GetValues<ObligationState>().Select(s => new FilterOption(Path + new ObligationListRequest(Department, s, PageSize, null).QueryString(null), StateName(s), State == s)),
        ],
        State is not null,
        ListPaging.For(Path, After, next, QueryString));

    public static string StateName(ObligationState state) => state switch
    {
        ObligationState.Overdue => "已逾期",
        ObligationState.DueToday => "今日到期",
        _ => "未到期",
    };

    /// <summary>Where an obligation stands in the list's order; written as a continuation in base64url (ids may hold ':').</summary>
    private sealed record Position(int Rank, DateOnly Due, string Id) : IComparable<Position>
    {
        public static Position Of(Obligation o) => new(
            o.State switch { ObligationState.Overdue => 0, ObligationState.DueToday => 1, _ => 2 }, o.DueOn, o.Id);

        public int CompareTo(Position? other)
        {
            if (other is null) return 1;
            var c = Rank.CompareTo(other.Rank);
            if (c == 0) c = Due.CompareTo(other.Due);
            return c != 0 ? c : string.CompareOrdinal(Id, other.Id);
        }

        public override string ToString()
            => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Rank}|{Due.DayNumber}|{Id}")));

        public static bool TryParse(string text, out Position? position)
        {
            position = null;
            if (text.Length > MaxAfterLength || !Base64Url.IsValid(text)) return false;
            string plain;
            try { plain = new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(text)); }
            catch (Exception e) when (e is FormatException or DecoderFallbackException) { return false; }
            var parts = plain.Split('|', 3);
            if (parts.Length != 3
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rank) || rank is < 0 or > 2
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day > DateOnly.MaxValue.DayNumber
                || parts[2].Length == 0)
                return false;
            position = new Position(rank, DateOnly.FromDayNumber(day), parts[2]);
            return true;
        }
    }
}

/// <summary>The state links above the obligations (the one in force marked) and the paging links.</summary>
[PageModel]
public sealed record ObligationListFilters(IReadOnlyList<FilterOption> States, bool IsFiltered, ListPaging Paging);
