using System.Text;
using System.Text.RegularExpressions;
using Disclosure.Items;
using Disclosure.Publishing;

namespace Disclosure.Portal.Tests.Pages;

public class PortalRendererTests
{
    private static readonly PortalRenderer Renderer = new();

    private static Dictionary<string, SiteFile> Render(SamplePortal sample) =>
        Renderer.RenderSite(sample.Snapshot()).ToDictionary(f => f.Path, StringComparer.Ordinal);

    private static string Text(SiteFile file) => Encoding.UTF8.GetString(file.Content);

    private static string Page(Dictionary<string, SiteFile> site, string sitePath) => Text(site[PortalPaths.FilePath(sitePath)]);

    [Fact]
    public void The_guides_section_on_applications_links_the_public_application_form()
    {
        var guide = Page(Render(SamplePortal.Full()), PortalPaths.Guide);

        Assert.Contains("<a href=\"/api/applications/new\">在线申请表</a>", guide);
    }

    [Fact]
    public void Every_page_type_is_rendered_from_the_sample_catalogue()
    {
        var sample = SamplePortal.Full();
        var site = Render(sample);
        var policy = sample.Published.Single(i => i.Title == "市科技创新券管理办法");
        string[] expected =
        [
            "index.html", "guide/index.html", "rules/index.html", "search/index.html", "404.html", "catalogue/index.html",
            "catalogue/zcfg/index.html", "catalogue/2025/index.html", "catalogue/2024/index.html",
            "columns/zcfg/index.html", "columns/zcjd/index.html", "columns/gzdt/index.html",
            "columns/gzdt/p/1.html", "columns/gzdt/p/2.html", "columns/gzdt/p/3.html",
            $"items/{policy.Id}.html", $"items/{sample.Withdrawn[0].Id}.html",
        ];
        foreach (var path in expected) Assert.True(site.ContainsKey(path), $"缺少页面 {path}");
        Assert.False(site.ContainsKey("columns/gzdt/p/4.html"));
        Assert.Contains(site.Keys, p => Regex.IsMatch(p, @"^assets/site\.[0-9a-f]{10}\.css$"));
        Assert.Contains(site.Keys, p => Regex.IsMatch(p, @"^assets/print\.[0-9a-f]{10}\.css$"));
        Assert.Contains(site.Keys, p => Regex.IsMatch(p, @"^assets/site\.[0-9a-f]{10}\.js$"));
        // Every configured column has its pages even when empty, so links never break.
        foreach (var column in SamplePortal.Settings.Columns)
        {
            Assert.True(site.ContainsKey($"columns/{column.Code}/index.html"));
            Assert.True(site.ContainsKey($"catalogue/{column.Code}/index.html"));
        }
    }

    [Fact]
    public void Every_page_is_simplified_chinese_with_skip_link_landmarks_and_a_search_box()
    {
        foreach (var file in Render(SamplePortal.Full()).Values.Where(f => f.Path.EndsWith(".html", StringComparison.Ordinal)))
        {
            var html = Text(file);
            Assert.Contains("<html lang=\"zh-CN\">", html);
            Assert.Contains("<a class=\"skip-link\" href=\"#main\">", html);
            Assert.Contains("<header", html);
            Assert.Contains("<nav class=\"main-nav\" aria-label=\"主导航\">", html);
            Assert.Contains("<main id=\"main\"", html);
            Assert.Contains("<footer", html);
            Assert.Contains("<form class=\"site-search\" role=\"search\" action=\"/search/\" method=\"get\">", html);
            Assert.Matches("<label for=\"site-search-q\">[^<]+</label>\\s*<input id=\"site-search-q\" name=\"q\"", html);
            Assert.Equal("text/html; charset=utf-8", file.ContentType);
            Assert.Equal("public, max-age=300", file.CacheControl);
        }
    }

