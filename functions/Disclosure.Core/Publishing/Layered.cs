using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Disclosure.Publishing;

/// <summary>
/// A dictionary kept as a base that is never changed and the changes made to it since (issue 19). A publication makes
/// its next manifest's item entries and file hashes so from the last one's instead of copying 100,000 and 300,000 entries
/// for a run that changes a few dozen: a layered dictionary made from another shares that one's base and copies only its
/// changes. Past <see cref="ChangesAtMost"/> changes the next one made from it folds them into a new base: one copy every
/// few hundred runs. (A run changing c entries of n costs on average about n·c / bound for the folds and bound / 2 for
/// copying the changes; for 300,000 file hashes and 20 changes a run, a bound of a few thousand keeps both small.)
/// Lookups try the changes first; a removed key is a change too.
/// </summary>
internal sealed class Layered<TValue> : IReadOnlyDictionary<string, TValue> where TValue : class
{
    private const int ChangesAtMost = 4096;

    private readonly IReadOnlyDictionary<string, TValue> _base;
    // A key's value now, or null for a key of the base that was removed.
    private readonly Dictionary<string, TValue?> _changes;
    private int _count;

    /// <summary>
    /// A dictionary that starts as <paramref name="from"/>, which is not changed afterwards by anyone (a manifest as read or
    /// stored, see <see cref="ISiteStore.ReadManifestAsync"/>): it is this one's base, or shares its own.
    /// </summary>
    public Layered(IReadOnlyDictionary<string, TValue> from)
    {
        if (from is not Layered<TValue> layered)
        {
            _base = from;
            _changes = new Dictionary<string, TValue?>(StringComparer.Ordinal);
        }
        else if (layered._changes.Count <= ChangesAtMost)
        {
            _base = layered._base;
            _changes = new Dictionary<string, TValue?>(layered._changes, StringComparer.Ordinal);
        }
        else
        {
            _base = new Dictionary<string, TValue>(layered, StringComparer.Ordinal);
            _changes = new Dictionary<string, TValue?>(StringComparer.Ordinal);
        }
        _count = from.Count;
    }

    public TValue this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);
        set
        {
            if (!ContainsKey(key)) _count++;
            _changes[key] = value;
        }
    }

    public bool Remove(string key)
    {
        if (!ContainsKey(key)) return false;
        if (_base.ContainsKey(key)) _changes[key] = null;
        else _changes.Remove(key);
        _count--;
        return true;
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_changes.TryGetValue(key, out var changed))
        {
            value = changed;
            return changed is not null;
        }
        return _base.TryGetValue(key, out value);
    }

    public bool ContainsKey(string key) => _changes.TryGetValue(key, out var changed) ? changed is not null : _base.ContainsKey(key);

    public int Count => _count;

    public IEnumerable<string> Keys => this.Select(pair => pair.Key);

    public IEnumerable<TValue> Values => this.Select(pair => pair.Value);

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator()
    {
        foreach (var (key, value) in _changes)
        {
            if (value is not null) yield return new(key, value);
        }
        foreach (var pair in _base)
        {
            if (!_changes.ContainsKey(pair.Key)) yield return pair;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
