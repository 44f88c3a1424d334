using System.Text.RegularExpressions;

namespace Disclosure.Intake;

/// <summary>
/// 文号 per GB/T 9704-2012: <c>{机关代字}〔{YYYY}〕{N}号</c>, the year in full inside 〔〕, no 第, no leading zeros.
/// The patterns run without backtracking: with it, the lazy 机关代字 and the optional spaces tried every split of a run of
/// whitespace ("a", 160,000 spaces, "b" took 11 s), and the field reaches them before any permission check.
/// </summary>
public static partial class DocumentNumberRules
{
    /// <summary>Null when the number is well formed; otherwise what is wrong and how it should be written.</summary>
    public static string? Problem(string number)
    {
        if (Canonical().IsMatch(number)) return null;
        var loose = Loose().Match(number);
        if (!loose.Success)
            return "文号格式应为“机关代字〔年份〕序号号”，例如 国办发〔2012〕10号。";
        var suggestion = $"{loose.Groups["org"].Value}〔{loose.Groups["year"].Value}〕{int.Parse(loose.Groups["n"].Value)}号";
        return $"文号应写作“{suggestion}”：年份用六角括号〔〕，序号不加“第”、不编虚位。";
    }

    [GeneratedRegex(@"^(?<org>[^〔〕\[\]()（）【】]+?)〔(?<year>(19|20)[0-9]{2})〕(?<n>[1-9][0-9]*)号$", RegexOptions.NonBacktracking)]
    private static partial Regex Canonical();

    [GeneratedRegex(@"^(?<org>[^〔〕\[\]()（）【】]+?)\s*[〔\[(（【]\s*(?<year>(19|20)[0-9]{2})\s*[〕\])）】]\s*第?\s*(?<n>[0-9]+)\s*号$", RegexOptions.NonBacktracking)]
    private static partial Regex Loose();
}