    [Fact]
    public void Assets_are_named_by_their_content_hash_and_cached_for_a_year()
    {
        foreach (var asset in Renderer.Assets.Files)
        {
            var hash = Regex.Match(asset.Path, @"\.([0-9a-f]{10})\.(css|js)$").Groups[1].Value;
            Assert.StartsWith(hash, asset.Sha256Hex());
            Assert.Equal("public, max-age=31536000, immutable", asset.CacheControl);
            Assert.EndsWith("; charset=utf-8", asset.ContentType);
        }
        var home = Page(Render(SamplePortal.Full()), PortalPaths.Home);
        Assert.Contains($"href=\"{Renderer.Assets.StylesHref}\"", home);
        Assert.Contains($"href=\"{Renderer.Assets.PrintStylesHref}\" media=\"print\"", home);
        Assert.Contains($"src=\"{Renderer.Assets.ScriptHref}\"", home);
    }

    [Fact]
    public void A_title_with_a_script_tag_comes_out_encoded_on_every_page()
    {
        var site = Render(SamplePortal.Full());
        var all = string.Join("\n", site.Values.Where(f => f.Path.EndsWith(".html", StringComparison.Ordinal)).Select(Text));
        Assert.DoesNotContain("<script>alert(1)</script>", all);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;关于加强科技项目管理的通知", all);
        Assert.DoesNotContain("<b>加粗</b>", all);
        Assert.Contains("&lt;b&gt;加粗&lt;/b&gt;的概述", all);
    }

    [Fact]
    public void An_html_body_is_inserted_as_given_and_a_plain_text_body_is_encoded_into_paragraphs()
    {
        var sample = SamplePortal.Full();
        var site = Render(sample);
        var policy = Page(site, PortalPaths.Item(sample.Published.Single(i => i.Title == "市科技创新券管理办法")));
        Assert.Contains("<p><strong>第二条</strong>　本办法自发布之日起施行。</p>", policy);
        var hostile = Page(site, PortalPaths.Item(sample.Published.Single(i => i.Title == SamplePortal.HostileTitle)));
        Assert.Contains("<p>正文里有 &lt;b&gt;标记&lt;/b&gt; 和 &amp; 符号。</p>", hostile);
    }

    [Fact]
    public void A_withdrawn_item_appears_in_no_list_and_its_address_shows_a_withdrawal_notice()
    {
        var sample = SamplePortal.Full();
        var withdrawn = sample.Withdrawn.Single();
        var site = Render(sample);
        var itemPath = PortalPaths.FilePath(PortalPaths.Item(withdrawn));
        foreach (var file in site.Values.Where(f => f.Path.EndsWith(".html", StringComparison.Ordinal)))
        {
            var html = Text(file);
            Assert.DoesNotContain(withdrawn.Title, html);
            if (file.Path != itemPath) Assert.DoesNotContain(PortalPaths.Item(withdrawn), html);
        }
        var notice = Text(site[itemPath]);
        Assert.Contains("已撤回", notice);
        Assert.Contains(withdrawn.IndexNumber.ToString(), notice);
        Assert.Contains("<meta name=\"robots\" content=\"noindex\">", notice);
    }

    [Fact]
    public void An_item_whose_public_period_ended_appears_in_no_list_and_its_address_shows_why_with_its_title()
    {
        var sample = SamplePortal.Full();
        var ended = sample.Expired.Single();
        var site = Render(sample);
        var itemPath = PortalPaths.FilePath(PortalPaths.Item(ended));
        foreach (var file in site.Values.Where(f => f.Path.EndsWith(".html", StringComparison.Ordinal) && f.Path != itemPath))
        {
            var html = Text(file);
            Assert.DoesNotContain(ended.Title, html);
            Assert.DoesNotContain(PortalPaths.Item(ended), html);
        }
        var notice = Text(site[itemPath]);
        Assert.Contains("<h1>该信息公开时限已届满</h1>", notice);
        Assert.Contains("本信息公开时限已于 2025年10月24日届满，不再公开。", notice);
        Assert.Contains($"<dt>索引号</dt><dd>{ended.IndexNumber}</dd>", notice);
        Assert.Contains($"<dt>名称</dt><dd>{ended.Title}</dd>", notice);
        Assert.Contains("<meta name=\"robots\" content=\"noindex\">", notice);
        Assert.DoesNotContain("已撤回", notice);
    }

