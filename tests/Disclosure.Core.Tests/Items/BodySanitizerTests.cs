using Disclosure.Items;

namespace Disclosure.Tests.Items;

public class BodySanitizerTests
{
    [Theory]
    [InlineData("<p>通知</p><script>alert(1)</script>")]
    [InlineData("<p>通知</p><SCRIPT SRC=//evil.example/x.js></SCRIPT>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<img src=\"x.png\" onerror=\"alert(1)\" alt=\"图\">")]
    [InlineData("<a href=\"javascript:alert(1)\">点击</a>")]
    [InlineData("<a href=\"JaVaScRiPt:alert(1)\">点击</a>")]
    [InlineData("<a href=\"java&#x09;script:alert(1)\">点击</a>")]
    [InlineData("<a href=\" &#14; javascript:alert(1)\">点击</a>")]
    [InlineData("<svg onload=alert(1)><circle r=1 /></svg>")]
    [InlineData("<svg><script>alert(1)</script></svg>")]
    [InlineData("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>")]
    [InlineData("<p style=\"background:url(javascript:alert(1))\">正文</p>")]
    [InlineData("<p style=\"width: expression(alert(1))\">正文</p>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">下载</a>")]
    [InlineData("<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">")]
    [InlineData("<object data=\"evil.swf\"></object><embed src=\"evil.swf\">")]
    [InlineData("<body onload=alert(1)>正文</body>")]
    [InlineData("<details open ontoggle=alert(1)>")]
    [InlineData("<form action=\"javascript:alert(1)\"><button>提交</button></form>")]
    [InlineData("<p>正文<!--<img src=x onerror=alert(1)>--></p>")]
    [InlineData("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>")]
    [InlineData("<style>@import 'https://evil.example/x.css';</style>")]
    [InlineData("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">")]
    [InlineData("<base href=\"https://evil.example/\">")]
    [InlineData("<table background=\"javascript:alert(1)\"><tr><td>1</td></tr></table>")]
    [InlineData("<a href=\"vbscript:msgbox(1)\">x</a>")]
    public void Script_vectors_leave_nothing_executable(string hostile)
    {
        var clean = BodySanitizer.Sanitize(hostile).ToLowerInvariant();
        foreach (var forbidden in new[] { "<script", "onerror", "onload", "ontoggle", "javascript:", "vbscript:", "<svg", "<iframe",
                     "srcdoc", "expression(", "style=", "<style", "data:", "<object", "<embed", "<form", "<meta", "<base", "<math", "alert(1)" })
            Assert.DoesNotContain(forbidden, clean);
    }

    [Fact]
    public void The_document_structure_of_an_official_notice_survives()
    {
        const string html = """
            <h2>一、总体要求</h2><p>各处室、各直属单位：</p>
            <ol><li>第一条</li><li>第二条</li></ol><ul><li>要点</li></ul>
            <table><thead><tr><th colspan="2">项目</th></tr></thead><tbody><tr><td rowspan="2">资金</td><td>100万元</td></tr></tbody></table>
            <p><strong>重要</strong><em>强调</em><u>下划线</u>H<sub>2</sub>O m<sup>2</sup><br>换行</p>
            <blockquote>引文</blockquote><pre>  预格式  </pre><h6>附注</h6>
            """;
        var clean = BodySanitizer.Sanitize(html);
        foreach (var kept in new[] { "<h2>一、总体要求</h2>", "<ol><li>第一条</li>", "<th colspan=\"2\">项目</th>", "<td rowspan=\"2\">资金</td>",
                     "<thead>", "<tbody>", "<strong>重要</strong>", "<em>强调</em>", "<u>下划线</u>", "<sub>2</sub>", "<sup>2</sup>", "<br>",
                     "<blockquote>引文</blockquote>", "<pre>  预格式  </pre>", "<h6>附注</h6>" })
            Assert.Contains(kept, clean);
    }

    [Fact]
    public void Links_keep_http_https_and_mailto_and_get_noopener_noreferrer()
    {
        var clean = BodySanitizer.Sanitize("""<a href="https://www.gov.cn/zhengce/" target="_blank" rel="opener">政策</a><a href="mailto:xxgk@kjj.example.gov.cn">邮件</a><a href="http://example.gov.cn/a">旧站</a>""");
        Assert.Contains("<a href=\"https://www.gov.cn/zhengce/\" rel=\"noopener noreferrer\">政策</a>", clean);
        Assert.Contains("<a href=\"mailto:xxgk@kjj.example.gov.cn\" rel=\"noopener noreferrer\">邮件</a>", clean);
        Assert.Contains("href=\"http://example.gov.cn/a\"", clean);
        Assert.DoesNotContain("target", clean);
        Assert.DoesNotContain("rel=\"opener\"", clean);
    }

    [Fact]
    public void Images_keep_relative_sources_with_alt_text_and_an_image_on_another_host_becomes_a_link()
    {
        var clean = BodySanitizer.Sanitize("""<img src="https://kjj.example.gov.cn/a.png" alt="组织架构图" width="900"><img src="/files/b.jpg" alt="照片"><img src="mailto:a@b.cn" alt="坏">""");
        Assert.Contains("<a href=\"https://kjj.example.gov.cn/a.png\" rel=\"noopener noreferrer\">组织架构图</a>", clean);
        Assert.Contains("<img src=\"/files/b.jpg\" alt=\"照片\">", clean);
        Assert.DoesNotContain("mailto", clean);
        Assert.DoesNotContain("坏", clean);
    }

    [Fact]
    public void Word_paste_wrappers_are_unwrapped_and_their_text_kept()
    {
        var clean = BodySanitizer.Sanitize("""<div class="WordSection1"><p class="MsoNormal" style="text-indent:2em"><span lang="ZH-CN" style="font-family:仿宋_GB2312"><font color="red">根据《条例》第二十条</font></span><o:p></o:p></p></div>""");
        Assert.Equal("<p>根据《条例》第二十条</p>", clean);
    }

    [Fact]
    public void An_h1_is_not_allowed_because_the_page_title_is_the_only_h1_but_its_words_stay()
    {
        Assert.Equal("标题", BodySanitizer.Sanitize("<h1>标题</h1>"));
    }

    [Fact]
    public void Script_and_style_content_is_dropped_not_shown_as_text()
    {
        Assert.Equal("<p>正文</p>", BodySanitizer.Sanitize("<p>正文</p><script>var secret = 1;</script><style>p{color:red}</style>"));
    }

    [Fact]
    public void Empty_input_gives_an_empty_body()
    {
        Assert.Equal("", BodySanitizer.Sanitize(null));
        Assert.Equal("", BodySanitizer.Sanitize("   "));
        Assert.Equal("", BodySanitizer.FromPlainText(null));
    }

    [Fact]
    public void Plain_text_becomes_encoded_paragraphs_with_line_breaks()
    {
        var html = BodySanitizer.FromPlainText("各处室：\r\n  现将有关事项通知如下。\r\n\r\n一、<script>alert(1)</script> & \"引号\"\n\n\n附件：1. 申报表");
        Assert.Equal(
            "<p>各处室：<br>  现将有关事项通知如下。</p>\n<p>一、&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot;</p>\n<p>附件：1. 申报表</p>",
            html);
        Assert.Equal(html, BodySanitizer.Sanitize(html).Replace("\"引号\"", "&quot;引号&quot;"));
    }

    [Fact]
    public void Plain_text_of_an_html_body_has_one_block_per_line_and_includes_link_targets_and_alt_text()
    {
        var text = BodySanitizer.ToPlainText("""<h2>名单</h2><p>联系人：张三<br>电话13800138000</p><table><tr><td>李四</td><td>11010519491231002X</td></tr></table><a href="mailto:zhangsan@example.com">邮件</a><img src="a.png" alt="身份证照片"><script>x</script>""");
        Assert.Equal("名单\n联系人：张三\n电话13800138000\n李四\t11010519491231002X\t\n邮件\nmailto:zhangsan@example.com\n身份证照片", text);
    }

    [Theory]
    [InlineData("<img src=\"https://tracker.example.com/pixel.gif\">")]
    [InlineData("<img src=\"http://tracker.example.com/pixel.gif\" alt=\"\">")]
    [InlineData("<img src=\"//tracker.example.com/pixel.gif\">")]
    [InlineData("<img src=\"/\\tracker.example.com/pixel.gif\">")]
    [InlineData("<img src=\"HTTPS://TRACKER.EXAMPLE.COM/P.GIF\">")]
    [InlineData("<p>正文<img src=\"  https://tracker.example.com/p.gif\"></p>")]
    public void No_image_from_another_host_survives_it_is_a_link_a_reader_may_follow(string html)
    {
        var clean = BodySanitizer.Sanitize(html);

        Assert.DoesNotContain("<img", clean, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(BodySanitizer.RemoteImageLinkText + "</a>", clean);
        Assert.Contains("tracker.example.com", clean, StringComparison.OrdinalIgnoreCase);
    }
}
