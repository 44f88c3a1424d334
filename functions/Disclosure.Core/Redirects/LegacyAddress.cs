using System.Globalization;
using System.Text;
using Disclosure.Intake;

namespace Disclosure.Redirects;

/// <summary>
/// An item's address on the agency's previous site (旧网址), in one normal form so that the many ways one link is written
/// (<c>http://</c> or <c>https://</c>, upper-case host, <c>%E9%80%9A</c> or 通, <c>%7e</c> or <c>~</c>) are one key:
/// <list type="bullet">
/// <item>scheme dropped (the old site usually answered on both); host lower-case, in its ASCII (punycode) form; a port
/// other than the scheme's default is refused (no rules file can match it on the portal's host);</item>
/// <item>host optional: an address written as a path (<c>/art/…</c>), or on the portal's own host, is "on the portal"
/// (<see cref="Host"/> null): only those can become static redirect pages in <c>$web</c>;</item>
/// <item>path and query: percent-escapes decoded to the characters they stand for (UTF-8), except the delimiters whose
/// meaning would change (<c>/ ? # % &amp; = +</c> and the other reserved characters), which stay escaped with
/// upper-case hex (RFC 3986 §6.2.2); letter case of the path is kept, since the old server may have told
/// <c>/Art/</c> from <c>/art/</c> and the links out there carry the case they were written with;</item>
/// <item>the query string is kept as written (its order too): old CMSs name items by it (<c>?id=123</c>); the fragment
/// is dropped (browsers never send it).</item>
/// </list>
/// </summary>
public sealed record LegacyAddress
{
    /// <summary>Longer addresses are refused: browsers and proxies cut or reject URLs well before 8 KB, and 2,048 is the usual safe limit.</summary>
    public const int MaxLength = 2048;

    private LegacyAddress(string? host, string path, string query)
    {
        Host = host;
        Path = path;
        Query = query;
    }

    /// <summary>Lower-case ASCII host, or null when the address is on the portal's own host.</summary>
    public string? Host { get; }

    /// <summary>The normalised path, starting with a slash, non-ASCII characters as themselves.</summary>
    public string Path { get; }

    /// <summary>The normalised query string without its <c>?</c>; empty when there is none.</summary>
    public string Query { get; }

    public bool OnPortal => Host is null;

    /// <summary>The one key of this address: host (empty on the portal), path and query.</summary>
    public string Key => (Host ?? "") + Path + (Query.Length > 0 ? "?" + Query : "");

    /// <summary>
    /// The path and query as a browser sends them (non-ASCII and other characters a URL cannot carry percent-encoded
    /// as UTF-8, upper-case hex): what a reverse proxy's request URI and the CDN's path conditions compare.
    /// </summary>
    public string RequestPath => Encode(Path);

    public string RequestQuery => Encode(Query);

    /// <summary>
    /// Where a static redirect page for this address goes in <c>$web</c> (a blob name, no leading slash; a folder's
    /// address gets its <c>index.html</c>), or null when a static page cannot answer it: another host, a query string
    /// (static website hosting ignores it, so every <c>?id=</c> would land on one page) or an escaped delimiter in the
    /// path (the blob name would change its meaning).
    /// </summary>
    public string? StaticPagePath
    {
        get
        {
            if (!OnPortal || Query.Length > 0 || Path.Contains('%')) return null;
            var name = Path.TrimStart('/');
            return Path.EndsWith('/') ? name + "index.html" : name;
        }
    }

    public override string ToString() => Key;

