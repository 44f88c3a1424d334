using System.Text.Json;
using System.Text.Json.Serialization;

namespace Disclosure.Catalogue;

public static class CatalogueLoader
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static CatalogueSettings Parse(string json)
    {
        var settings = JsonSerializer.Deserialize<CatalogueSettings>(json, Json) ?? throw new FormatException("目录配置为空");
        var duplicate = settings.Columns.GroupBy(c => c.Code).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new FormatException($"目录配置中栏目代码重复：{duplicate.Key}");
        var orphan = settings.Columns.FirstOrDefault(c => c.ParentCode is not null && settings.FindColumn(c.ParentCode) is null);
        if (orphan is not null) throw new FormatException($"栏目“{orphan.Name}”的上级栏目 {orphan.ParentCode} 不存在");
        settings = settings with { Site = settings.Site ?? new SiteSettings() };
        foreach (var (name, value) in settings.Site.Links())
        {
            // Only web addresses: a javascript: or data: link in every page's footer would be a hole in the portal.
            if (value.Length > 0 && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
                throw new FormatException($"目录配置 {name} 应为 http(s) 网址：{value}");
        }
        var image = settings.Site.GovernmentSiteMarkImage;
        // The portal loads nothing from another host (its CSP says img-src 'self'): the picture is a file of this site.
        if (image.Length > 0 && (!image.StartsWith('/') || image.StartsWith("//", StringComparison.Ordinal) || image.Contains(':') || image.Contains('\\')))
            throw new FormatException($"目录配置 site.governmentSiteMarkImage 应为本站路径（以 / 开头），不能指向其他网站：{image}");
        return settings;
    }

    public static CatalogueSettings Load(string path) => Parse(File.ReadAllText(path));
}
