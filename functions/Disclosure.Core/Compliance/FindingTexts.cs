using System.Globalization;

namespace Disclosure.Compliance;

/// <summary>
/// Every sentence a department or reviewer reads about a finding, in one place (Simplified Chinese, house style).
/// Article numbers refer to 《中华人民共和国政府信息公开条例》(2019).
/// </summary>
internal static class FindingTexts
{
    public const string ResidentId = "发现居民身份证号码（校验位正确）";
    public const string ResidentIdAdvice = "身份证号码属于个人隐私，未经本人同意不得公开（条例第十五条）。请删除，或只保留前4位和后4位后重新提交。";
    public const string ResidentIdLegacy = "发现疑似15位旧版居民身份证号码";
    public const string ResidentIdUnverified = "发现形似居民身份证号码的数字（校验位不符，可能是录入错误）";
    public const string ResidentIdCheckAdvice = "请核实是否为个人身份证号码；如是，请删除或只保留前4位和后4位。";

    public const string Mobile = "发现手机号码";
    public const string MobileAdvice = "个人手机号码属于个人信息。除对外公布的办事电话外，请删除或部分隐去（如138****8000）。";
    public const string Landline = "发现固定电话号码";
    public const string LandlineAdvice = "办公电话通常可以公开；如为个人住宅电话，请删除。";

    public const string BankCard = "发现银行卡号（通过Luhn校验）";
    public const string BankCardAdvice = "银行卡号属于个人敏感信息，请删除或只保留后4位。";
    public const string BankCardUnverified = "发现疑似银联卡号（以62开头，未通过Luhn校验，可能是录入错误）";
    public const string BankCardUnverifiedAdvice = "请核实是否为银行卡号；如是，请删除或只保留后4位。";

    public const string Passport = "发现疑似护照号码";
    public const string PassportAdvice = "护照号码属于个人信息，请删除或部分隐去。";

    public const string OfficialEmail = "发现本机关域名的电子邮箱";
    public const string OfficialEmailAdvice = "本机关的工作邮箱通常可以公开，无需处理。";
    public const string OtherEmail = "发现非本机关域名的电子邮箱，可能是个人邮箱";
    public const string OtherEmailAdvice = "如为个人邮箱，请删除，或征得本人同意后再公开。";

    public const string IndividualBusiness = "发现个体工商户的统一社会信用代码（以92开头）";
    public const string IndividualBusinessAdvice = "个体工商户的代码可指向经营者本人。依法应当公示的（如行政许可、行政处罚）可以保留，其他情况请核实。";

    public static string Marking(string marking) => $"发现国家秘密标志“{marking}”";
    public const string MarkingAdvice = "国家秘密不得公开（条例第十四条）。请撤回本件并按保密规定处理；如系误标，须经定密责任人确认后再提交。";

    public static string RestrictedPhrase(string phrase) => $"发现限制公开的标注“{phrase}”";
    public const string RestrictedPhraseAdvice = "标注为内部或不予公开的信息不应主动公开（条例第十四至十六条）。请核实公开属性；确需公开的，请删除该标注并说明理由。";

    public const string AttributeMismatch = "文中标注“依申请公开”，与本件“主动公开”的公开属性不一致";
    public const string AttributeMismatchAdvice = "请核对公开属性：如确属依申请公开信息，不应在平台主动公开；如应主动公开，请修改文中的标注。";

    public static string SensitiveWord(string word) => $"发现敏感词“{word}”";
    public const string SensitiveWordAdvice = "该词列在本机关的敏感词表中，请结合上下文核实后修改，或在提交说明中解释。";

    public const string SoftenedByColumn = "（本栏目对此项只作复核提示）";

    public static string Unextractable(string source, string reason) => $"无法提取“{source}”的文字（{reason}），未能自动检查";
    public static string Pictures(PictureInventory pictures) => $"附件含图片（{pictures.Describe()}），须人工审查其中是否有个人信息或涉密内容";
    public const string PicturesAdvice = "自动检查只读取文字，看不到图片中的内容。请在审核队列中逐张打开图片，核实其中没有身份证件、签名、印章、车牌、人脸等个人信息或涉密内容；如有，请退回处室删除或遮盖后重新提交。";

