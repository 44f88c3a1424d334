using System.Globalization;
using System.Text;

namespace Disclosure.Publishing;

/// <summary>The headers an attachment is stored with on the site: how long it may be cached and the name it downloads under.</summary>
public static class AttachmentHeaders
{
    /// <summary>Attachments never change under their path (a new version gets new attachment ids), so they may be cached a day.</summary>
    public const string CacheControl = "public, max-age=86400";

    /// <summary>
    /// <c>attachment</c> with an ASCII fallback name and the real one in RFC 5987 UTF-8 form (RFC 6266), which every current
    /// browser uses, so Chinese file names download as they were submitted.
    /// </summary>
    public static string ContentDisposition(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        var fallback = new StringBuilder();
        foreach (var c in Path.GetFileNameWithoutExtension(fileName))
            fallback.Append(c is >= ' ' and < (char)127 and not ('"' or '\\' or ';' or '%') ? c : '_');
        var ascii = fallback.ToString().Trim('_', ' ');
        if (ascii.Length == 0) ascii = "attachment";
        var safeExtension = extension.All(c => char.IsAsciiLetterOrDigit(c) || c == '.') ? extension : "";
        return $"attachment; filename=\"{ascii}{safeExtension}\"; filename*=UTF-8''{Rfc5987(fileName)}";
    }

    private static string Rfc5987(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            // attr-char of RFC 5987: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
            if (b < 128 && (char.IsAsciiLetterOrDigit(c) || "!#$&+-.^_`|~".Contains(c))) builder.Append(c);
            else builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
