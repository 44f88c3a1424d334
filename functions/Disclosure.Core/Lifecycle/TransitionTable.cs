using System.Globalization;

namespace Disclosure.Lifecycle;

/// <summary>
/// One move an aggregate may make: from a state (null: it is created) to a state, by a named action, taken by someone
/// holding one of <see cref="Roles"/>. The same state on both sides is a recorded event that changes no state.
/// </summary>
public sealed record Transition<TState>(TState? From, TState To, string Action, IReadOnlySet<string> Roles) where TState : struct, Enum;

/// <summary>
/// Every move an aggregate's life allows, in one place: who may take an item from 待审核 to 待发布 is read here, not
/// searched for. Each aggregate (items, and later applications) declares its own table; <see cref="Lifecycle{TAggregate,TState}"/>
/// refuses any move the table does not list.
/// </summary>
public sealed class TransitionTable<TState> where TState : struct, Enum
{
    private readonly List<Transition<TState>> _rows = [];
    private readonly Func<TState, string> _state;
    private readonly Func<string, string> _action;
    private readonly Func<string, string> _role;

    /// <param name="state">How a state is named for people (in a refusal); likewise <paramref name="action"/> and <paramref name="role"/>.</param>
    public TransitionTable(Func<TState, string> state, Func<string, string>? action = null, Func<string, string>? role = null)
    {
        _state = state;
        _action = action ?? (a => a);
        _role = role ?? (r => r);
    }

    public IReadOnlyList<Transition<TState>> Rows => _rows;

    /// <summary>Adds a row for each of <paramref name="from"/>; a repeated row is a mistake in the table.</summary>
    public TransitionTable<TState> Allow(string action, IEnumerable<TState?> from, TState to, params string[] roles)
    {
        if (roles.Length == 0) throw new ArgumentException($"Action {action} names no role.", nameof(roles));
        foreach (var state in from)
        {
            if (Find(state, to, action) is not null) throw new InvalidOperationException($"The table allows {state} → {to} by {action} twice.");
            _rows.Add(new Transition<TState>(state, to, action, roles.ToHashSet(StringComparer.Ordinal)));
        }
        return this;
    }

    public TransitionTable<TState> Allow(string action, TState? from, TState to, params string[] roles) => Allow(action, [from], to, roles);

    public Transition<TState>? Find(TState? from, TState to, string action) =>
        _rows.FirstOrDefault(r => Nullable.Equals(r.From, from) && r.To.Equals(to) && r.Action == action);

    /// <summary>Null when someone holding <paramref name="roles"/> may make the move; otherwise why not, for people.</summary>
    public string? WhyNot(TState? from, TState to, string action, IReadOnlySet<string> roles)
    {
        var row = Find(from, to, action);
        var move = string.Format(CultureInfo.InvariantCulture, LifecycleTexts.Move, from is { } f ? _state(f) : LifecycleTexts.Nothing, _state(to), _action(action));
        if (row is null) return string.Format(CultureInfo.InvariantCulture, LifecycleTexts.NotInTable, move);
        return row.Roles.Overlaps(roles) ? null
            : string.Format(CultureInfo.InvariantCulture, LifecycleTexts.NotYourRole, move, string.Join("、", row.Roles.Order(StringComparer.Ordinal).Select(_role)));
    }
}

public static class LifecycleTexts
{
    public const string Nothing = "（新建）";
    public const string Move = "“{0}”→“{1}”（{2}）";
    public const string NotInTable = "不允许的状态变更：{0} 不在流转规则之内。";
    public const string NotYourRole = "不允许的状态变更：{0} 只能由以下角色办理：{1}。";
}
