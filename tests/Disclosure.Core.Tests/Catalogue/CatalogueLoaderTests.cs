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
}
