using System.Text;
using Disclosure.Intake;

namespace Disclosure.Tests.Intake;

public class SafeFileNameTests
{
    [Theory]
    [InlineData("关于2025年度部门预算的公告.pdf", ".pdf", "关于2025年度部门预算的公告.pdf")]
    [InlineData(@"C:\Users\张三\Desktop\申报指南.docx", ".docx", "申报指南.docx")]
    [InlineData("../../etc/passwd", ".pdf", "passwd.pdf")]
    [InlineData("..\\..\\web.asp", ".pdf", "web.pdf")]
    [InlineData("..\\..\\web.config", ".pdf", "web.config.pdf")]
    [InlineData("..", ".pdf", "附件.pdf")]
    [InlineData("", ".pdf", "附件.pdf")]
    [InlineData(null, ".png", "附件.png")]
    [InlineData("   ", ".pdf", "附件.pdf")]
    [InlineData(".htaccess", ".pdf", "htaccess.pdf")]
    [InlineData("报告.PDF", ".pdf", "报告.pdf")]
    [InlineData("报告.pdf.exe", ".pdf", "报告.pdf")]
    [InlineData("名单.xls", ".xlsx", "名单.xlsx")]
    [InlineData("照片.jpeg", ".jpg", "照片.jpg")]
    [InlineData("2024.上半年工作总结", ".docx", "2024.上半年工作总结.docx")]
    [InlineData("实施细则第2.1版", ".pdf", "实施细则第2.1版.pdf")]
    [InlineData("a<b>c:d\"e|f?g*h.pdf", ".pdf", "a_b_c_d_e_f_g_h.pdf")]
    [InlineData("CON.pdf", ".pdf", "_CON.pdf")]
    [InlineData("lpt1", ".pdf", "_lpt1.pdf")]
    [InlineData("console.pdf", ".pdf", "console.pdf")]
    [InlineData("附件1：  申报表\t(模板) .docx", ".docx", "附件1： 申报表 (模板).docx")]
    [InlineData("通知 . . .", "PDF", "通知.pdf")]
    public void Uploaded_names_become_safe_download_names(string? uploaded, string extension, string expected)
    {
        Assert.Equal(expected, SafeFileName.Make(uploaded, extension));
    }

    [Fact]
    public void A_right_to_left_override_cannot_disguise_an_executable()
    {
        // Displays as "报告exe.pdf" in a file manager; the content decides the extension, and the override is gone.
        var name = SafeFileName.Make("报告\u202Efdp.exe", ".pdf");
        Assert.Equal("报告fdp.pdf", name);
        Assert.DoesNotContain(name, c => char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);
    }

    [Fact]
    public void Control_characters_zero_width_characters_and_lone_surrogates_are_removed()
    {
        Assert.Equal("申报书.pdf", SafeFileName.Make("申\u0000报\u200B书\r\n\uD800.pdf", ".pdf"));
    }

    [Fact]
    public void A_long_chinese_name_is_cut_to_the_byte_limit_on_a_character_boundary()
    {
        var name = SafeFileName.Make(new string('公', 200) + "𠮷𠮷.docx", ".docx");
        Assert.True(Encoding.UTF8.GetByteCount(name) <= SafeFileName.MaxUtf8Bytes);
        Assert.EndsWith(".docx", name);
        Assert.Matches("^公+\\.docx$", name);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var name = SafeFileName.Make("a" + string.Concat(Enumerable.Repeat("𠮷", 100)), ".pdf");
        Assert.True(Encoding.UTF8.GetByteCount(name) <= SafeFileName.MaxUtf8Bytes);
        foreach (var (c, i) in name.Select((c, i) => (c, i)))
            if (char.IsHighSurrogate(c)) Assert.True(char.IsLowSurrogate(name[i + 1]));
        Assert.Equal(name, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(name)));
    }

    [Fact]
    public void Full_width_punctuation_in_chinese_names_is_kept()
    {
        Assert.Equal("《管理办法》（征求意见稿）.pdf", SafeFileName.Make("《管理办法》（征求意见稿）.pdf", ".pdf"));
    }

    [Fact]
    public void An_extension_that_is_not_a_short_ascii_word_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => SafeFileName.Make("a", ".p/df"));
        Assert.Throws<ArgumentException>(() => SafeFileName.Make("a", ""));
    }
}
