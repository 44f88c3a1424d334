using Disclosure.Compliance;

namespace Disclosure.Tests.Compliance;

public class TextPreparationTests
{
    [Fact]
    public void Full_width_digits_letters_and_punctuation_become_ascii_with_the_same_offsets()
    {
        var text = NormalizedText.Create("电话：１３８００１３８０００，Ｘ");
        Assert.Equal("电话:13800138000,X", text.Text);
        Assert.Equal(3, text.MapStart(3));
        Assert.Equal(14, text.MapEnd(14));
    }

    [Fact]
    public void Text_already_in_normal_form_is_returned_as_it_is()
    {
        const string original = "关于开展2026年度科技项目申报工作的通知。";
        Assert.Same(original, NormalizedText.Create(original).Text);
    }

    [Fact]
    public void Expanding_characters_keep_later_offsets_pointing_into_the_original()
    {
        // ㈠ (U+3220) becomes "(一)": three characters for one.
        const string original = "㈠号码13800138000";
        var text = NormalizedText.Create(original);
        Assert.Equal("(一)号码13800138000", text.Text);
        var start = text.Text.IndexOf('1');
        Assert.Equal(original.IndexOf('1'), text.MapStart(start));
        Assert.Equal(original.Length, text.MapEnd(text.Text.Length));
        // A span starting inside the expansion maps to the whole original character.
        Assert.Equal(0, text.MapStart(1));
        Assert.Equal(1, text.MapEnd(2));
    }

    [Fact]
    public void Combining_marks_compose_and_surrogate_pairs_shrink_without_losing_the_map()
    {
        // e + COMBINING ACUTE → é (two to one); MATHEMATICAL BOLD DIGIT ONE (a surrogate pair) → 1.
        const string original = "Cafe\u0301 \U0001D7CF3800138000";
        var text = NormalizedText.Create(original);
        Assert.Equal("Café 13800138000", text.Text);
        var digits = text.Text.IndexOf('1');
        Assert.Equal(original.IndexOf('\uD835'), text.MapStart(digits));
        Assert.Equal(original.Length, text.MapEnd(text.Text.Length));
    }

    [Fact]
    public void Half_width_katakana_with_a_sound_mark_is_one_segment()
        => Assert.Equal("ガ", NormalizedText.Create("\uFF76\uFF9E").Text);

    [Fact]
    public void Mathematical_digits_in_a_mobile_number_are_found_at_the_original_span()
    {
        const string original = "手机\U0001D7CF3800138000。";
        var finding = Assert.Single(RuleTestKit.Scan(original));
        Assert.Equal(RuleIds.Mobile, finding.RuleId);
        Assert.Equal("\U0001D7CF3800138000", RuleTestKit.Located(original, finding));
    }
}
