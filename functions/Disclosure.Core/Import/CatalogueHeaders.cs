using System.Text;
using Disclosure.Intake;

namespace Disclosure.Import;

/// <summary>The columns of a catalogue export (政府信息公开目录) the import understands.</summary>
public enum CatalogueField
{
    IndexNumber,    // 索引号
    Title,          // 标题
    Column,         // 栏目
    Genre,          // 体裁
    Publisher,      // 发布机构
    DocumentNumber, // 文号
    FormedOn,       // 成文日期
    PublishedOn,    // 发布日期
    Validity,       // 有效性
    Relation,       // 废止/修订关系
    Keywords,       // 主题词
    Body,           // 正文
    BodyFile,       // 正文文件
    Attachments,    // 附件
    OriginalUrl,    // 原网址
    Department,     // 责任处室 (optional: the importer's department otherwise)
    Summary,        // 内容概述 (optional)
}

/// <summary>
/// Which column of the file holds which field, found by header name. Other systems export the same fields under
/// slightly different names (名称 for 标题, 分类 for 栏目, 原链接 for 原网址), with full-width brackets or spaces in
/// them; each name below is matched after white space is removed. A header the import does not know is refused
/// rather than ignored, so that data in a misnamed column is not silently lost.
/// </summary>
public static class CatalogueHeaders
{
    public const int MaxHeaders = 64;

    private static readonly (CatalogueField Field, string[] Names)[] Names =
    [
        (CatalogueField.IndexNumber, ["索引号", "索引编号", "信息索引号"]),
        (CatalogueField.Title, ["标题", "名称", "信息名称", "文件名称", "题名"]),
        (CatalogueField.Column, ["栏目", "栏目代码", "分类", "目录分类", "主题分类", "信息分类"]),
        (CatalogueField.Genre, ["体裁", "体裁分类", "文种"]),
        (CatalogueField.Publisher, ["发布机构", "发文机关", "发布单位"]),
        (CatalogueField.DocumentNumber, ["文号", "发文字号", "发文文号"]),
        (CatalogueField.FormedOn, ["成文日期", "成文时间"]),
        (CatalogueField.PublishedOn, ["发布日期", "发布时间", "公开日期", "公开时间"]),
        (CatalogueField.Validity, ["有效性", "效力状态", "时效性"]),
        (CatalogueField.Relation, ["废止/修订关系", "废止修订关系", "修订/废止关系", "关联关系"]),
        (CatalogueField.Keywords, ["主题词", "关键词", "关键字"]),
        (CatalogueField.Body, ["正文", "正文内容", "内容"]),
        (CatalogueField.BodyFile, ["正文文件", "正文附件", "正文文件名"]),
        (CatalogueField.Attachments, ["附件", "附件文件", "附件名称", "附件文件名"]),
        (CatalogueField.OriginalUrl, ["原网址", "原链接", "原地址", "原文链接", "网址", "链接"]),
        (CatalogueField.Department, ["责任处室", "责任部门", "处室"]),
        (CatalogueField.Summary, ["内容概述", "摘要"]),
    ];

    /// <summary>Without these a row cannot become an item that keeps its 索引号 and dates.</summary>
    public static readonly CatalogueField[] Required =
        [CatalogueField.IndexNumber, CatalogueField.Title, CatalogueField.Column, CatalogueField.Genre, CatalogueField.FormedOn, CatalogueField.PublishedOn];

    public static string Label(CatalogueField field) => Names.First(n => n.Field == field).Names[0];

    /// <summary>The column of each field the header row names, or the problems with the header row (in Chinese).</summary>
    public static (IReadOnlyDictionary<CatalogueField, int>? Map, IReadOnlyList<string> Problems) Map(IReadOnlyList<string> headers)
    {
        var map = new Dictionary<CatalogueField, int>();
        var problems = new List<string>();
        if (headers.Count > MaxHeaders) problems.Add($"表头有 {headers.Count} 列，超过 {MaxHeaders} 列的上限；请只保留目录的各列。");
        for (var i = 0; i < headers.Count && i < MaxHeaders; i++)
        {
            var name = Squeeze(headers[i]);
            if (name.Length == 0) continue; // an empty trailing header cell is what spreadsheets leave behind
            var field = Find(name);
            if (field is null)
                problems.Add($"第 {ColumnName(i)} 列的表头“{Shown(headers[i])}”无法识别；可用的表头为：{string.Join("、", Names.Select(n => n.Names[0]))}。");
            else if (map.TryGetValue(field.Value, out var earlier))
                problems.Add($"第 {ColumnName(earlier)} 列和第 {ColumnName(i)} 列都是“{Label(field.Value)}”，请只保留一列。");
            else map[field.Value] = i;
        }
        foreach (var required in Required.Where(r => !map.ContainsKey(r)))
            problems.Add($"缺少必需的列“{Label(required)}”（也可写作：{string.Join("、", Names.First(n => n.Field == required).Names.Skip(1))}）。");
        if (!map.ContainsKey(CatalogueField.Body) && !map.ContainsKey(CatalogueField.BodyFile) && !map.ContainsKey(CatalogueField.Attachments))
            problems.Add("缺少“正文”、“正文文件”或“附件”列：每条信息需要正文或附件。");
        return problems.Count > 0 ? (null, problems) : (map, problems);
    }

    private static CatalogueField? Find(string squeezed)
    {
        foreach (var (field, names) in Names)
            if (names.Any(n => Squeeze(n) == squeezed)) return field;
        return null;
    }

    /// <summary>Spaces (also full-width and no-break), a BOM and a trailing asterisk (required-field marks) do not change a header.</summary>
    private static string Squeeze(string header)
    {
        var text = InputText.Clean(header).Normalize(NormalizationForm.FormKC);
        var kept = new StringBuilder(text.Length);
        foreach (var c in text)
            if (!char.IsWhiteSpace(c) && c is not '\uFEFF' and not '*') kept.Append(c);
        return kept.ToString().Replace('／', '/');
    }

    private static string Shown(string header) => header.Length > 40 ? header[..40] + "…" : header;

    /// <summary>A spreadsheet's column letter (A, B, …, AA) as people see it.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }
}
