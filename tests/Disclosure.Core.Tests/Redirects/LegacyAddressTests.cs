using Disclosure.Redirects;

namespace Disclosure.Tests.Redirects;

public class LegacyAddressTests
{
    private const string Portal = "kjj.example.gov.cn";

    private static LegacyAddress Parse(string text, string? portalHost = Portal)
    {
        var address = LegacyAddress.Parse(text, portalHost, out var error);
        Assert.True(address is not null, error);
        return address!;
    }

    private static string Refusal(string text)
    {
        Assert.Null(LegacyAddress.Parse(text, Portal, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error!;
    }

    [Fact]
    public void Scheme_and_host_case_do_not_matter_and_the_portals_own_host_is_the_same_as_a_bare_path()
    {
        var keys = new[]
        {
            "http://kjj.example.gov.cn/art/2019/3/12/art_1234_5678.html",
            "https://KJJ.Example.gov.cn/art/2019/3/12/art_1234_5678.html",
            "//kjj.example.gov.cn/art/2019/3/12/art_1234_5678.html",
            "/art/2019/3/12/art_1234_5678.html",
            "http://kjj.example.gov.cn:80/art/2019/3/12/art_1234_5678.html#top",
        }.Select(t => Parse(t).Key).Distinct().ToList();

        Assert.Equal(["/art/2019/3/12/art_1234_5678.html"], keys);
        Assert.True(Parse("/art/2019/3/12/art_1234_5678.html").OnPortal);
        Assert.Equal("art/2019/3/12/art_1234_5678.html", Parse("/art/2019/3/12/art_1234_5678.html").StaticPagePath);
    }

    [Fact]
    public void Another_host_is_kept_lower_case_and_gets_no_static_page()
    {
        var address = Parse("HTTP://www.Old-Site.example.cn/col/col123/art_9.html");

        Assert.Equal("www.old-site.example.cn", address.Host);
        Assert.False(address.OnPortal);
        Assert.Null(address.StaticPagePath);
        Assert.Equal("www.old-site.example.cn/col/col123/art_9.html", address.Key);
    }

    [Fact]
    public void Percent_escapes_are_decoded_except_delimiters_whose_meaning_would_change()
    {
        Assert.Equal("/通知/公告 1.html", Parse("/%E9%80%9A%E7%9F%A5/%e5%85%ac%e5%91%8a%201.html").Path);
        Assert.Equal(Parse("/通知/公告%201.html").Key, Parse("/%E9%80%9A%E7%9F%A5/%E5%85%AC%E5%91%8A%201.html").Key);
        Assert.Equal("/~user/a.html", Parse("/%7euser/a.html").Path);
        // An escaped slash is a character of a segment, not a separator: it stays escaped (upper-case hex).
        Assert.Equal("/a%2Fb.html", Parse("/a%2fb.html").Path);
        Assert.Null(Parse("/a%2fb.html").StaticPagePath);
    }

    [Fact]
    public void The_browser_form_of_a_decoded_path_is_percent_encoded_utf8()
    {
        var address = Parse("/通知/公告%201.html?栏目=1");

        Assert.Equal("/%E9%80%9A%E7%9F%A5/%E5%85%AC%E5%91%8A%201.html", address.RequestPath);
        Assert.Equal("%E6%A0%8F%E7%9B%AE=1", address.RequestQuery);
    }

    [Fact]
    public void A_query_string_that_names_the_item_is_kept_and_only_rules_can_answer_it()
    {
        var one = Parse("http://kjj.example.gov.cn/content.jsp?id=123");
        var two = Parse("/content.jsp?id=124");

        Assert.Equal("/content.jsp?id=123", one.Key);
        Assert.NotEqual(one.Key, two.Key);
        Assert.True(one.OnPortal);
        // Static website hosting ignores the query: every ?id= would land on the same page.
        Assert.Null(one.StaticPagePath);
        Assert.Equal("/content.jsp", Parse("/content.jsp?").Key);
    }

    [Fact]
    public void Path_case_is_kept_because_the_old_server_may_have_told_them_apart()
    {
        Assert.NotEqual(Parse("/Art/1.html").Key, Parse("/art/1.html").Key);
    }

    [Fact]
    public void A_folder_address_gets_its_index_document()
    {
        Assert.Equal("col/col123/index.html", Parse("/col/col123/").StaticPagePath);
    }

    [Fact]
    public void The_stored_key_reads_back_as_the_same_address()
    {
        foreach (var text in new[] { "/通知/a%2Fb.html?id=1", "http://www.old.example.cn/x/y.html", "/art/2019/3/12/art_1.html" })
        {
            var address = Parse(text);
            Assert.Equal(address, LegacyAddress.FromKey(address.Key));
        }
    }

    [Theory]
    [InlineData("art/2019/1.html", "开头")]
    [InlineData("ftp://kjj.example.gov.cn/a.html", "开头")]
    [InlineData("http://kjj.example.gov.cn:8080/a.html", "端口")]
    [InlineData("/a/../items/x.html", "..")]
    [InlineData("/a/%2E%2E/b.html", "..")]
    [InlineData("/a%ZZ.html", "十六进制")]
    [InlineData("/a%C4.html", "UTF-8")]
    [InlineData("/a b.html", "空格")]
    [InlineData("/a\u0001.html", "控制字符")]
    [InlineData("/", "首页")]
    [InlineData("http://kjj.example.gov.cn", "首页")]
    [InlineData("", "为空")]
    public void Addresses_that_cannot_be_one_are_refused_saying_why(string text, string reason)
    {
        Assert.Contains(reason, Refusal(text));
    }

    [Fact]
    public void An_address_longer_than_the_limit_is_refused()
    {
        Assert.Contains("2048", Refusal("/" + new string('a', LegacyAddress.MaxLength)));
        Parse("/" + new string('a', LegacyAddress.MaxLength - 1));
    }
}
