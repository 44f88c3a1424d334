using Disclosure.Publishing;

namespace Disclosure.Tests.Publishing;

/// <summary>
/// Issue 19: a publication's manifest dictionaries are layered on the last run's instead of copied. Run after run, each
/// must answer as a dictionary given the same changes would, and leave the one it was made from as it was.
/// </summary>
public sealed class LayeredTests
{
    [Fact]
    public void Generations_of_changes_answer_as_one_dictionary_would_and_leave_each_earlier_one_as_it_was()
    {
        var random = new Random(19);
        var expected = Enumerable.Range(0, 2_000).ToDictionary(n => $"key-{n}", n => $"value-{n}", StringComparer.Ordinal);
        IReadOnlyDictionary<string, string> current = new Dictionary<string, string>(expected, StringComparer.Ordinal);
        var generations = new List<(IReadOnlyDictionary<string, string> Layered, Dictionary<string, string> AsItWas)>();

        // Enough generations and changes that the changes pass their bound and are folded into a new base more than once.
        for (var run = 0; run < 40; run++)
        {
            var next = new Layered<string>(current);
            for (var change = 0; change < 600; change++)
            {
                var key = $"key-{random.Next(20_000)}";
                if (random.Next(3) == 0)
                {
                    Assert.Equal(expected.Remove(key), next.Remove(key));
                }
                else
                {
                    next[key] = expected[key] = $"value-{run}-{change}";
                }
            }
            Assert.Equal(expected.Count, next.Count);
            Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), next.OrderBy(p => p.Key, StringComparer.Ordinal));
            foreach (var key in Enumerable.Range(0, 20_000).Select(n => $"key-{n}"))
            {
                Assert.Equal(expected.TryGetValue(key, out var value), next.TryGetValue(key, out var got));
                Assert.Equal(value, got);
                Assert.Equal(expected.ContainsKey(key), next.ContainsKey(key));
            }
            generations.Add((next, new Dictionary<string, string>(expected, StringComparer.Ordinal)));
            current = next;
        }

        foreach (var (layered, asItWas) in generations)
            Assert.Equal(asItWas.OrderBy(p => p.Key, StringComparer.Ordinal), layered.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void A_key_added_then_removed_in_one_generation_is_gone_and_a_missing_key_is_not_removed()
    {
        var layered = new Layered<string>(new Dictionary<string, string>(StringComparer.Ordinal) { ["a"] = "1" });
        layered["b"] = "2";
        Assert.True(layered.Remove("b"));
        Assert.False(layered.Remove("b"));
        Assert.False(layered.Remove("c"));
        Assert.True(layered.Remove("a"));
        Assert.Empty(layered);
        Assert.False(layered.ContainsKey("a"));
        Assert.Throws<KeyNotFoundException>(() => layered["a"]);
        layered["a"] = "3";
        Assert.Equal([new KeyValuePair<string, string>("a", "3")], layered);
    }
}
