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
        return settings;
    }

    public static CatalogueSettings Load(string path) => Parse(File.ReadAllText(path));
}