    [Fact]
    public void A_limited_item_shows_its_public_period_after_validity_and_a_long_term_one_does_not()
    {
        var sample = SamplePortal.Full();
        var site = Render(sample);
        var limited = Page(site, PortalPaths.Item(sample.Published.Single(i => i.PublicUntil is not null)));
        var validity = limited.IndexOf("<dt>有效性</dt>", StringComparison.Ordinal);
        var period = limited.IndexOf("<dt>公开时限</dt><dd>限时，至 <time datetime=\"2025-11-28\">2025-11-28</time></dd>", StringComparison.Ordinal);
        Assert.True(validity > 0 && period > validity, "公开时限应在有效性之后显示");
        var longTerm = Page(site, PortalPaths.Item(sample.Published.First(i => i.PublicUntil is null)));
        Assert.DoesNotContain("公开时限", longTerm);
    }

    [Fact]
    public void A_reposted_document_is_labelled_on_its_item_page_and_the_agencys_own_is_not()
    {
        var sample = SamplePortal.Full();
        var provincial = sample.Add("zcfg", "省科学技术厅关于科技创新券的通知", new DateOnly(2025, 10, 9),
            i => i with { Genre = "行政规范性文件", Publisher = "省科学技术厅", ReceivedOn = new DateOnly(2025, 10, 1) });
        var marked = sample.Add("zcfg", "转发国务院办公厅关于科技成果转化的通知", new DateOnly(2025, 10, 9), i => i with { Reposted = true });
        var site = Render(sample);
        Assert.Contains("<dd>省科学技术厅<span class=\"reposted\">（转发）</span></dd>", Page(site, PortalPaths.Item(provincial)));
        Assert.Contains("<span class=\"reposted\">（转发）</span>", Page(site, PortalPaths.Item(marked)));
        var own = sample.Published.First(i => !i.Reposted && i.Publisher == SamplePortal.Settings.Agency.Name);
        Assert.DoesNotContain("（转发）", Page(site, PortalPaths.Item(own)));
    }

