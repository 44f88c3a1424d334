using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Disclosure.Templating;

/// <summary>The encoders templates are written through; a feature picks the one its output has always used.</summary>
internal static class TemplateEncoders
{
    /// <summary>
    /// Encodes the HTML-significant characters (&lt; &gt; &amp; quotes) but not Chinese text: <c>HtmlEncoder.Default</c>
    /// would write every Han character as a numeric reference, tripling page size and making the source unreadable.
    /// The portal, the workbench and the e-mails use it.
    /// </summary>
    public static readonly HtmlEncoder Html = HtmlEncoder.Create(new TextEncoderSettings(UnicodeRanges.All));

    /// <summary>
    /// <see cref="Html"/> with control characters other than whitespace dropped: the public portal. HTML forbids them
    /// even as references (the Nu checker rejects <c>&amp;#x1;</c>), and an item stored before intake refused them, or
    /// imported, may carry them in its title or metadata.
    /// </summary>
    public static readonly HtmlEncoder Portal = new ControlDroppingHtmlEncoder(Html);

    /// <summary>Only the five markup characters, control characters dropped: the reports (see <see cref="MinimalHtmlEncoder"/>).</summary>
    public static readonly TextEncoder Minimal = MinimalHtmlEncoder.Instance;
}

/// <summary>
/// Encodes exactly the five characters that matter in HTML text and attribute values (<c>&amp; &lt; &gt; " '</c>, the
/// apostrophe as <c>&amp;#39;</c>) and drops control characters other than tab, which HTML forbids even as references
/// (the Nu checker and an XML reader both reject them). Everything else — Chinese above all — passes unchanged, so a
/// report's source stays readable and byte-for-byte what the reports have always written; <see cref="HtmlEncoder"/>
/// cannot be configured to that (it writes <c>&amp;#x27;</c>, encodes <c>+</c> and keeps control characters as references).
/// </summary>
internal sealed class MinimalHtmlEncoder : TextEncoder
{
    public static readonly MinimalHtmlEncoder Instance = new();

    private MinimalHtmlEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 6; // &quot;

    public override bool WillEncode(int unicodeScalar) => unicodeScalar <= char.MaxValue && NeedsEncoding((char)unicodeScalar);

    public override string Encode(string value)
    {
        if (IndexOfFirstToEncode(value) < 0) return value;
        using var text = new StringWriter(new StringBuilder(value.Length + 16), CultureInfo.InvariantCulture);
        Encode(text, value, 0, value.Length);
        return text.ToString();
    }

    public override void Encode(TextWriter output, string value, int startIndex, int characterCount)
    {
        foreach (var ch in value.AsSpan(startIndex, characterCount)) Write(output, ch);
    }

    public override void Encode(TextWriter output, char[] value, int startIndex, int characterCount)
    {
        foreach (var ch in value.AsSpan(startIndex, characterCount)) Write(output, ch);
    }

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) =>
        IndexOfFirstToEncode(new ReadOnlySpan<char>(text, textLength));

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var replacement = unicodeScalar <= char.MaxValue ? Replacement((char)unicodeScalar) : null;
        var text = replacement ?? char.ConvertFromUtf32(unicodeScalar);
        numberOfCharactersWritten = 0;
        if (text.Length > bufferLength) return false;
        text.AsSpan().CopyTo(new Span<char>(buffer, bufferLength));
        numberOfCharactersWritten = text.Length;
        return true;
    }

    private const string Encoded = "&<>\"'";

    private static int IndexOfFirstToEncode(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
            if (NeedsEncoding(text[i])) return i;
        return -1;
    }

    private static bool NeedsEncoding(char ch) => Encoded.Contains(ch) || IsDropped(ch);

    private static bool IsDropped(char ch) => char.IsControl(ch) && ch != '\t';

    /// <summary>The text written for a character that needs encoding ("" drops it); null for one written as is.</summary>
    private static string? Replacement(char ch) => ch switch
    {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        '\'' => "&#39;",
        _ when IsDropped(ch) => "",
        _ => null,
    };

    private static void Write(TextWriter output, char ch)
    {
        if (Replacement(ch) is { } replacement) output.Write(replacement);
        else output.Write(ch);
    }
}

/// <summary>The characters public text drops: controls that HTML forbids and XML 1.0 cannot carry (issue 14).</summary>
internal static class ControlCharacters
{
    /// <summary>C0 and C1 controls and DEL, except tab, line feed and carriage return (form feed too: HTML allows it, XML 1.0 does not).</summary>
    public static bool IsDropped(char ch) => char.IsControl(ch) && ch is not ('\t' or '\n' or '\r');

    /// <summary>The text without dropped characters; the same instance when it has none (the usual case).</summary>
    public static string Drop(string value)
    {
        var first = IndexOfDropped(value);
        if (first < 0) return value;
        var kept = new StringBuilder(value.Length);
        kept.Append(value, 0, first);
        for (var i = first + 1; i < value.Length; i++)
            if (!IsDropped(value[i])) kept.Append(value[i]);
        return kept.ToString();
    }

    public static int IndexOfDropped(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
            if (IsDropped(text[i])) return i;
        return -1;
    }
}

/// <summary>
/// An <see cref="HtmlEncoder"/> that drops <see cref="ControlCharacters"/> and encodes everything else as the encoder it
/// wraps does, so pages without control characters are byte-for-byte what they were.
/// </summary>
internal sealed class ControlDroppingHtmlEncoder(HtmlEncoder inner) : HtmlEncoder
{
    public override int MaxOutputCharactersPerInputCharacter => inner.MaxOutputCharactersPerInputCharacter;

    public override bool WillEncode(int unicodeScalar) =>
        (unicodeScalar <= char.MaxValue && ControlCharacters.IsDropped((char)unicodeScalar)) || inner.WillEncode(unicodeScalar);

    public override string Encode(string value) => inner.Encode(ControlCharacters.Drop(value));

    public override void Encode(TextWriter output, string value, int startIndex, int characterCount)
    {
        var kept = ControlCharacters.Drop(value.Substring(startIndex, characterCount));
        inner.Encode(output, kept, 0, kept.Length);
    }

    public override void Encode(TextWriter output, char[] value, int startIndex, int characterCount) =>
        Encode(output, new string(value, startIndex, characterCount), 0, characterCount);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var dropped = ControlCharacters.IndexOfDropped(new ReadOnlySpan<char>(text, textLength));
        var encoded = inner.FindFirstCharacterToEncode(text, textLength);
        return dropped < 0 ? encoded : encoded < 0 ? dropped : Math.Min(dropped, encoded);
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (unicodeScalar <= char.MaxValue && ControlCharacters.IsDropped((char)unicodeScalar))
        {
            numberOfCharactersWritten = 0;
            return true;
        }
        return inner.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
    }
}
