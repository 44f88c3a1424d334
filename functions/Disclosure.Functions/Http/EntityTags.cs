using System.Buffers.Text;
using System.Text;

namespace Disclosure.Functions.Http;

/// <summary>Entity-tags for the JSON API and the forms' version fields, from the stores' own concurrency tokens.</summary>
internal static class EntityTags
{
    /// <summary>
    /// The HTTP entity-tag of a stored record (the plan, the annual figures). Storage ETags can look weak
    /// (<c>W/"datetime'…'"</c>) and If-Match compares strongly (RFC 9110 13.1.1), so it travels as an opaque strong tag:
    /// the store's token, base64url.
    /// </summary>
    public static string ETagOf(string storeETag) => "\"" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(storeETag)) + "\"";

    /// <summary>The store's token from an If-Match value; "*" stays "*"; null when it is no tag this API issued.</summary>
    public static string? StoreETagFrom(string header)
    {
        var tag = header.Trim();
        if (tag == "*") return "*";
        if (tag.StartsWith("W/", StringComparison.Ordinal)) return null; // a weak tag never matches for If-Match
        if (tag.Length < 2 || tag[0] != '"' || tag[^1] != '"') return null;
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(tag.AsSpan(1, tag.Length - 2)));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
