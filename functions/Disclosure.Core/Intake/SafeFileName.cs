using System.Buffers;
using System.Globalization;
using System.Text;

namespace Disclosure.Intake;

/// <summary>
/// Turns the name a browser sent into the name the public downloads: the readable part a clerk chose (often Chinese)
/// survives; directories, traversal, control and bidi characters, characters Windows refuses and device names do not;
/// the extension is the one the content was detected as, so 名单.xlsx.exe and "报告{U+202E}fdp.exe" cannot pose as documents.
/// </summary>
public static class SafeFileName
{
    /// <summary>Well under the 255-byte limit of common file systems and of a Content-Disposition line, in UTF-8.</summary>
    public const int MaxUtf8Bytes = 150;
    public const string Fallback = "附件";

    private static readonly SearchValues<char> Reserved = SearchValues.Create("<>:\"/\\|?*");
    private static readonly HashSet<string> DeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
    };

    public static string Make(string? uploadedName, string canonicalExtension)
    {
        var extension = NormaliseExtension(canonicalExtension);

        var name = uploadedName ?? "";
        // Browsers on Windows used to send the full client path; either separator may be a directory boundary.
        var lastSeparator = name.AsSpan().LastIndexOfAny('/', '\\');
        if (lastSeparator >= 0) name = name[(lastSeparator + 1)..];

        var cleaned = new StringBuilder(name.Length);
        var lastWasSpace = false;
        foreach (var rune in name.EnumerateRunes())
        {
            // A lone surrogate enumerates as U+FFFD; a name is no place for it either way.
            if (rune == Rune.ReplacementChar) continue;
            if (Rune.IsWhiteSpace(rune))
            {
                // Runs of any whitespace (tab, newline, the ideographic space U+3000) become one ASCII space.
                if (!lastWasSpace && cleaned.Length > 0) cleaned.Append(' ');
                lastWasSpace = true;
                continue;
            }
            var category = Rune.GetUnicodeCategory(rune);
            // Cc: control characters; Cf: format characters, which include the bidi overrides (U+202E) that make
            // "报告{U+202E}fdp.exe" display as "报告exe.pdf", zero-width joiners and the BOM; Cs/Cn: broken or unassigned.
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse)
                continue;
            lastWasSpace = false;
            if (rune.IsBmp && Reserved.Contains((char)rune.Value)) cleaned.Append('_');
            else cleaned.Append(rune.ToString());
        }

        // NFC after cleaning (normalising throws on lone surrogates): composed forms keep the byte count honest.
        var stem = StripExtensions(cleaned.ToString().Normalize(NormalizationForm.FormC), extension);
        // Leading dots make hidden files and "..": trailing dots and spaces are silently dropped by Windows.
        stem = stem.Trim().TrimStart('.').TrimEnd('.', ' ').Trim();

        var device = stem.Split('.', 2)[0].TrimEnd();
        if (DeviceNames.Contains(device)) stem = "_" + stem;

        stem = TruncateToBytes(stem, MaxUtf8Bytes - Encoding.UTF8.GetByteCount(extension)).TrimEnd('.', ' ');
        if (stem.Length == 0 || stem.All(c => c == '_')) stem = Fallback;
        return stem + extension;
    }

    /// <summary>A name safe to show in a message about a file that was refused (its type is not known).</summary>
    public static string ForDisplay(string? uploadedName)
    {
        var extension = Path.GetExtension(uploadedName ?? "").TrimStart('.');
        return extension.Length is > 0 and <= 8 && extension.All(char.IsAsciiLetterOrDigit)
            ? Make(uploadedName, extension)
            : Make(uploadedName, "bin")[..^".bin".Length];
    }

    private static string NormaliseExtension(string extension)
    {
        var trimmed = (extension ?? "").Trim().TrimStart('.').ToLowerInvariant();
        if (trimmed.Length == 0 || trimmed.Length > 8 || !trimmed.All(char.IsAsciiLetterOrDigit))
            throw new ArgumentException("The canonical extension must be a short ASCII extension such as \".pdf\".", nameof(extension));
        return "." + trimmed;
    }

    /// <summary>
    /// Drops the uploaded extension (whatever it claimed) and a repeat of the canonical one, so "报告.PDF" and
    /// "报告.pdf.exe" both become "报告" before ".pdf" is added. A dot followed by Chinese or a long run
    /// ("2024.上半年") is part of the name, not an extension.
    /// </summary>
    private static string StripExtensions(string name, string canonical)
    {
        var stem = name.TrimEnd('.', ' ');
        if (!TrySplitExtension(stem, out var withoutLast, out _)) return stem;
        // Only a repeated canonical extension goes in the second round: "a.tar" in "a.tar.pdf" stays as written.
        if (TrySplitExtension(withoutLast, out var withoutRepeat, out var previous) && IsSame(previous, canonical))
            return withoutRepeat;
        return withoutLast;
    }

    private static bool TrySplitExtension(string name, out string stem, out string extension)
    {
        stem = name;
        extension = "";
        var dot = name.LastIndexOf('.');
        if (dot <= 0) return false;
        var candidate = name.AsSpan(dot + 1);
        // 1–5 ASCII letters/digits, not all digits ("第2.1版", "2024.12" keep their dots).
        if (candidate.Length is < 1 or > 5 || candidate.ContainsAnyExcept(AsciiAlphanumerics)
            || !candidate.ContainsAnyExceptInRange('0', '9'))
            return false;
        stem = name[..dot].TrimEnd('.', ' ');
        extension = name[dot..];
        return true;
    }

    private static bool IsSame(string extension, string canonical) =>
        extension.Equals(canonical, StringComparison.OrdinalIgnoreCase)
        || (canonical == ".jpg" && extension.Equals(".jpeg", StringComparison.OrdinalIgnoreCase));

    private static readonly SearchValues<char> AsciiAlphanumerics =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Cuts at a text-element boundary so a surrogate pair or a base character with its marks is never split.</summary>
    private static string TruncateToBytes(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes) return text;
        var builder = new StringBuilder();
        var bytes = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var size = Encoding.UTF8.GetByteCount(element);
            if (bytes + size > maxBytes) break;
            builder.Append(element);
            bytes += size;
        }
        return builder.ToString();
    }
}
