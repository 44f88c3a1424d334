using Disclosure.Catalogue;
using Disclosure.Compliance;

namespace Disclosure.Workbench;

/// <summary>
/// The preflight page (发布前自查): a form to paste text or upload one file, and after a check its findings in context,
/// shown the way the review queue shows them (<c>findings-table.liquid</c>). What was pasted comes back in the form so it
/// can be corrected and checked again; nothing is stored.
/// </summary>
[PageModel]
public sealed record PreflightPageModel(
    IReadOnlyList<FormOption> Columns, string Text, IReadOnlyList<FormError> Errors, long MaxFileMegabytes,
    bool Checked, string Source, string DecisionName, string Conclusion, IReadOnlyList<ReviewFindingView> Findings)
{
    public const string Template = "preflight";
    public const string Title = "发布前自查";
    public const string TextFieldId = "preflight-text";
    public const string FileFieldId = "preflight-file";

    /// <summary>The error shown beside the text field (and in the summary), or empty.</summary>
    public string TextError => Errors.FirstOrDefault(e => e.FieldId == TextFieldId)?.Message ?? "";
    public string FileError => Errors.FirstOrDefault(e => e.FieldId == FileFieldId)?.Message ?? "";

    public static PreflightPageModel Form(CatalogueSettings catalogue, string column = "", string text = "", IReadOnlyList<FormError>? errors = null) => new(
        [new FormOption("", "（不指定栏目）", column.Length == 0),
            .. catalogue.Columns.Select(c => new FormOption(c.Code, c.ParentCode is null ? c.Name : "　" + c.Name, c.Code == column))],
        text, errors ?? [], catalogue.Attachments.MaxFileBytes / 1024 / 1024, false, "", "", "", []);

    public static PreflightPageModel Result(CatalogueSettings catalogue, string column, string text, PreflightResult result)
    {
        var conclusion = result.Decision switch
        {
            ReviewDecision.Returned => "按目前内容报送，将被退回修改：请先处理“必须修改”的问题。",
            ReviewDecision.NeedsReview => "按目前内容报送，须经人工审核时重点核对以下问题。",
            _ => result.Findings.Count == 0 ? "未发现问题。自动检查不代替人工审核，报送后仍须按审核流程签署。" : "未发现必须修改的问题，请核对以下提示。",
        };
        return Form(catalogue, column, text) with
        {
            Checked = true,
            Source = result.Source,
            DecisionName = result.Decision?.ToChinese() ?? "",
            Conclusion = conclusion,
            Findings = ReviewPages.Findings(result.Findings),
        };
    }
}
