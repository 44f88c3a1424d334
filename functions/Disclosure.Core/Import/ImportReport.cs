using System.Globalization;
using System.Text;
using Disclosure.Templating;

namespace Disclosure.Import;

/// <summary>
/// The report of a dry run or an import: every row that failed and why, as an HTML page for people and a CSV the office
/// opens in its spreadsheet software (UTF-8 with a BOM, which Excel needs to read Chinese; a cell that would start a
/// formula is prefixed with an apostrophe, since a title comes from the old system and is not trusted).
/// </summary>
public static class ImportReport
{
    private static readonly EmbeddedTemplates Templates = new(TemplateEncoders.Html, [typeof(ReportView), typeof(RowFailure), typeof(RowProblem)]);

    public static string ToHtml(ImportSummary summary)
    {
        var view = new ReportView(
            summary.DryRun ? "历史导入预检报告（未写入任何数据）" : "历史导入报告",
            summary.FileName, summary.Rows, summary.DryRun ? "可以导入" : "本次导入", summary.DryRun ? summary.Importable : summary.Imported,
            summary.AlreadyThere, summary.Failures.Count, summary.Batch,
            summary.DryRun
                ? "预检按报送信息的同一套规则检查每一行，并检查索引号的格式和唯一性、发布日期、栏目和体裁以及正文和附件文件；请修改下列行后再导入。未通过的行不会导入，其余各行可以先行导入。"
                : "未通过检查的行没有导入；修改后再次运行导入即可，已导入的信息不会重复导入。",
            summary.Failures.OrderBy(f => f.Row).ToList());
        return Templates.Render("Import/Templates/import-report", view);
    }

    public static string ToCsv(ImportSummary summary)
    {
        var csv = new StringBuilder("\uFEFF行号,索引号,标题,原因\r\n");
        foreach (var f in summary.Failures.OrderBy(f => f.Row))
            csv.Append(f.Row.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Cell(f.IndexNumber)).Append(',')
                .Append(Cell(f.Title)).Append(',').Append(Cell(f.Reasons)).Append("\r\n");
        return csv.ToString();
    }

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"") + "\"";
    }

    public sealed record ReportView(string Heading, string FileName, int Rows, string ReadyLabel, int Ready, int AlreadyThere, int FailedCount,
        string Batch, string Explanation, IReadOnlyList<RowFailure> Failures);
}
