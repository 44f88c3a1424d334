using System.Text;
using Disclosure.Compliance;
using Disclosure.Intake;

namespace Disclosure.Applications;

/// <summary>
/// The applicant's document number, checked where its type has a published structure: a 居民身份证 (GB 11643-1999) or a
/// 统一社会信用代码 (GB 32100-2015) carries a check character, so a mistyped digit is caught while the applicant is
/// still at the form, not months later when a letter (Art. 36) names someone else. Other documents (passports, travel
/// permits, 其他) have no such rule here and are kept as typed.
/// </summary>
public static class IdDocumentNumbers
{
    public const string ResidentIdCardType = "居民身份证";
    public const string CreditCodeType = "统一社会信用代码";

    /// <summary>
    /// The number as stored. For the two checked types: full-width characters as ASCII (an input method left in
    /// full-width mode types `１１０…`), spaces between groups removed, letters upper case (`x` is the same check
    /// character as `X`), so one person's number is one string whatever way it was typed.
    /// </summary>
    public static string Normalize(string idType, string number)
    {
        var clean = InputText.Clean(number);
        if (idType is not (ResidentIdCardType or CreditCodeType)) return clean;
        var ascii = clean.Normalize(NormalizationForm.FormKC);
        return string.Concat(ascii.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
    }

    /// <summary>What is wrong with the number for its type, in Chinese, or null.</summary>
    public static string? Problem(string idType, string number, DateOnly today)
    {
        var value = Normalize(idType, number);
        switch (idType)
        {
            case ResidentIdCardType:
                if (value.Length == 15 && value.All(char.IsAsciiDigit))
                    return "15位居民身份证已于2013年停止使用，请填写18位居民身份证号码。";
                if (value.Length != 18 || value.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9') || !(char.IsAsciiDigit(value[17]) || value[17] == 'X'))
                    return "居民身份证号码应为18位：前17位是数字，最后一位是数字或字母X。";
                if (!ResidentIdNumber.HasPlausibleStructure(value, today))
                    return "居民身份证号码中的地区码或出生日期不正确，请核对。";
                if (!ResidentIdNumber.HasValidCheckCharacter(value))
                    return "居民身份证号码的最后一位（校验位）与前17位不符，请核对是否有输错的数字。";
                return null;
            case CreditCodeType:
                if (value.Length != 18 || value.Any(c => CreditCode.Charset.IndexOf(c) < 0))
                    return "统一社会信用代码应为18位，由数字和大写字母组成（不使用 I、O、Z、S、V）。";
                if (!CreditCode.IsValid(value))
                    return "统一社会信用代码的最后一位（校验位）与前17位不符，请核对是否有输错的字符。";
                return null;
            default:
                return null;
        }
    }
}
