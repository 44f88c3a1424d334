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
        CheckDeadlineRules(settings);
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

    private static void CheckDeadlineRules(CatalogueSettings settings)
    {
        var rules = settings.DeadlineRules;
        var repeated = rules.GroupBy(r => r.Id).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new FormatException($"目录配置中期限规则编号重复：{repeated.Key}");
        if (rules.Count(r => r.IsDefault) > 1) throw new FormatException("目录配置中只能有一条不限栏目和体裁的默认期限规则");
        foreach (var rule in rules)
        {
            if (rule.Count < 0) throw new FormatException($"期限规则 {rule.Id} 的天数不能为负数");
            if (string.IsNullOrWhiteSpace(rule.Basis)) throw new FormatException($"期限规则 {rule.Id} 须写明依据（条款）");
            if (rule.Columns.FirstOrDefault(c => settings.FindColumn(c) is null) is { } column)
                throw new FormatException($"期限规则 {rule.Id} 的栏目 {column} 不存在");
            if (rule.Genres.FirstOrDefault(g => !settings.Genres.Contains(g)) is { } genre)
                throw new FormatException($"期限规则 {rule.Id} 的体裁“{genre}”不在目录配置中");
        }
        var kind = rules.SelectMany(r => r.EventKinds).GroupBy(k => k).FirstOrDefault(g => g.Count() > 1);
        if (kind is not null) throw new FormatException($"事件类型“{kind.Key}”出现在多条期限规则中");
    }

    public static CatalogueSettings Load(string path) => Parse(File.ReadAllText(path));
}
