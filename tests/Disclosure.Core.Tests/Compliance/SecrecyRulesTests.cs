using Disclosure.Compliance;
using Disclosure.Items;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Compliance;

public class SecrecyRulesTests
{
    [Theory]
    [InlineData("秘密★1年")]
    [InlineData("机密★5年")]
    [InlineData("绝密★长期")]
    [InlineData("机密★")]
    [InlineData("绝密★启用前")]
    [InlineData("秘密★6个月")]
    [InlineData("机密★2030年12月31日")]
    [InlineData("秘密☆1年")]
    [InlineData("秘密＊十年")]
    [InlineData("秘密 ★ 1年")]
    [InlineData("秘密★１年")]
    public void Classification_marking_blocks_publication(string marking)
    {
        var text = $"{marking}\n关于开展科技项目申报工作的通知";
        var finding = Single(Scan(text), RuleIds.SecrecyMarking);
        Assert.Equal(Severity.Block, finding.Severity);
        Assert.Equal(marking, Located(text, finding));
        Assert.Equal(TextSource.BodyName, finding.Source);
    }

    [Fact]
    public void Marking_period_is_a_few_digits_so_a_following_number_is_not_swallowed()
    {
        const string text = "机密★13800138000年";
        var findings = Scan(text);
        Assert.Equal("机密★", Located(text, Single(findings, RuleIds.SecrecyMarking)));
        Assert.Equal("13800138000", Located(text, Single(findings, RuleIds.Mobile)));
    }

    [Fact]
    public void Classification_stated_with_a_label_blocks_publication()
    {
        const string text = "密级：机密　　签发人：王五";
        var finding = Single(Scan(text), RuleIds.SecrecyMarking);
        Assert.Equal("密级：机密", Located(text, finding));
    }

    [Fact]
    public void Labelled_level_with_a_star_is_reported_once()
        => Single(Scan("密级：秘密★1年"), RuleIds.SecrecyMarking);

    [Theory]
    [InlineData("局党组召开保密工作会议，部署年度保密工作。")]
    [InlineData("大会以秘密投票方式选举产生新一届委员会。")]
    [InlineData("加强商业秘密和知识产权保护，严防机密数据泄露。")]
    [InlineData("密级划分应当符合规定。")]
    public void Ordinary_words_about_secrecy_are_not_findings(string text)
        => Assert.Empty(Scan(text));

    [Theory]
    [InlineData("内部资料")]
    [InlineData("工作秘密")]
    [InlineData("内部文件")]
    [InlineData("不予公开")]
    [InlineData("免予公开")]
    public void Restricted_circulation_phrase_blocks_publication(string phrase)
    {
        var text = $"（{phrase}，注意保管）";
        var finding = Single(Scan(text), RuleIds.RestrictedPhrase);
        Assert.Equal(Severity.Block, finding.Severity);
        Assert.Equal(phrase, Located(text, finding));
        Assert.Equal(phrase, finding.MaskedExcerpt);
    }

    [Fact]
    public void On_request_label_in_a_proactive_item_blocks_as_an_attribute_mismatch()
    {
        var finding = Single(Scan("公开方式：依申请公开", DisclosureAttribute.Proactive), RuleIds.AttributeMismatch);
        Assert.Equal(Severity.Block, finding.Severity);
    }

    [Fact]
    public void On_request_label_in_an_on_request_item_is_consistent()
        => Assert.DoesNotContain(Scan("公开方式：依申请公开", DisclosureAttribute.OnRequest), f => f.RuleId == RuleIds.AttributeMismatch);

    [Fact]
    public void Annual_report_column_softens_category_names_to_review_but_never_a_marking()
    {
        // Said about the document (a numbered category name is no finding at all: StatutoryLabelTests).
        const string text = "本件不予公开 … 此件依申请公开 … 秘密★1年";
        var findings = Scan(text, column: "ndbg");
        Assert.Equal(Severity.Review, Single(findings, RuleIds.RestrictedPhrase).Severity);
        Assert.Equal(Severity.Review, Single(findings, RuleIds.AttributeMismatch).Severity);
        Assert.Equal(Severity.Block, Single(findings, RuleIds.SecrecyMarking).Severity);
        Assert.EndsWith("（本栏目对此项只作复核提示）", Single(findings, RuleIds.RestrictedPhrase).Advice);
    }

    [Fact]
    public void Text_that_cannot_be_extracted_becomes_a_review_finding_for_that_attachment()
    {
        var finding = LocalRuleSet.Unextractable(new UnextractableSource(TextSource.AttachmentName("扫描件.pdf"), "PDF没有文字层"));
        Assert.Equal(RuleIds.ExtractionFailed, finding.RuleId);
        Assert.Equal(Severity.Review, finding.Severity);
        Assert.Equal("附件：扫描件.pdf", finding.Source);
        Assert.Contains("PDF没有文字层", finding.Message);
    }

    [Fact]
    public void Findings_name_the_source_they_come_from()
    {
        var rules = RuleSet();
        var findings = rules.Scan(
            [new TextSource(TextSource.TitleName, "关于秘密★1年文件的通知"), TextSource.ForAttachment("名单.xlsx", "张三 13800138000")],
            new RuleContext(DisclosureAttribute.Proactive, Settings.FindColumn("tzgg")));
        Assert.Equal([("标题", RuleIds.SecrecyMarking), ("附件：名单.xlsx", RuleIds.Mobile)], findings.Select(f => (f.Source, f.RuleId)));
    }
}
