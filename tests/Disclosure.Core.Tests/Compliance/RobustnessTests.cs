using Disclosure.Compliance;
using Disclosure.Items;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Compliance;

public class RobustnessTests
{
    // Pieces chosen to hit every branch boundary: digits and full-width digits, check characters, separators,
    // prefixes, brackets, stars, expanding (㈠), composing (e + ◌́), surrogate pairs and unpaired surrogates.
    private static readonly string[] Pieces =
    [
        "0", "1", "3", "6", "8", "9", "２", "１３８", "X", "x", "Ｘ", "E", "G", "A", "-", " ", "　", "+", "+86", "0086", "(", ")", "（",
        "@", ".", "＠", "gov.cn", "转", "年", "月", "日", "★", "☆", "＊", "秘密", "机密", "密级：", "依申请公开", "内部", "资料",
        "㈠", "e\u0301", "\U0001D7CF", "\uD800", "\uDC00", "，", "。", "电话", "\n",
        "13800138000", "11010519491231002", "440524188001010014", "6222021234567890128", "92330106MA2H00001B",
    ];

    [Fact]
    public void Random_text_never_throws_and_every_finding_lies_inside_its_source()
    {
        var random = new Random(7);
        var rules = RuleSet();
        for (var round = 0; round < 2000; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => Pieces[random.Next(Pieces.Length)]));
            var findings = rules.Scan([TextSource.Body(text)], new RuleContext(DisclosureAttribute.Proactive, null));
            foreach (var f in findings)
            {
                Assert.True(f.Offset >= 0 && f.Length > 0 && f.Offset + f.Length <= text.Length, $"{f.RuleId} {f.Offset}+{f.Length} outside “{text}”");
                Assert.DoesNotContain("13800138000", f.MaskedExcerpt);
                Assert.DoesNotContain("11010519491231002", f.MaskedExcerpt);
            }
            Assert.Equal(findings, rules.Scan([TextSource.Body(text)], new RuleContext(DisclosureAttribute.Proactive, null)));
        }
    }

    [Fact]
    public void Empty_and_blank_sources_have_no_findings()
        => Assert.Empty(RuleSet().Scan([TextSource.Body(""), new TextSource(TextSource.TitleName, "   ")], new RuleContext(DisclosureAttribute.Proactive, null)));
}
