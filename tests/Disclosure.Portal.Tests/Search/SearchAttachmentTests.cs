using Disclosure.Publishing.Search;

namespace Disclosure.Portal.Tests.Search;

/// <summary>
/// Many items are a one-line body ("详见附件") with the content in a PDF: the text the compliance check extracted from
/// the attachments is searchable, and a result found only there names the file.
/// </summary>
public sealed class SearchAttachmentTests
{
    private static readonly SearchIndexOptions Options = new() { ShardCount = 64, MetaPageSize = 16 };

    private static SearchDocument WithAttachments(string id, string body, params SearchAttachment[] files) =>
        SearchSample.Awkward(id, "关于印发科技项目管理办法的通知", null, body) with { Attachments = files };

    private static async Task<SearchIndexReader> Index(SearchIndexOptions options, params SearchDocument[] docs)
    {
        var site = new InMemorySiteFiles();
        site.Apply((await new SearchIndexWriter(options).UpdateAsync(site, docs, [], default)).Files);
        return new SearchIndexReader(site);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_phrase_only_in_an_attached_pdf_is_found_and_the_result_names_the_attachment(bool merged)
    {
        var reader = await Index(Options with { DeltaMergeBytes = merged ? 0 : 1 << 20 },
            WithAttachments("only-pdf", "详见附件。",
                new SearchAttachment("附件1：申报指南.docx", "申报单位须于截止日前提交材料。"),
                new SearchAttachment("附件2：管理办法.pdf", "第十二条 项目承担单位应当建立蝾螈实验室经费台账。")),
            WithAttachments("in-body", "本通知正文提到蝾螈实验室经费台账。"));

        var results = await reader.SearchAsync("蝾螈实验室经费台账");

        Assert.Equal(2, results.Total);
        var pdf = results.Hits.Single(h => h.Meta.Url == "/items/only-pdf.html");
        Assert.Equal("附件2：管理办法.pdf", pdf.Attachment);
        Assert.Null(results.Hits.Single(h => h.Meta.Url == "/items/in-body.html").Attachment);
        // A two-character term is matched without positions: the result names the item's searchable attachments.
        var two = (await reader.SearchAsync("蝾螈")).Hits.Single(h => h.Meta.Url == "/items/only-pdf.html");
        Assert.Equal("附件1：申报指南.docx、附件2：管理办法.pdf", two.Attachment);
        Assert.Equal(0, (await reader.SearchAsync("指南第十二条")).Total);
    }

    [Fact]
    public async Task Attachment_text_beyond_the_per_item_budget_is_not_indexed()
    {
        var filler = string.Concat(Enumerable.Repeat("科技创新", 30));
        var reader = await Index(Options with { AttachmentTextBudget = 100 },
            WithAttachments("long", "详见附件。", new SearchAttachment("长附件.pdf", filler + "，末尾的蝾螈短语")));

        Assert.Equal(1, (await reader.SearchAsync("科技创新")).Total);
        Assert.Equal(0, (await reader.SearchAsync("蝾螈短语")).Total);
    }
}
