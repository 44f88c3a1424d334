using Disclosure.Identity;
using Disclosure.Work;

namespace Disclosure.Lifecycle;

/// <summary>
/// What a caller decides, having seen the aggregate as it is now: move it (<see cref="Move{TAggregate,TState}"/>) or stop
/// with an answer of its own (nothing to do, or a refusal in its own terms). Asked again after a version conflict.
/// </summary>
public abstract record Decision<TAggregate, TState> where TState : struct, Enum
{
    private protected Decision() { }

    public static Decision<TAggregate, TState> Stop(object answer) => new Stopped(answer);

    public sealed record Stopped(object Answer) : Decision<TAggregate, TState>;
}

/// <summary>
/// A move to state <see cref="To"/> by <see cref="Action"/> (a row of the table). <see cref="Next"/> carries the other
/// changes the move makes (a new version's content, a withdrawal's reason); its state is set by the lifecycle alone.
/// The audit entry's details and the work messages are committed with it. <see cref="EventId"/> and <see cref="At"/>
/// are given where a repeated run must write the same entry once (fixed by the event); otherwise each move is a new
/// event, now.
/// </summary>
public sealed record Move<TAggregate, TState>(TAggregate Next, TState To, string Action) : Decision<TAggregate, TState> where TState : struct, Enum
{
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<WorkMessage> Messages { get; init; } = [];
    public string? EventId { get; init; }
    public DateTimeOffset? At { get; init; }
    /// <summary>The revision the entry is about when it is not the next state's own (an event about a version shown on the site).</summary>
    public int? Revision { get; init; }
}

/// <summary>The audit entry of one move, as the lifecycle builds it; each aggregate's store keeps it in its own form.</summary>
public sealed record LifecycleEvent<TState>(
    string SubjectId, string EventId, DateTimeOffset At, string ActorId, string Actor, string Action, TState? From, TState To,
    int Revision, IReadOnlyDictionary<string, string> Details) where TState : struct, Enum;

public abstract record LifecycleOutcome<TAggregate>
{
    private LifecycleOutcome() { }

    /// <summary>Committed; the aggregate as stored, and the event's id.</summary>
    public sealed record Moved(TAggregate Before, TAggregate After, string EventId) : LifecycleOutcome<TAggregate>;
    /// <summary>The caller decided not to move it.</summary>
    public sealed record Stopped(TAggregate Current, object Answer) : LifecycleOutcome<TAggregate>;
    public sealed record NotFound : LifecycleOutcome<TAggregate>;
    /// <summary>The table does not allow the move the caller decided on, or not for this actor.</summary>
    public sealed record NotAllowed(TAggregate Current, string Reason) : LifecycleOutcome<TAggregate>;
    /// <summary>Someone else changed it on every attempt.</summary>
    public sealed record Conflicted : LifecycleOutcome<TAggregate>;
}

/// <summary>Thrown by a store when the aggregate no longer has the version the change was decided on.</summary>
public class VersionConflictException(string message) : Exception(message);

/// <summary>An aggregate as read, with the tag its next update must match.</summary>
public sealed record Versioned<TAggregate>(TAggregate Value, string ETag);

/// <summary>What the lifecycle needs of an aggregate's store: read, commit a change with its event and messages, deliver.</summary>
public interface ILifecycleStore<TAggregate, TState> where TState : struct, Enum
{
    Task<Versioned<TAggregate>?> GetAsync(string id, CancellationToken ct);
    /// <summary>Stores a new aggregate with its event and messages, all or nothing.</summary>
    Task<Versioned<TAggregate>> CreateAsync(TAggregate created, LifecycleEvent<TState> entry, IReadOnlyList<WorkMessage> messages, CancellationToken ct);
    /// <summary>Replaces it if it still has <paramref name="etag"/>, with its event and messages, all or nothing.</summary>
    /// <exception cref="VersionConflictException">It was changed since.</exception>
    Task<Versioned<TAggregate>> UpdateAsync(TAggregate next, string etag, LifecycleEvent<TState> entry, IReadOnlyList<WorkMessage> messages, CancellationToken ct);
    /// <summary>Delivers what the commit left in the outbox now; a failure is left for the delivery sweep.</summary>
    Task TryDeliverPendingAsync(string id);
}

/// <summary>How the lifecycle sees one kind of aggregate: its id, state, revision, who holds which roles towards it, its clock stamp.</summary>
public interface IAggregateShape<TAggregate, TState> where TState : struct, Enum
{
    string IdOf(TAggregate aggregate);
    TState StateOf(TAggregate aggregate);
    int RevisionOf(TAggregate aggregate);
    /// <summary>The actor's roles towards this aggregate: their own, and any it gives them (the department that owns an item).</summary>
    IReadOnlySet<string> RolesOf(Principal actor, TAggregate aggregate);
    /// <summary>The aggregate in <paramref name="state"/>, marked as changed at <paramref name="at"/>: the only place its state is set.</summary>
    TAggregate Moved(TAggregate aggregate, TState state, DateTimeOffset at);
}

