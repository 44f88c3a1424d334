using Disclosure.Catalogue;

namespace Disclosure.Tests.Catalogue;

public class CatalogueLoaderTests
{
    [Fact]
    public void The_bureau_seed_catalogue_has_the_plan_columns_and_departments()
    {
        var catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
        Assert.Equal("市科学技术局", catalogue.Agency.Name);
        foreach (var code in new[] { "jgzn", "zcfg", "zcjd", "ghjh", "czzj", "kjxm", "kjcg", "rsxx", "gzdt", "xzzf", "tzgg", "ndbg" })
            Assert.NotNull(catalogue.FindColumn(code));
        Assert.Equal(Disclosure.Items.Relation.Interprets, catalogue.FindColumn("zcjd")!.RequiredRelation);
        Assert.All(catalogue.Columns, c => Assert.NotNull(catalogue.FindDepartment(c.ResponsibleDepartment)));
    }

    [Fact]
    public void A_column_whose_parent_is_missing_is_refused_with_its_name()
    {
        var ex = Assert.Throws<FormatException>(() => CatalogueLoader.Parse("""
            {"agency":{"name":"局","issuerCode":"X","officeName":"办"},"genres":[],"departments":[],"attachments":{},
             "columns":[{"code":"a","name":"子栏目","parentCode":"zz"}]}
            """));
        Assert.Contains("子栏目", ex.Message);
    }

    [Theory]
    // Regulation Art. 20 (四)(八)(九)(十二)(十三), and Art. 21 for a department of a 设区的市 (公共服务、公益事业).
    [InlineData("tjxx", "统计信息", "第二十条第（四）项")]
    [InlineData("xzsf", "行政事业性收费", "第二十条第（八）项")]
    [InlineData("zfcg", "政府集中采购", "第二十条第（九）项")]
    [InlineData("tfsj", "突发事件应急", "第二十条第（十二）项")]
    [InlineData("jdjc", "监督检查", "第二十条第（十三）项")]
    [InlineData("ggfw", "公共服务", "第二十一条")]
    public void The_bureau_catalogue_carries_the_article_20_and_21_columns_as_data(string code, string name, string basis)
    {
        var catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
        var column = catalogue.FindColumn(code);
        Assert.NotNull(column);
        Assert.Equal((name, basis), (column.Name, column.Basis));
        Assert.NotNull(catalogue.FindDepartment(column.ResponsibleDepartment));
        Assert.NotEmpty(column.Genres);
        Assert.All(column.Genres, g => Assert.Contains(g, catalogue.Genres));
    }

    [Fact]
    public void The_bureau_catalogue_has_every_footer_identifier_of_guideline_47()
    {
        // 国办发〔2017〕47号: 主办单位, contact, 党政机关网站标识, 网站标识码, ICP 备案号, 公安机关备案号, and the 找错 entrance.
        Assert.Empty(CatalogueLoader.Load(DataFiles.Combine("catalogue.json")).MissingSiteIdentifiers());
    }

    private const string Minimal = """
        {"agency":{"name":"局","issuerCode":"X","officeName":"办"},"genres":[],"departments":[],"attachments":{},"columns":[] SITE}
        """;

    [Fact]
    public void A_catalogue_without_site_settings_loads_and_names_every_missing_identifier()
    {
        var catalogue = CatalogueLoader.Parse(Minimal.Replace(" SITE", ""));
        Assert.Equal(["联系方式（电话或电子邮箱）", "党政机关网站标识", "网站标识码", "ICP备案号", "公安机关备案号", "政府网站找错入口"],
            catalogue.MissingSiteIdentifiers());
    }

    [Theory]
    [InlineData("\"errorReportHref\":\"javascript:alert(1)\"", "site.errorReportHref")]
    [InlineData("\"governmentSiteMarkHref\":\"data:text/html,x\"", "site.governmentSiteMarkHref")]
    [InlineData("\"governmentSiteMarkImage\":\"https://cdn.example.com/mark.png\"", "site.governmentSiteMarkImage")]
    [InlineData("\"governmentSiteMarkImage\":\"//cdn.example.com/mark.png\"", "site.governmentSiteMarkImage")]
    public void A_footer_link_that_is_not_a_web_address_or_a_picture_from_another_host_is_refused(string setting, string name)
    {
        var ex = Assert.Throws<FormatException>(() => CatalogueLoader.Parse(Minimal.Replace(" SITE", ",\"site\":{" + setting + "}")));
        Assert.Contains(name, ex.Message);
    }
}
