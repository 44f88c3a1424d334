using Disclosure.Items;
using Disclosure.Publishing.Search;

namespace Disclosure.Portal.Tests.Search;

public sealed class SearchDocumentTests
{
    private static DisclosureItem Item(BodyFormat format) => new BureauItemGenerator(1).Generate(1)[0].Item with
    {
        Id = "kjj-doc",
        BodyFormat = format,
        Summary = "明确科技创新券兑付流程",
        Keywords = ["创新券", "兑付"],
    };

    [Fact]
    public async Task Markup_of_an_html_body_is_not_searchable_but_its_text_summary_and_keywords_are()
    {
        var doc = SearchDocument.From(Item(BodyFormat.Html), BureauItemGenerator.Catalogue(),
            "<style>.zxcv{color:red}</style><p class=\"qwerty\">申报材料&amp;审核流程</p><script>var asdf=1;</script>");
        var site = new InMemorySiteFiles();
        site.Apply((await new SearchIndexWriter().UpdateAsync(site, [doc], [], default)).Files);
        var reader = new SearchIndexReader(site);

        foreach (var hidden in new[] { "qwerty", "zxcv", "asdf", "amp", "class" })
            Assert.Equal(0, (await reader.SearchAsync(hidden)).Total);
        foreach (var visible in new[] { "申报材料", "审核流程", "兑付流程", "创新券" })
            Assert.Equal(1, (await reader.SearchAsync(visible)).Total);
    }

    [Fact]
    public void Search_document_carries_the_column_name_and_the_item_url()
    {
        var doc = SearchDocument.From(Item(BodyFormat.PlainText), BureauItemGenerator.Catalogue(), "正文");
        Assert.Equal("/items/kjj-doc.html", doc.Url);
        Assert.Equal(BureauItemGenerator.Catalogue().FindColumn(Item(BodyFormat.PlainText).ColumnCode)!.Name, doc.ColumnName);
    }
}
