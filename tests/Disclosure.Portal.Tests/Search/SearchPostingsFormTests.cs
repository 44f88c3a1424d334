using Disclosure.Publishing.Search;

namespace Disclosure.Portal.Tests.Search;

/// <summary>
/// Format 7: a key's postings are written as a list or, when smaller, as a bitmap with the flags most postings share and
/// the postings whose flags differ (issue 19: the keys of a 3–6-character query took 5.2 KiB as lists at 10,000 items).
/// </summary>
public sealed class SearchPostingsFormTests
{
    private static readonly byte[] Flags = [SearchIndexFormat.BodyFlag, SearchIndexFormat.HaystackFlag, SearchIndexFormat.AttachmentFlag,
        SearchIndexFormat.BodyFlag | SearchIndexFormat.HaystackFlag, SearchIndexFormat.BodyFlag | SearchIndexFormat.AttachmentFlag];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Postings_of_any_density_and_mix_of_flags_read_back_as_written(int seed)
    {
        var random = new Random(seed);
        var entries = new Dictionary<ulong, List<Posting>>();
        for (var k = 0; k < 200; k++)
        {
            // From one posting to every ordinal of a range, starting anywhere, with the flags mostly one value or mixed.
            var density = random.NextDouble();
            var start = random.Next(0, 100_000);
            var span = random.Next(1, 3_000);
            var usual = Flags[random.Next(Flags.Length)];
            var mixed = random.NextDouble();
            var list = Enumerable.Range(start, span).Where(_ => random.NextDouble() < density)
                .Select(o => new Posting(o, random.NextDouble() < mixed ? Flags[random.Next(Flags.Length)] : usual)).ToList();
            if (list.Count == 0) list.Add(new Posting(start, usual));
            entries[SearchText.Key(0x4E00 + k, 0x4E00 + random.Next(500))] = list;
        }

        var bytes = SearchIndexFormat.EncodePostings(entries);

        var decoded = SearchIndexFormat.Decode(bytes);
        Assert.Equal(entries.Count, decoded.Count);
        foreach (var (key, list) in entries)
        {
            Assert.Equal(list, decoded[key]);
            Assert.Equal(list, SearchIndexFormat.FindPostings(bytes, key));
        }
        var forms = Forms(bytes);
        Assert.Contains(true, forms.Values);
        Assert.Contains(false, forms.Values);
    }

    [Fact]
    public void A_key_in_every_item_takes_a_bit_an_item_and_a_rare_one_stays_a_list()
    {
        var common = SearchText.Key('科', '技');
        var rare = SearchText.Key('湿', '地');
        var entries = new Dictionary<ulong, List<Posting>>
        {
            // In the body of all 8,000 items, and in the title of every hundredth.
            [common] = [.. Enumerable.Range(0, 8000).Select(o => new Posting(o, o % 100 == 0 ? (byte)3 : SearchIndexFormat.BodyFlag))],
            [rare] = [new Posting(17, SearchIndexFormat.BodyFlag), new Posting(4_000, SearchIndexFormat.HaystackFlag)],
        };

        var bytes = SearchIndexFormat.EncodePostings(entries);

        var forms = Forms(bytes);
        Assert.True(forms[common]);
        Assert.False(forms[rare]);
        // 1,000 bytes of bitmap and 80 exceptions of 2 bytes, against 8,000 bytes as a list.
        Assert.InRange(bytes.Length, 1_000, 1_200);
    }

    [Fact]
    public void A_dense_entry_whose_bitmap_runs_past_its_end_is_refused_as_a_damaged_file()
    {
        var key = SearchText.Key('科', '技');
        var bytes = SearchIndexFormat.EncodePostings(new Dictionary<ulong, List<Posting>>
        {
            [key] = [.. Enumerable.Range(0, 800).Select(o => new Posting(o, SearchIndexFormat.BodyFlag))],
        });
        Assert.True(Forms(bytes)[key]);
        // "DSI4", the key count (1 byte), 科 and 技 (3 bytes each), the entry's length (2 bytes), the first ordinal 0, then
        // the bitmap's length, 100: made to claim more than the 102 bytes left in the entry.
        const int bitmapLengthAt = 4 + 1 + 3 + 3 + 2 + 1;
        Assert.Equal((0, 100), (bytes[bitmapLengthAt - 1], bytes[bitmapLengthAt]));
        bytes[bitmapLengthAt] = 127;

        Assert.Throws<InvalidDataException>(() => SearchIndexFormat.FindPostings(bytes, key));
    }

    [Fact]
    public async Task The_sample_the_script_tests_search_has_keys_in_both_forms_and_dense_ones_with_differing_flags()
    {
        // SearchScriptTests compare search.js with the C# reader on this index: both forms must be in what they read.
        var sample = await SearchSample.BuildAsync();
        var forms = sample.Site.Files.Where(f => f.Key.StartsWith("search/shards/", StringComparison.Ordinal)).SelectMany(f => Forms(f.Value)).ToList();
        var dense = forms.Where(f => f.Value).Select(f => f.Key).ToList();

        Assert.Contains(forms, f => !f.Value);
        Assert.Contains(SearchText.Key('科', '技'), dense);
        var shard = sample.Site.Files[SearchIndexFormat.ShardPath(SearchText.Shard(SearchText.Key('科', '技'), 64))];
        Assert.True(SearchIndexFormat.FindPostings(shard, SearchText.Key('科', '技'))!.Select(p => p.Flags).Distinct().Count() > 1);
    }

    /// <summary>Each key of a postings file with whether its postings are in the dense form (the low bit of its length).</summary>
    private static Dictionary<ulong, bool> Forms(byte[] bytes)
    {
        Assert.True(bytes.AsSpan(0, 4).SequenceEqual("DSI4"u8));
        var at = 4;
        var count = (int)Varint(bytes, ref at);
        var forms = new Dictionary<ulong, bool>();
        var first = 0;
        for (var i = 0; i < count; i++)
        {
            first += (int)Varint(bytes, ref at);
            var key = SearchText.Key(first, (int)Varint(bytes, ref at));
            var header = Varint(bytes, ref at);
            forms[key] = (header & 1) == 1;
            at += (int)(header >> 1);
        }
        Assert.Equal(bytes.Length, at);
        return forms;
    }

    private static ulong Varint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
