namespace Disclosure.Compliance;

/// <summary>
/// An Aho–Corasick automaton over UTF-16 characters: finds every occurrence of every word in one left-to-right pass,
/// whatever the number of words, so a bureau's list of thousands costs the same per character as a list of ten.
/// ASCII letters are matched without regard to case. The root's transitions are a dense table (most characters of a
/// text start no word, and that lookup is the hot path); deeper states keep short sorted edge lists.
/// </summary>
internal sealed class WordAutomaton
{
    private const int Root = 0;

    private readonly int[] _rootNext = new int[char.MaxValue + 1];
    private readonly int[] _edgeStart;      // per state, into _edgeChars/_edgeTargets; the next state's start ends it
    private readonly char[] _edgeChars;
    private readonly int[] _edgeTargets;
    private readonly int[] _fail;
    private readonly int[] _outputStart;    // per state, into _outputs: the words ending here, suffix words included
    private readonly int[] _outputs;
    private readonly int[] _wordLengths;

    /// <summary>Builds the automaton; word <c>i</c> is reported as index <c>i</c>. Empty words are ignored.</summary>
    public WordAutomaton(IReadOnlyList<string> words)
    {
        // Build a trie with dictionaries, then flatten it.
        var children = new List<Dictionary<char, int>> { new() };
        var own = new List<List<int>?> { null };
        _wordLengths = new int[words.Count];
        for (var w = 0; w < words.Count; w++)
        {
            var word = words[w];
            _wordLengths[w] = word.Length;
            if (word.Length == 0) continue;
            var state = Root;
            foreach (var raw in word)
            {
                var c = Fold(raw);
                if (!children[state].TryGetValue(c, out var next))
                {
                    next = children.Count;
                    children.Add([]);
                    own.Add(null);
                    children[state][c] = next;
                }
                state = next;
            }
            (own[state] ??= []).Add(w);
        }

        var count = children.Count;
        _fail = new int[count];
        var outputs = new List<int>[count];
        outputs[Root] = [];
        var order = new List<int>(count) { Root };
        for (var head = 0; head < order.Count; head++)
        {
            var state = order[head];
            foreach (var (c, next) in children[state])
            {
                var fail = Root;
                if (state != Root)
                {
                    var f = _fail[state];
                    while (true)
                    {
                        if (children[f].TryGetValue(c, out var target)) { fail = target; break; }
                        if (f == Root) break;
                        f = _fail[f];
                    }
                }
                _fail[next] = fail;
                outputs[next] = [.. own[next] ?? [], .. outputs[fail]];
                order.Add(next);
            }
        }

        _edgeStart = new int[count + 1];
        var edgeCount = children.Sum(c => c.Count);
        _edgeChars = new char[edgeCount];
        _edgeTargets = new int[edgeCount];
        _outputStart = new int[count + 1];
        _outputs = new int[outputs.Sum(o => o.Count)];
        int e = 0, o = 0;
        for (var state = 0; state < count; state++)
        {
            _edgeStart[state] = e;
            foreach (var (c, next) in children[state].OrderBy(kv => kv.Key))
            {
                _edgeChars[e] = c;
                _edgeTargets[e++] = next;
            }
            _outputStart[state] = o;
            foreach (var word in outputs[state]) _outputs[o++] = word;
        }
        _edgeStart[count] = e;
        _outputStart[count] = o;
        foreach (var (c, next) in children[Root]) _rootNext[c] = next;
    }

    public readonly record struct Match(int Word, int Start, int End);

    public void FindAll(ReadOnlySpan<char> text, List<Match> matches)
    {
        var state = Root;
        for (var i = 0; i < text.Length; i++)
        {
            var c = Fold(text[i]);
            while (true)
            {
                if (state == Root) { state = _rootNext[c]; break; }
                var next = Next(state, c);
                if (next > 0) { state = next; break; }
                state = _fail[state];
            }
            var end = _outputStart[state + 1];
            for (var o = _outputStart[state]; o < end; o++)
            {
                var word = _outputs[o];
                matches.Add(new Match(word, i + 1 - _wordLengths[word], i + 1));
            }
        }
    }

    private int Next(int state, char c)
    {
        int lo = _edgeStart[state], hi = _edgeStart[state + 1] - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var m = _edgeChars[mid];
            if (m == c) return _edgeTargets[mid];
            if (m < c) lo = mid + 1;
            else hi = mid - 1;
        }
        return 0;
    }

    private static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
}
