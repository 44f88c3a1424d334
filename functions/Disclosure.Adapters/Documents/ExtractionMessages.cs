namespace Disclosure.Adapters.Documents;

/// <summary>What a reviewer is told when a file (or part of it) could not be read as text: what to look at by eye.</summary>
internal static class ExtractionMessages
{
    public const string Image = "图片文件无法自动识别文字，须人工查看图片中是否含有身份证号、电话、签名、印章等不宜公开的内容。";
    public const string ScannedPdf = "PDF 为扫描件（无文本层），无法自动检查，须人工逐页查看。";
    public const string ScannedPdfPages = "PDF 第 {0} 页为扫描图像（无文本层），这些页未经自动检查，须人工查看。";
    public const string EncryptedPdf = "PDF 已加密或设有打开密码，无法读取文字，须去除密码后重新上传或人工查看。";
    public const string DamagedPdf = "PDF 文件结构损坏，无法读取文字，须人工查看或重新导出后上传。";
    public const string DamagedOffice = "文档结构损坏或已加密，无法读取文字，须人工查看或重新导出后上传。";
    public const string DamagedOfd = "OFD 文件结构不完整，无法读取文字，须人工查看。";
    public const string ScannedOfd = "OFD 文件无文字层（扫描件），无法自动检查，须人工逐页查看。";
    public const string ScannedOfdPages = "OFD 第 {0} 页仅含图像，这些页未经自动检查，须人工查看。";
    public const string LegacyOffice = "旧版 Word/Excel 格式（.doc/.xls）暂不支持自动提取文字，须人工查看，或另存为 .docx/.xlsx 后重新上传。";
    public const string Unsupported = "该文件类型不支持自动提取文字，须人工查看。";

    /// <summary>A file past one of its <see cref="DocumentBudgets"/>; {0} is one of the Budget… details below.</summary>
    public const string OverBudget = "附件过大或结构异常，无法自动检查：{0}。须人工查看全部内容。";
    public const string BudgetPart = "“{0}”解压后超过 {1} MiB";
    public const string BudgetTotal = "解压后的内容合计超过 {0} MiB";
    public const string BudgetChars = "文字超过 {0} 字，其后的内容未经检查";
    public const string BudgetPages = "超过 {0} 页，只检查了前 {0} 页";
    public const string BudgetDepth = "嵌套超过 {0} 层";
    public const string BudgetXml = "“{0}”不是可以安全读取的 XML（含有 DTD 实体声明或已损坏）";
    public const string BudgetPdfPage = "PDF 第 {0} 页的页面对象无法解析（嵌套过深或结构损坏）";
    public const string BudgetTime = "读取超过 {0} 秒";
    public const string PdfStream = "PDF 数据流";
    public const string PdfFormFields = "表单域";
    public const string DocumentProperties = "【文档属性】";
    public const string Sheet = "【工作表：{0}】";
    public const string Comments = "【批注】";
}
