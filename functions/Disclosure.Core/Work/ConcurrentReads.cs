namespace Disclosure.Work;

/// <summary>Reads one thing for each of a list, a few at a time, and gives the results in the list's order.</summary>
public static class ConcurrentReads
{
    public static async Task<T[]> InOrderAsync<TIn, T>(IReadOnlyList<TIn> of, int atATime, Func<TIn, CancellationToken, Task<T>> read,
        CancellationToken ct)
    {
        var results = new T[of.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, of.Count), new ParallelOptions { MaxDegreeOfParallelism = atATime, CancellationToken = ct },
            async (i, token) => results[i] = await read(of[i], token));
        return results;
    }
}
