using System.Security.Cryptography;
using System.Text;
using Disclosure.Publishing;
using Disclosure.Publishing.Search;

namespace Disclosure.Portal.Tests.Search;

/// <summary>
/// The safety net for making the index build cheaper (issue 19, build-cpu): the files a fixed corpus gives must stay
/// byte-for-byte what they were, so the in-memory build can change without the file format (which search.js and the
/// reader depend on) changing with it. The digest was recorded from the writer before its tokenising was reworked; a
/// change of the format itself (SearchIndexFormat.Version) records a new one on purpose.
/// </summary>
public sealed class SearchIndexBytesTests
{
    private static IReadOnlyList<SearchDocument> Corpus()
    {
        var catalogue = BureauItemGenerator.Catalogue();
        var docs = new BureauItemGenerator(7).Generate(120).Select(g => SearchDocument.From(g.Item, catalogue, g.Body)).ToList();
        // Text the generator never writes: full-width forms, Latin with case, supplementary-plane characters, runs split
        // by punctuation, single-character runs, empty fields, and attachments past the per-item budget.
        docs.Add(SearchSample.Awkward("x-fullwidth", "关于ＡＩ大模型与５Ｇ应用示范项目的通知", "市科发〔2025〕99号", "全文：支持ＡＩ+制造，Ｅｍａｉｌ：kjj@example.cn"));
        docs.Add(SearchSample.Awkward("x-mixed", "ΣΑΣ İstanbul ǅ 𐐀𐐁 𠀀𠀁 Ⅻ ①", null, "a b c 𠀀 一、二、三 Ångström Å") with
        {
            Attachments = [new SearchAttachment("附件1.pdf", "详见附件：" + string.Concat(Enumerable.Repeat("科技创新券申领办法𠀀，", 40))), new SearchAttachment("附件2.pdf", "")],
        });
        docs.Add(SearchSample.Awkward("x-empty", "通", "", "") with { Attachments = [new SearchAttachment("空.pdf", "。。。")] });
        docs[3] = docs[3] with { Attachments = [new SearchAttachment("大.pdf", string.Concat(Enumerable.Repeat("附件正文内容比预算长", 2000)))] };
        return docs;
    }

    private static string Digest(IEnumerable<SiteFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.Path + "\n"));
            hash.AppendData(file.Content);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    [Fact]
    public async Task A_fixed_corpus_gives_the_same_index_files_into_the_main_shards()
    {
        var options = new SearchIndexOptions { ShardCount = 64, MetaPageSize = 16, DeltaMergeBytes = 0, MiddleMergeBytes = 0, MaxDeadOrdinals = 0 };
        var update = await new SearchIndexWriter(options).UpdateAsync(new InMemorySiteFiles(), Corpus(), [], default);
        Assert.Equal(MainShardsDigest, Digest(update.Files));
    }

    [Fact]
    public async Task A_fixed_corpus_gives_the_same_index_files_into_the_delta_and_after_a_merge()
    {
        var docs = Corpus();
        var site = new InMemorySiteFiles();
        var writer = new SearchIndexWriter(new SearchIndexOptions());
        var first = await writer.UpdateAsync(site, docs.Take(100).ToList(), [], default);
        site.Apply(first.Files);
        var second = await writer.UpdateAsync(site, docs.Skip(100).ToList(), [docs[5].ItemId], default);
        Assert.Equal(LevelsDigest, Digest(first.Files) + " " + Digest(second.Files));
    }

    [Fact]
    public void The_keys_of_a_document_are_those_of_the_plain_rule()
    {
        // The rule written out the plain way: unigrams and bigrams of the title, 文号 and 索引号 (haystack flag); bigrams of
        // the body and the attachments (within the budget) with positions counted in code points, one apart between runs.
        foreach (var doc in Corpus())
        {
            var expected = new Dictionary<ulong, (byte Flags, List<int> Body, List<int> Attachment)>();
            (byte Flags, List<int> Body, List<int> Attachment) Entry(ulong key) =>
                expected.TryGetValue(key, out var e) ? e : expected[key] = (0, [], []);
            foreach (var field in new[] { doc.Title, doc.DocumentNumber, doc.IndexNumber })
                foreach (var run in SearchText.Runs(SearchText.Normalize(field)))
                    for (var i = 0; i < run.Length; i++)
                    {
                        var u = SearchText.Key(run[i], 0);
                        expected[u] = Entry(u) with { Flags = (byte)(Entry(u).Flags | SearchIndexFormat.HaystackFlag) };
                        if (i + 1 >= run.Length) continue;
                        var b = SearchText.Key(run[i], run[i + 1]);
                        expected[b] = Entry(b) with { Flags = (byte)(Entry(b).Flags | SearchIndexFormat.HaystackFlag) };
                    }
            void Positions(IEnumerable<int[]> runs, byte flag, bool body, ref int at)
            {
                foreach (var run in runs)
                {
                    for (var i = 0; i + 1 < run.Length; i++)
                    {
                        var k = SearchText.Key(run[i], run[i + 1]);
                        var e = Entry(k);
                        (body ? e.Body : e.Attachment).Add(at + i);
                        expected[k] = e with { Flags = (byte)(e.Flags | flag) };
                    }
                    at += run.Length + 1;
                }
            }
            var position = 0;
            Positions(SearchText.Runs(SearchText.Normalize(doc.Body)), SearchIndexFormat.BodyFlag, true, ref position);
            position = 0;
            var budget = new SearchIndexOptions().AttachmentTextBudget;
            foreach (var file in doc.Attachments)
            {
                var taken = new List<int[]>();
                foreach (var run in SearchText.Runs(SearchText.Normalize(file.Text)))
                {
                    if (budget <= 0) break;
                    taken.Add(run.Length <= budget ? run : run[..budget]);
                    budget -= taken[^1].Length;
                }
                Positions(taken, SearchIndexFormat.AttachmentFlag, false, ref position);
            }

            var actual = SearchIndexWriter.Keys(doc);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (key, e) in expected)
            {
                Assert.Equal(e.Flags, actual[key].Flags);
                Assert.Equal(e.Body.Count == 0 ? null : e.Body.ToArray(), actual[key].Body);
                Assert.Equal(e.Attachment.Count == 0 ? null : e.Attachment.ToArray(), actual[key].Attachment);
            }
        }
    }

    // Format 7: re-pinned twice after checking, over 400 generated items merged into the main shards at every update, that
    // only what was meant to change did: with postings as a bitmap when smaller, the postings files and the manifest
    // (positions, meta pages and id buckets hashed as under format 6); with prefixes and day offsets in the meta pages,
    // the meta pages alone. The levels' digest once more when their positions files came to hold every posting with its
    // flags (the main shards' digest, which has no levels, stayed).
    private const string MainShardsDigest = "EF5295EA531EE78A9F481F14940BEAEC13CCBDDAD07F2089FF54E875489A852C";
    private const string LevelsDigest = "63BB03E19501C3591F504F23628F43CAF1187F2A11D54759CCCA39A02CA5F1F4 CDAD254387BD2584A2ACFE35F5F9B3A3D1868C12D90707054702FC0A1838823A";
}
