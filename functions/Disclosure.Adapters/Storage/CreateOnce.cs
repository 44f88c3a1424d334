namespace Disclosure.Adapters.Storage;

/// <summary>
/// Creates a table, container or queue once per process — but forgets a failed attempt. A <c>Lazy&lt;Task&gt;</c>
/// would keep the faulted task, so an instance that first touched storage during an outage would fail every later
/// request (503 for ever, and outbox messages never delivered) although storage came back.
/// </summary>
public sealed class CreateOnce<T>(Func<Task<T>> create)
{
    private readonly Lock _gate = new();
    private Task<T>? _task;

    public Task<T> Value
    {
        get
        {
            lock (_gate)
            {
                if (_task is null || _task.IsFaulted || _task.IsCanceled) _task = create();
                return _task;
            }
        }
    }
}

/// <summary>A creation step without a result.</summary>
public sealed class CreateOnce(Func<Task> create)
{
    private readonly CreateOnce<bool> _once = new(async () => { await create(); return true; });

    public Task Value => _once.Value;
}
