using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Items;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Compliance;

/// <summary>The shipped catalogue and word list, and a clock fixed in China time, for the rule tests.</summary>
internal static class RuleTestKit
{
    public static readonly CatalogueSettings Settings = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));

    /// <summary>2026-11-26 10:00 in Beijing.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(8));

    public static FakeTimeProvider Clock(DateTimeOffset? at = null) => new(at ?? Now);

    public static LocalRuleSet RuleSet(SensitiveWordList? words = null, TimeProvider? time = null)
        => new(Settings, words ?? SensitiveWordList.LoadDefault(), time ?? Clock());

    public static IReadOnlyList<ComplianceFinding> Scan(string text, DisclosureAttribute attribute = DisclosureAttribute.Proactive, string column = "tzgg")
        => RuleSet().Scan([TextSource.Body(text)], new RuleContext(attribute, Settings.FindColumn(column)));

    public static ComplianceFinding Single(IReadOnlyList<ComplianceFinding> findings, string ruleId)
        => Assert.Single(findings, f => f.RuleId == ruleId);

    /// <summary>The original text a finding points at.</summary>
    public static string Located(string text, ComplianceFinding finding) => text.Substring(finding.Offset, finding.Length);

    public static DisclosureItem Item(Func<DisclosureItem, DisclosureItem>? change = null)
    {
        var item = new DisclosureItem
        {
            Id = "item-1",
            IndexNumber = new IndexNumber("113301000024820810", 2026, 1),
            Title = "关于开展2026年度科技项目申报工作的通知",
            ColumnCode = "tzgg",
            Genre = "通知",
            Publisher = "市科学技术局",
            DepartmentCode = "xmc",
            DocumentNumber = "市科发〔2026〕12号",
            FormedOn = new DateOnly(2026, 11, 20),
            SubmittedBy = "xmc-user",
            SubmittedAt = Now,
        };
        return change is null ? item : change(item);
    }
}
