namespace Disclosure.Integration.Tests.Support;

/// <summary>
/// Waiting for what the host does after it answered: queue functions, outbox delivery. Polls until done or the
/// patience runs out and returns the last reading, so the caller's assertion says what was wrong.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <param name="interval">Between readings; a reading that lists a whole table on the shared storage wants a longer one,
    /// or the polling itself slows the host it waits for.</param>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? patience = null, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
        }
    }
}
