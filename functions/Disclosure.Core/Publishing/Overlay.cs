using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Disclosure.Publishing;

/// <summary>
/// A dictionary read through two layers (issue 19): the keys <paramref name="covers"/> are answered by <paramref name="top"/>
/// alone (a covered key absent from it is absent), every other key by <paramref name="bottom"/>'s value mapped. A run for a
/// change sees every item so, as read from the store over the manifest's copies, without copying the 100,000 it did not
/// read. Enumerating it (and <see cref="Count"/>) is a pass over the bottom layer: the paths that need every item only.
/// </summary>
internal sealed class Overlay<TBottom, TValue>(IReadOnlyDictionary<string, TValue> top, Func<string, bool> covers,
    IReadOnlyDictionary<string, TBottom> bottom, Func<TBottom, TValue> map) : IReadOnlyDictionary<string, TValue>
{
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        if (covers(key)) return top.TryGetValue(key, out value);
        if (bottom.TryGetValue(key, out var below))
        {
            value = map(below);
            return true;
        }
        value = default;
        return false;
    }

    public bool ContainsKey(string key) => covers(key) ? top.ContainsKey(key) : bottom.ContainsKey(key);

    public TValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator()
    {
        foreach (var pair in top) yield return pair;
        foreach (var (key, below) in bottom)
        {
            if (!covers(key)) yield return new(key, map(below));
        }
    }

    public int Count => top.Count + bottom.Keys.Count(key => !covers(key));

    public IEnumerable<string> Keys => this.Select(pair => pair.Key);

    public IEnumerable<TValue> Values => this.Select(pair => pair.Value);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
