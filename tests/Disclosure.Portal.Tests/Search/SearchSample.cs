using System.Text;
using Disclosure.Items;
using Disclosure.Publishing.Search;

namespace Disclosure.Portal.Tests.Search;

/// <summary>A built index over generated items plus a few hand-made awkward ones (full-width, Latin, HTML body).</summary>
public sealed class SearchSample
{
    public IReadOnlyList<SearchDocument> Documents { get; }
    public InMemorySiteFiles Site { get; } = new();

    private SearchSample(IReadOnlyList<SearchDocument> documents) => Documents = documents;

    public static async Task<SearchSample> BuildAsync(int generated = 40)
    {
        var catalogue = BureauItemGenerator.Catalogue();
        var docs = new BureauItemGenerator().Generate(generated)
            .Select(g => SearchDocument.From(g.Item, catalogue, g.Body))
            .ToList();
        docs.Add(Awkward("x-fullwidth", "关于ＡＩ大模型与５Ｇ应用示范项目的通知", "市科发〔2025〕99号", "全文：支持ＡＩ+制造，Ｅｍａｉｌ：kjj@example.cn"));
        docs.Add(Awkward("x-latin", "Open Source 软件供应链安全指南", null, "本指南适用于 OpenHarmony 与 RISC-V 生态项目。"));
        var sample = new SearchSample(docs);
        // Into the main shards: the levels above them get items of their own in the tests that need them.
        var update = await new SearchIndexWriter(new SearchIndexOptions { ShardCount = 64, MetaPageSize = 16, DeltaMergeBytes = 0, MiddleMergeBytes = 0 })
            .UpdateAsync(sample.Site, docs, [], CancellationToken.None);
        sample.Site.Apply(update.Files);
        return sample;
    }

    public static SearchDocument Awkward(string id, string title, string? documentNumber, string body, int serial = 90000) =>
        new(id, title, documentNumber, new IndexNumber(BureauItemGenerator.IssuerCode, 2025, serial + id.Sum(c => c) % 9000).ToString(),
            new DateOnly(2025, 6, 1), "通知公告", $"/items/{id}.html", body);

    /// <summary>Every two-character substring made of two searchable characters, as the user would type it.</summary>
    public static IEnumerable<string> Bigrams(string? text)
    {
        if (string.IsNullOrEmpty(text)) yield break;
        var runes = text.EnumerateRunes().ToArray();
        for (var i = 0; i + 1 < runes.Length; i++)
        {
            var a = SearchText.Normalize(runes[i].ToString());
            var b = SearchText.Normalize(runes[i + 1].ToString());
            if (a.EnumerateRunes().All(SearchText.IsSearchable) && b.EnumerateRunes().All(SearchText.IsSearchable) && a.Length > 0 && b.Length > 0)
                yield return runes[i].ToString() + runes[i + 1].ToString();
        }
    }

    /// <summary>Ground truth: whether the item's text contains the query, after the same normalisation.</summary>
    public static bool Contains(SearchDocument doc, string query)
    {
        var needle = SearchText.Normalize(query);
        return new[] { doc.Title, doc.DocumentNumber, doc.IndexNumber, doc.Body }.Concat(doc.Attachments.Select(a => a.Text))
            .Any(f => SearchText.Normalize(f).Contains(needle, StringComparison.Ordinal));
    }

    public static string Text(SearchDocument doc) => new StringBuilder().Append(doc.Title).Append('\n').Append(doc.DocumentNumber)
        .Append('\n').Append(doc.IndexNumber).Append('\n').Append(doc.Body).ToString();
}
