using Disclosure.Adapters.Language;

namespace Disclosure.Adapters.Tests.Language;

public class TextChunkerTests
{
    [Fact]
    public void A_text_within_the_limit_is_one_piece()
    {
        var chunk = Assert.Single(TextChunker.Split(3, "短文本。", 10));
        Assert.Equal(new TextChunk(3, 0, "短文本。"), chunk);
    }

    [Fact]
    public void Without_punctuation_a_surrogate_pair_on_the_boundary_is_never_split()
    {
        // "𠮷" (U+20BB7) is two UTF-16 units; put its high half exactly at the last position of the first piece.
        var text = new string('甲', 9) + "𠮷" + new string('乙', 20);
        var chunks = TextChunker.Split(0, text, 10).ToList();
        Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c.Text[^1])));
        Assert.All(chunks, c => Assert.False(char.IsLowSurrogate(c.Text[0])));
        Assert.All(chunks, c => Assert.Equal(c.Text, text.Substring(c.Offset, c.Text.Length)));
    }

    [Fact]
    public void Without_punctuation_a_digit_run_is_kept_whole_when_it_fits()
    {
        var text = new string('甲', 12) + "11010519491231002X" + new string('乙', 30);
        var chunks = TextChunker.Split(0, text, 24).ToList();
        Assert.Contains(chunks, c => c.Text.Contains("11010519491231002X"));
        Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public void A_comma_is_used_when_there_is_no_sentence_end()
    {
        var chunks = TextChunker.Split(0, "一二三四五六，七八九十甲乙丙丁", 10).ToList();
        Assert.Equal("一二三四五六，", chunks[0].Text);
        Assert.Equal(7, chunks[1].Offset);
    }

    [Fact]
    public void Whitespace_only_pieces_are_not_sent()
    {
        Assert.Empty(TextChunker.Split(0, "   \n\n  ", 3));
    }
}
