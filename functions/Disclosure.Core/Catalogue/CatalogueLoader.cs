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
        if (ReviewChains.Problem(settings.DefaultReviewChain, "默认审核流程") is { } chainProblem) throw new FormatException(chainProblem);
        foreach (var column in settings.Columns)
        {
            if (ReviewChains.Problem(column.ReviewChain, $"栏目“{column.Name}”的审核流程") is { } problem) throw new FormatException(problem);
            // 条例第十七条: publishing without a person is an exception an administrator answers for, so it is never anonymous.
            if (column.AutomatedPublication is { } permission
                && (string.IsNullOrWhiteSpace(permission.SetBy) || string.IsNullOrWhiteSpace(permission.Reason) || permission.SetOn == default))
                throw new FormatException($"栏目“{column.Name}”允许仅经自动检查后发布，须写明设置的管理员（setBy）、日期（setOn）和理由（reason）");
        }
        return settings;
    }

    public static CatalogueSettings Load(string path) => Parse(File.ReadAllText(path));
}