    [Fact]
    public void Item_page_shows_the_metadata_in_catalogue_order_and_the_attachments()
    {
        var sample = SamplePortal.Full();
        var policy = sample.Published.Single(i => i.Title == "市科技创新券管理办法");
        var html = Page(Render(sample), PortalPaths.Item(policy));
        string[] order = ["<dt>索引号</dt>", "<dt>分类</dt>", "<dt>发布机构</dt>", "<dt>文号</dt>", "<dt>成文日期</dt>", "<dt>发布日期</dt>", "<dt>有效性</dt>", "<dt>主题词</dt>", "<dt>内容概述</dt>"];
        var positions = order.Select(label => html.IndexOf(label, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order().ToList(), positions);
        Assert.Contains(policy.IndexNumber.ToString(), html);
        Assert.Contains("市科发〔2025〕12号", html);
        Assert.Contains("<time datetime=\"2025-11-04\">2025-11-04</time>", html);
        Assert.Contains("href=\"/files/att001/%E7%A7%91%E6%8A%80%E5%88%9B%E6%96%B0%E5%88%B8%E7%94%B3%E9%A2%86%E8%A1%A8.docx\">科技创新券申领表.docx</a>", html);
        Assert.Contains("（Word，47.1 KB）", html);
        Assert.Contains("（PDF，2.3 MB）", html);
    }

    [Fact]
    public void A_policy_and_its_interpretation_link_to_each_other()
    {
        var sample = SamplePortal.Full();
        var site = Render(sample);
        var policy = sample.Published.Single(i => i.Title == "市科技创新券管理办法");
        var reading = sample.Published.Single(i => i.Relation == Relation.Interprets);
        Assert.Contains($"本解读对应的政策文件：<a href=\"{PortalPaths.Item(policy)}\">", Page(site, PortalPaths.Item(reading)));
        Assert.Matches($"<h2 id=\"interpretations-title\">政策解读</h2>\\s*<ul>\\s*<li><a href=\"{Regex.Escape(PortalPaths.Item(reading))}\">", Page(site, PortalPaths.Item(policy)));
    }

    [Fact]
    public void A_repealed_item_is_marked_and_links_to_its_replacement()
    {
        var sample = SamplePortal.Full();
        var site = Render(sample);
        var old = sample.Published.Single(i => i.Title == "市科技计划项目管理暂行办法");
        var replacement = sample.Published.Single(i => i.Relation == Relation.Repeals);
        var html = Page(site, PortalPaths.Item(old));
        Assert.Contains("本文件已废止", html);
        Assert.Contains($"现行文件：<a href=\"{PortalPaths.Item(replacement)}\">市科技计划项目管理办法</a>", html);
        Assert.Contains("<dd class=\"superseded\">废止</dd>", html);
        Assert.Contains($"本文件废止了：<a href=\"{PortalPaths.Item(old)}\">", Page(site, PortalPaths.Item(replacement)));
        var catalogue = Page(site, PortalPaths.ColumnCataloguePage("zcfg", 1));
        Assert.Matches($"{Regex.Escape(old.Title)}</a>.*?<td class=\"superseded\">废止</td>", catalogue);
    }

    [Fact]
    public void An_item_marked_amended_by_its_own_validity_is_marked_without_a_replacement_link()
    {
        var sample = new SamplePortal();
        var item = sample.Add("zcfg", "某暂行规定", new DateOnly(2025, 1, 2), i => i with { Validity = Validity.Amended });
        var html = Page(Render(sample), PortalPaths.Item(item));
        Assert.Contains("本文件已修订，请以修订后的文件为准。", html);
        Assert.DoesNotContain("现行文件：", html);
    }

    [Fact]
    public void Sub_column_items_are_listed_under_the_parent_column_too()
    {
        var sample = SamplePortal.Full();
        var site = Render(sample);
        var reading = sample.Published.Single(i => i.Relation == Relation.Interprets);
        Assert.Contains(PortalPaths.Item(reading), Page(site, PortalPaths.ColumnIndex("zcjd")));
        Assert.Contains(PortalPaths.Item(reading), Page(site, PortalPaths.ColumnIndex("zcfg")));
        Assert.Contains(PortalPaths.Item(reading), Page(site, PortalPaths.ColumnCataloguePage("zcfg", 1)));
        Assert.Contains(PortalPaths.Item(reading), Page(site, PortalPaths.Home));
    }

    [Fact]
    public void Column_index_shows_the_newest_items_first_and_links_every_page()
    {
        var site = Render(SamplePortal.Full());
        var index = Page(site, PortalPaths.ColumnIndex("gzdt"));
        Assert.True(index.IndexOf("科技工作动态第45期", StringComparison.Ordinal) < index.IndexOf("科技工作动态第44期", StringComparison.Ordinal));
        Assert.DoesNotContain("科技工作动态第25期<", index);
        Assert.Contains("科技工作动态第26期<", index);
        for (var n = 1; n <= 3; n++) Assert.Contains($"href=\"/columns/gzdt/p/{n}.html\"", index);
        var first = Page(site, PortalPaths.ColumnPage("gzdt", 1));
        Assert.Contains("科技工作动态第1期<", first);
        Assert.Contains("科技工作动态第20期<", first);
        Assert.DoesNotContain("科技工作动态第21期<", first);
    }

    [Fact]
    public void Publishing_a_new_item_leaves_older_column_pages_byte_for_byte_unchanged()
    {
        var sample = SamplePortal.Full();
        var before = Render(sample);
        sample.Add("gzdt", "科技工作动态第46期", new DateOnly(2025, 12, 1));
        var after = Render(sample);
        Assert.Equal(before["columns/gzdt/p/1.html"].Sha256Hex(), after["columns/gzdt/p/1.html"].Sha256Hex());
        Assert.Equal(before["columns/gzdt/p/2.html"].Sha256Hex(), after["columns/gzdt/p/2.html"].Sha256Hex());
        Assert.NotEqual(before["columns/gzdt/p/3.html"].Sha256Hex(), after["columns/gzdt/p/3.html"].Sha256Hex());
    }

    [Fact]
    public void Withdrawing_an_old_item_keeps_its_slot_so_later_pages_do_not_move()
    {
        var sample = SamplePortal.Full();
        var before = Render(sample);
        sample.Withdraw(sample.Published.Single(i => i.Title == "科技工作动态第3期"));
        var after = Render(sample);
        Assert.NotEqual(before["columns/gzdt/p/1.html"].Sha256Hex(), after["columns/gzdt/p/1.html"].Sha256Hex());
        Assert.Equal(before["columns/gzdt/p/2.html"].Sha256Hex(), after["columns/gzdt/p/2.html"].Sha256Hex());
        Assert.Equal(before["columns/gzdt/p/3.html"].Sha256Hex(), after["columns/gzdt/p/3.html"].Sha256Hex());
        Assert.DoesNotContain("科技工作动态第3期<", Text(after["columns/gzdt/p/1.html"]));
    }

    [Fact]
    public void Catalogue_tables_have_a_caption_scoped_headers_and_the_seven_catalogue_fields()
    {
        var site = Render(SamplePortal.Full());
        foreach (var path in new[] { PortalPaths.ColumnCataloguePage("zcfg", 1), PortalPaths.YearCataloguePage(2025, 1) })
        {
            var html = Page(site, path);
            Assert.Matches("<table class=\"catalogue\">\\s*<caption id=\"catalogue-caption\">[^<]+</caption>", html);
            Assert.Contains("<thead><tr><th scope=\"col\">索引号</th><th scope=\"col\">名称</th><th scope=\"col\">发布机构</th><th scope=\"col\">文号</th><th scope=\"col\">成文日期</th><th scope=\"col\">发布日期</th><th scope=\"col\">有效性</th></tr></thead>", html);
            Assert.Contains("<th scope=\"row\">", html);
        }
        var year2024 = Page(site, PortalPaths.YearCataloguePage(2024, 1));
        Assert.Contains("市科技计划项目管理暂行办法", year2024);
        Assert.DoesNotContain("市科技创新券管理办法", year2024);
    }

    [Fact]
    public void Guide_is_generated_from_the_agency_settings_and_lists_every_column()
    {
        var html = Page(Render(SamplePortal.Full()), PortalPaths.Guide);
        var agency = SamplePortal.Settings.Agency;
        foreach (var fact in new[] { agency.OfficeName, agency.Address, agency.OfficeHours, agency.Phone, agency.Fax, agency.Email })
            Assert.Contains(fact, html);
        foreach (var column in SamplePortal.Settings.Columns) Assert.Contains($">{column.Name}</a>", html);
        Assert.Contains("id=\"apply\"", html);
        Assert.Contains("20个工作日内予以公开", html);
    }

    [Fact]
    public void Search_page_has_the_result_list_status_and_a_catalogue_link_for_browsers_without_javascript()
    {
        var html = Page(Render(SamplePortal.Full()), PortalPaths.Search);
        Assert.Contains("<p id=\"search-status\" role=\"status\"></p>", html);
        Assert.Contains("<ol id=\"search-results\"", html);
        Assert.Contains("<script src=\"/assets/search.js\" defer></script>", html);
        Assert.Matches("<noscript>.*href=\"/catalogue/index.html\".*</noscript>", html);
    }

    [Fact]
    public void Rendering_twice_gives_the_same_bytes()
    {
        var sample = SamplePortal.Full();
        var first = Render(sample);
        var second = Render(sample);
        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        foreach (var (path, file) in first) Assert.Equal(file.Sha256Hex(), second[path].Sha256Hex());
    }

    [Fact]
    public void An_item_that_is_not_published_proactively_is_refused()
    {
        var sample = new SamplePortal();
        sample.Add("tzgg", "依申请公开的信息", new DateOnly(2025, 1, 2), i => i with { Attribute = DisclosureAttribute.OnRequest });
        Assert.Throws<ArgumentException>(() => sample.Snapshot());
        var pending = new SamplePortal();
        pending.Add("tzgg", "尚未审核的信息", new DateOnly(2025, 1, 2), i => i with { State = ItemState.AwaitingReview });
        Assert.Throws<ArgumentException>(() => pending.Snapshot());
    }

    [Fact]
    public void Site_file_hash_is_the_lower_case_sha256_of_its_bytes()
    {
        var file = new SiteFile("a.txt", Encoding.ASCII.GetBytes("abc"), "text/plain; charset=utf-8", "public, max-age=300");
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", file.Sha256Hex());
        Assert.True(file.IsUnchanged("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
        Assert.False(file.IsUnchanged(null));
    }
}