    /// <summary>
    /// Reads an old address as people paste it: an absolute <c>http(s)://</c> URL, a protocol-relative <c>//host/…</c>
    /// or a path starting with <c>/</c>. <paramref name="portalHost"/> (the host of <c>agency.siteBaseUrl</c>) makes
    /// addresses on the portal's own host equal to bare paths. Null and a reason in Chinese when it cannot be one.
    /// </summary>
    public static LegacyAddress? Parse(string? text, string? portalHost, out string? error)
    {
        error = InputText.Problem("旧网址", text, MaxLength);
        if (error is not null) return null;
        var value = (text ?? "").Trim();
        if (value.Length == 0)
        {
            error = "旧网址为空。";
            return null;
        }
        if (value.Any(char.IsWhiteSpace) || value.Contains('\\'))
        {
            error = "旧网址不能含空格或反斜杠（空格请写作 %20）。";
            return null;
        }

        string? host = null;
        string rest;
        if (value.StartsWith("//", StringComparison.Ordinal)) value = "http:" + value;
        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.HostNameType is UriHostNameType.Unknown || uri.UserInfo.Length > 0)
            {
                error = "旧网址不是有效的网址。";
                return null;
            }
            if (!uri.IsDefaultPort)
            {
                error = "旧网址不能带端口号：门户和转发规则只在默认端口上应答。";
                return null;
            }
            host = uri.IdnHost.ToLowerInvariant();
            var afterAuthority = value.IndexOfAny(['/', '?', '#'], value.IndexOf("//", StringComparison.Ordinal) + 2);
            rest = afterAuthority < 0 ? "/" : value[afterAuthority..];
        }
        else if (value.StartsWith('/'))
        {
            rest = value;
        }
        else
        {
            error = "旧网址应以 http://、https:// 或 / 开头。";
            return null;
        }

        var hash = rest.IndexOf('#');
        if (hash >= 0) rest = rest[..hash];
        var question = rest.IndexOf('?');
        var rawPath = question < 0 ? rest : rest[..question];
        var rawQuery = question < 0 ? "" : rest[(question + 1)..];
        if (rawPath.Length == 0) rawPath = "/";

        var path = Decode(rawPath, out error);
        if (path is null) return null;
        var query = Decode(rawQuery, out error);
        if (query is null) return null;
        if (path.Split('/').Any(segment => segment is "." or ".."))
        {
            error = "旧网址的路径不能含“.”或“..”段。";
            return null;
        }
        if (host is not null && portalHost is not null && string.Equals(host, portalHost, StringComparison.OrdinalIgnoreCase)) host = null;
        if (host is null && path == "/" && query.Length == 0)
        {
            error = "旧网址不能是门户的首页。";
            return null;
        }
        return new LegacyAddress(host, path, query);
    }

    /// <summary>An address back from its <see cref="Key"/> (as stored); null when the text is not one.</summary>
    public static LegacyAddress? FromKey(string? key) =>
        string.IsNullOrEmpty(key) ? null : Parse(key.StartsWith('/') ? key : "http://" + key, portalHost: null, out _);

    /// <summary>The host of the portal's base URL (<c>agency.siteBaseUrl</c>), lower-case ASCII; null when none is configured.</summary>
    public static string? HostOf(string? siteBaseUrl) =>
        Uri.TryCreate(siteBaseUrl, UriKind.Absolute, out var uri) ? uri.IdnHost.ToLowerInvariant() : null;

    // RFC 3986 reserved characters (gen-delims and sub-delims) and the percent sign: an escape of one of these is kept.
    private const string KeptEscaped = ":/?#[]@!$&'()*+,;=%";

    /// <summary>Decodes every escape except those of <see cref="KeptEscaped"/>; bytes that are not UTF-8 are refused.</summary>
    private static string? Decode(string raw, out string? error)
    {
        error = null;
        if (!raw.Contains('%')) return raw.Normalize(NormalizationForm.FormC);
        var result = new StringBuilder(raw.Length);
        var bytes = new List<byte>();
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%')
            {
                if (i + 2 >= raw.Length || !byte.TryParse(raw.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                {
                    error = "旧网址中的 % 后应跟两位十六进制数字。";
                    return null;
                }
                i += 2;
                if (b < 0x80 && KeptEscaped.Contains((char)b))
                {
                    if (!Flush(bytes, result, out error)) return null;
                    result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
                else bytes.Add(b);
            }
            else
            {
                if (!Flush(bytes, result, out error)) return null;
                result.Append(raw[i]);
            }
        }
        if (!Flush(bytes, result, out error)) return null;
        var text = result.ToString();
        var bad = InputText.Problem("旧网址", text);
        if (bad is not null)
        {
            error = bad;
            return null;
        }
        return text.Normalize(NormalizationForm.FormC);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool Flush(List<byte> bytes, StringBuilder into, out string? error)
    {
        error = null;
        if (bytes.Count == 0) return true;
        try
        {
            into.Append(StrictUtf8.GetString(bytes.ToArray()));
        }
        catch (DecoderFallbackException)
        {
            error = "旧网址中的百分号编码不是 UTF-8（GBK 编码的网址请先转换为 UTF-8）。";
            return false;
        }
        bytes.Clear();
        return true;
    }

    // Characters a URL carries as themselves (RFC 3986 unreserved, reserved and the escape sign of a kept escape).
    private static bool Plain(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~'
        || KeptEscaped.Contains(c);

    private static string Encode(string text)
    {
        if (text.All(Plain)) return text;
        var result = new StringBuilder(text.Length * 3);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            if (Plain(text[i])) { result.Append(text[i]); continue; }
            var length = char.IsSurrogatePair(text, i) ? 2 : 1;
            var count = Encoding.UTF8.GetBytes(text.AsSpan(i, length), buffer);
            for (var b = 0; b < count; b++) result.Append('%').Append(buffer[b].ToString("X2", CultureInfo.InvariantCulture));
            i += length - 1;
        }
        return result.ToString();
    }
}
