using System.Globalization;
using System.Text;

namespace Disclosure.Intake;

/// <summary>
/// The character policy for text people send: a title or other metadata value with a control character is refused
/// (naming the field), because it ends up in XML (Atom feed, DOCX), where U+0001 or a lone surrogate makes the writer
/// throw and stops every later publication run; running text (a body, a reason) is normalised instead, since it is
/// often pasted from documents that carry such characters invisibly.
/// </summary>
public static class InputText
{
    /// <summary>The longest reason a person writes (撤回理由, 不予公开理由): a paragraph, not a document.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>
    /// What is wrong with a metadata value (a title, a 文号, a keyword), or null: longer than <paramref name="maxLength"/>
    /// (when given), or holding a character other than tab and newline that is a control character, a lone surrogate,
    /// a noncharacter (U+FFFE, U+FFFF) or a bidirectional override (which can make a title display as something else).
    /// </summary>
    public static string? Problem(string label, string? value, int? maxLength = null)
    {
        if (value is null) return null;
        if (value.Length > maxLength) return string.Create(CultureInfo.InvariantCulture, $"{label}不能超过 {maxLength} 个字。");
        var bad = FirstForbidden(value);
        return bad < 0 ? null
            : string.Create(CultureInfo.InvariantCulture, $"{label}含有不允许的控制字符（U+{(int)value[bad]:X4}，第 {bad + 1} 个字符），请删除后重新提交。");
    }

    /// <summary>
    /// Running text as it is kept: line endings as <c>\n</c>, control characters other than tab and newline removed, lone
    /// surrogates and noncharacters removed, then Unicode NFC (the composed form the search index and the checks expect).
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                kept.Append('\n');
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                kept.Append(c).Append(text[++i]);
            }
            else if (!IsForbidden(text, i) || c is '\t' or '\n')
            {
                kept.Append(c);
            }
        }
        return kept.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Metadata as it is kept: NFC and no surrounding white space; a value <see cref="Problem"/> refuses is returned trimmed only.</summary>
    public static string Clean(string? value)
    {
        var trimmed = (value ?? "").Trim();
        return FirstForbidden(trimmed) < 0 ? trimmed.Normalize(NormalizationForm.FormC) : trimmed;
    }

    /// <summary>
    /// A refused value as a form shows it again: each character <see cref="Problem"/> refuses becomes U+FFFD (�), so the
    /// person sees where it was and the page stays valid HTML (a character reference to a control character is a parse
    /// error, and a bidirectional override would reorder the page's text around the field).
    /// </summary>
    public static string ShownAgain(string value)
    {
        if (FirstForbidden(value) < 0) return value;
        var shown = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) shown.Append(value[i]).Append(value[++i]);
            else shown.Append(value[i] is '\t' or '\n' or '\r' || !IsForbidden(value, i) ? value[i] : '\uFFFD');
        }
        return shown.ToString();
    }

    /// <summary>The index of the first character <see cref="Problem"/> refuses, or -1.</summary>
    private static int FirstForbidden(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (value[i] is '\t' or '\n' or '\r') continue;
            if (IsForbidden(value, i)) return i;
        }
        return -1;
    }

    private static bool IsForbidden(string text, int i)
    {
        var c = text[i];
        return char.IsControl(c)
            || char.IsSurrogate(c) // a surrogate pair is handled by the callers; one alone is not text
            || c is '\uFFFE' or '\uFFFF'
            || c is >= '\u202A' and <= '\u202E'
            || c is >= '\u2066' and <= '\u2069';
    }
}