/// <summary>
/// The one way an aggregate changes state. It reads the aggregate, asks the caller's decision, checks the move against
/// the table, builds the audit entry (actor id and name, time, from, to, details), commits aggregate + entry + messages
/// in one transaction, retries a version conflict (<see cref="Attempts"/>, reading and deciding again), and delivers.
/// </summary>
public class Lifecycle<TAggregate, TState>(
    ILifecycleStore<TAggregate, TState> store, IAggregateShape<TAggregate, TState> shape, TransitionTable<TState> table, TimeProvider time)
    where TAggregate : class
    where TState : struct, Enum
{
    /// <summary>Two deliveries of one message may race; the loser sees the winner's change on its next look.</summary>
    public const int Attempts = 3;

    public TransitionTable<TState> Table => table;

    /// <summary>Whether the table lets <paramref name="actor"/> take <paramref name="action"/> on this aggregate at all (from some state).</summary>
    public bool MayTake(Principal actor, TAggregate current, string action)
    {
        var roles = shape.RolesOf(actor, current);
        return table.Rows.Any(r => r.Action == action && r.Roles.Overlaps(roles));
    }

    /// <summary>Stores a new aggregate in its first state by <paramref name="action"/>.</summary>
    /// <exception cref="LifecycleRefusedException">The table has no such creation for this actor.</exception>
    public async Task<TAggregate> CreateAsync(Principal actor, Move<TAggregate, TState> creation, CancellationToken ct)
    {
        if (table.WhyNot(null, creation.To, creation.Action, shape.RolesOf(actor, creation.Next)) is { } why) throw new LifecycleRefusedException(why);
        var at = creation.At ?? time.GetUtcNow();
        var created = shape.Moved(creation.Next, creation.To, at);
        var stored = await store.CreateAsync(created, Event(actor, creation, created, from: null, at), creation.Messages, ct);
        await store.TryDeliverPendingAsync(shape.IdOf(created));
        return stored.Value;
    }

    public Task<LifecycleOutcome<TAggregate>> MoveAsync(
        string id, Principal actor, Func<TAggregate, Decision<TAggregate, TState>> decide, CancellationToken ct, string? ifMatch = null)
        => MoveAsync(id, actor, (a, _) => ValueTask.FromResult(decide(a)), ct, ifMatch);

    /// <param name="ifMatch">The version the caller's user saw (an HTTP If-Match): any other is a conflict, not retried.</param>
    public async Task<LifecycleOutcome<TAggregate>> MoveAsync(
        string id, Principal actor, Func<TAggregate, CancellationToken, ValueTask<Decision<TAggregate, TState>>> decide, CancellationToken ct,
        string? ifMatch = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync(id, ct);
            if (current is null) return new LifecycleOutcome<TAggregate>.NotFound();
            if (ifMatch is not null && ifMatch != current.ETag) return new LifecycleOutcome<TAggregate>.Conflicted();
            var before = current.Value;
            var decision = await decide(before, ct);
            if (decision is Decision<TAggregate, TState>.Stopped stop) return new LifecycleOutcome<TAggregate>.Stopped(before, stop.Answer);
            var move = (Move<TAggregate, TState>)decision;

            var from = shape.StateOf(before);
            if (table.WhyNot(from, move.To, move.Action, shape.RolesOf(actor, before)) is { } why)
                return new LifecycleOutcome<TAggregate>.NotAllowed(before, why);
            if (shape.IdOf(move.Next) != id) throw new InvalidOperationException($"A move of {id} may not store {shape.IdOf(move.Next)}.");

            var at = move.At ?? time.GetUtcNow();
            // An event that changes nothing but the record (公开时限届满) leaves the aggregate's own time alone.
            var next = Equals(move.Next, before) && move.To.Equals(from) ? before : shape.Moved(move.Next, move.To, at);
            var entry = Event(actor, move, next, from, at);
            try
            {
                var stored = await store.UpdateAsync(next, current.ETag, entry, move.Messages, ct);
                await store.TryDeliverPendingAsync(id);
                return new LifecycleOutcome<TAggregate>.Moved(before, stored.Value, entry.EventId);
            }
            catch (VersionConflictException) when (attempt < Attempts)
            {
            }
            catch (VersionConflictException)
            {
                return new LifecycleOutcome<TAggregate>.Conflicted();
            }
        }
    }

    private LifecycleEvent<TState> Event(Principal actor, Move<TAggregate, TState> move, TAggregate next, TState? from, DateTimeOffset at) => new(
        shape.IdOf(next), move.EventId ?? Guid.NewGuid().ToString("N"), at, actor.Id, actor.Name, move.Action, from, shape.StateOf(next),
        move.Revision ?? shape.RevisionOf(next), move.Details);
}

/// <summary>A creation the table does not allow: a caller's mistake, never a user's input.</summary>
public sealed class LifecycleRefusedException(string reason) : Exception(reason);
