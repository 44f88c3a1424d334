using Disclosure.Compliance;
using Disclosure.Items;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Compliance;

public class SensitiveWordsTests
{
    [Fact]
    public void Automaton_finds_every_occurrence_of_overlapping_and_nested_words()
    {
        var automaton = new WordAutomaton(["he", "she", "his", "hers", "征求意见稿", "意见"]);
        var matches = new List<WordAutomaton.Match>();
        automaton.FindAll("ushers，本征求意见稿", matches);
        var found = matches.Select(m => (m.Word, m.Start, m.End)).ToHashSet();
        Assert.Equal(new HashSet<(int, int, int)> { (1, 1, 4), (0, 2, 4), (3, 2, 6), (5, 10, 12), (4, 8, 13) }, found);
    }

    [Fact]
    public void Automaton_matches_ascii_letters_regardless_of_case()
    {
        var matches = new List<WordAutomaton.Match>();
        new WordAutomaton(["vpn"]).FindAll("使用VPN或Vpn", matches);
        Assert.Equal([2, 6], matches.Select(m => m.Start));
    }

    [Fact]
    public void Automaton_over_thousands_of_words_finds_the_same_as_a_naive_search()
    {
        var random = new Random(42);
        const string alphabet = "科技项目资金申报内部审核专家评审";
        string RandomWord(int length) => new(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        var words = Enumerable.Range(0, 3000).Select(_ => RandomWord(random.Next(2, 6))).Distinct().ToList();
        var text = RandomWord(5000);
        var expected = new HashSet<(int, int)>();
        for (var w = 0; w < words.Count; w++)
        {
            for (var at = text.IndexOf(words[w], StringComparison.Ordinal); at >= 0; at = text.IndexOf(words[w], at + 1, StringComparison.Ordinal))
                expected.Add((w, at));
        }
        var matches = new List<WordAutomaton.Match>();
        new WordAutomaton(words).FindAll(text, matches);
        Assert.Equal(expected, matches.Select(m => (m.Word, m.Start)).ToHashSet());
        Assert.Equal(expected.Count, matches.Count);
    }

    [Fact]
    public void Word_list_file_is_parsed_with_severities_comments_and_full_width_forms()
    {
        var list = SensitiveWordList.Parse("""
            # 注释行
            内部传阅   block
            讨论稿            # 默认复核
            会议纪要 提示
            ＶＰＮ  review
            讨论稿 info
            """);
        Assert.Equal(
            [("内部传阅", Severity.Block), ("讨论稿", Severity.Review), ("会议纪要", Severity.Info), ("VPN", Severity.Review)],
            list.Words.Select(w => (w.Word, w.Severity)));
    }

    [Fact]
    public void Word_list_line_with_an_unknown_severity_is_refused_with_its_line_number()
    {
        var error = Assert.Throws<FormatException>(() => SensitiveWordList.Parse("内部传阅 block\n请勿外传 blok"));
        Assert.Contains("第2行", error.Message);
    }

    [Fact]
    public void Shipped_word_list_loads_and_its_block_words_block()
    {
        var list = SensitiveWordList.LoadDefault();
        Assert.Contains(list.Words, w => w is { Word: "内部传阅", Severity: Severity.Block });
        var finding = Single(Scan("本材料请勿外传。"), RuleIds.SensitiveWord);
        Assert.Equal(Severity.Block, finding.Severity);
        Assert.Equal("请勿外传", finding.MaskedExcerpt);
        Assert.Contains("请勿外传", finding.Message);
    }

    [Fact]
    public void Bureau_word_is_found_in_full_width_text_at_its_original_offset()
    {
        var rules = RuleSet(SensitiveWordList.Parse("VPN block"));
        const string text = "严禁使用ｖｐｎ软件";
        var finding = Assert.Single(rules.Scan([TextSource.Body(text)], new RuleContext(DisclosureAttribute.Proactive, null)));
        Assert.Equal("ｖｐｎ", Located(text, finding));
        Assert.Equal(Severity.Block, finding.Severity);
    }
}