    public const string UnextractableAdvice = "请人工审阅该文件的全部内容，或改为上传可以提取文字的版本（如带文字层的PDF）。";

    public static string DocumentNumberMalformed(string number) => $"文号“{number}”不符合“机关代字〔年份〕序号号”的格式（GB/T 9704-2012）";
    public static string DocumentNumberBrackets(string number) => $"文号“{number}”的年份应使用六角括号〔〕";
    public static string DocumentNumberLeadingZero(string number) => $"文号“{number}”的序号不应有前导0";
    public static string DocumentNumberDi(string number) => $"文号“{number}”的序号前不应加“第”";
    public static string DocumentNumberYear(string number, int formedYear) => $"文号“{number}”的年份与成文日期的年份（{formedYear}）不一致";
    public const string DocumentNumberAdvice = "请按GB/T 9704-2012改正，如“国办发〔2024〕10号”：年份用六角括号〔〕括入，序号不编虚位、不加“第”。";

    public static string FormedInFuture(DateOnly formed, DateOnly today) => $"成文日期{Date(formed)}晚于今天（{Date(today)}）";
    public const string FormedInFutureAdvice = "请核对成文日期，应为文件签发或形成的日期。";
    public static string FormedAfterPublished(DateOnly formed, DateOnly published) => $"成文日期{Date(formed)}晚于发布日期{Date(published)}";
    public const string FormedAfterPublishedAdvice = "请核对成文日期和发布日期：信息应在形成之后发布。";

    public static string UnknownColumn(string code) => $"栏目“{code}”不在本机关的公开目录中";
    public const string UnknownColumnAdvice = "请从公开目录中选择栏目后重新提交。";

    public static string RelationRequired(string column, string relation) => $"“{column}”栏目的信息须关联所{relation}的文件";
    public static string RelationTargetMissing(string relation) => $"已选择关联关系“{relation}”，但没有指明关联的文件";
    public const string RelationRequiredAdvice = "请选择所关联的原文件（如政策解读须关联所解读的政策文件）后重新提交。";
    public static string RelatedItemMissing(string id) => $"关联的文件“{id}”不存在";
    public const string RelatedItemMissingAdvice = "请核对关联文件：原文件须先在本平台登记。";
    public static string RelatedItemIsSelf => "信息不能关联自身";
    public static string RelatedItemWithdrawn(string title) => $"关联的文件《{title}》已撤回";
    public static string RelatedItemIsInterpretation(string title) => $"关联的文件《{title}》本身是政策解读，不是政策文件";
    public const string RelatedItemUnsuitableAdvice = "请核实关联的原文件是否正确。";
    public static string RelatedItemOfOtherDepartment(string relation) => $"关联的文件由其他处室负责，对其他处室文件的{relation}须经审核人审核";
    public const string RelatedItemOfOtherDepartmentAdvice = "审核人将核实该文件的责任处室是否同意；系统已通知该文件的责任处室。";

    public static string Late(Deadlines.ItemDeadline deadline, DateOnly due, DateOnly reference, bool published, int days)
        => $"{deadline.Why}，应于{Date(due)}前公开，"
           + $"{(published ? "发布日期" : "截至今天")}{Date(reference)}已超期{days}{Deadlines.DeadlineTexts.Unit(deadline.Rule.Unit)}";
    public const string LateAdvice = "请尽快发布；如有正当理由延迟，请在提交说明中写明原因，供审核和年度报告使用。";

    /// <summary>"（估算：缺少2027年节假日安排，按周一至周五计算）" after a lateness counted on an estimate; nothing when exact.</summary>
    public static string EstimateMark(IReadOnlyList<int> years) => years.Count == 0 ? "" : $"（{Calendar.CalendarTexts.Estimated(years)}）";

    public static string NotLateByEstimate(Deadlines.ItemDeadline deadline, DateOnly due, IReadOnlyList<int> years)
        => $"{deadline.Why}，应于{Date(due)}前公开{EstimateMark(years)}，按此尚未超期；节假日安排录入后以实际工作日为准";

    public static string Date(DateOnly date) => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
}
