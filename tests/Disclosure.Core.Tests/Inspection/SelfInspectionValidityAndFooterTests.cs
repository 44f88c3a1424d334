using Disclosure.Catalogue;
using Disclosure.Inspection.SelfInspection;
using Disclosure.Items;
using static Disclosure.Tests.Inspection.SelfInspectionSeed;

namespace Disclosure.Tests.Inspection;

/// <summary>Issue 15 in the self-inspection: documents past their 有效期 still stated 有效, and footer identifiers missing.</summary>
public class SelfInspectionValidityAndFooterTests
{
    [Fact]
    public void A_public_document_past_its_validity_period_still_stated_in_force_is_flagged_with_its_department()
    {
        // 国办发〔2017〕47号: an expired document is marked as such. 2026-03-16 is the inspection day.
        var items = EveryColumnFresh();
        items.Add(Item("zcfg", Today.AddDays(-400), department: "zcfgc", title: "科技计划项目管理办法") with { ValidUntil = new DateOnly(2026, 3, 15) });
        items.Add(Item("zcfg", Today.AddDays(-400), department: "zcfgc", title: "有效期最后一天的办法") with { ValidUntil = Today });
        items.Add(Item("zcfg", Today.AddDays(-400), department: "zcfgc", title: "已标注失效的办法", validity: Validity.Expired) with { ValidUntil = new DateOnly(2025, 12, 31) });

        var report = Analysis().Analyse(Inputs(items));

        var risk = Assert.Single(report.Risks, r => r.Indicator == SelfInspectionText.ValidityIndicator);
        Assert.Equal(RiskLevel.Deduction, risk.Level);
        Assert.Equal("《科技计划项目管理办法》有效期已于2026年3月15日届满，门户已显示“失效”，但报送的有效性仍为“有效”；请政策法规处更正有效性，或核实有效期是否已延续",
            risk.Description);
    }

    [Fact]
    public void An_unpublished_document_past_its_validity_period_is_not_a_portal_finding()
    {
        var items = EveryColumnFresh();
        items.Add(Item("zcfg", published: null, state: ItemState.AwaitingReview) with { ValidUntil = new DateOnly(2026, 1, 1) });
        Assert.DoesNotContain(Analysis().Analyse(Inputs(items)).Risks, r => r.Indicator == SelfInspectionText.ValidityIndicator);
    }

    [Fact]
    public void Each_footer_identifier_missing_from_the_catalogue_settings_is_a_finding()
    {
        // 国办发〔2017〕47号: 党政机关网站标识, 网站标识码, ICP 备案号 and 公安机关备案号 in every page's footer.
        var catalogue = Bureau with { Site = Bureau.Site with { SiteIdentificationCode = "", PublicSecurityNumber = " " } };
        var report = new SelfInspectionAnalysis(catalogue, Days, new SelfInspectionOptions()).Analyse(Inputs(EveryColumnFresh()));

        var risks = report.Risks.Where(r => r.Indicator == SelfInspectionText.FooterIndicator).ToList();
        Assert.All(risks, r => Assert.Equal(RiskLevel.Deduction, r.Level));
        Assert.Equal(["网站标识码", "公安机关备案号"], risks.Select(r => r.Description[6..r.Description.IndexOf('：')]));
        Assert.StartsWith("门户页脚缺少网站标识码：请管理员在目录配置", risks[0].Description);
    }

    [Fact]
    public void A_complete_footer_gives_no_finding()
    {
        Assert.DoesNotContain(Analysis().Analyse(Inputs(EveryColumnFresh())).Risks, r => r.Indicator == SelfInspectionText.FooterIndicator);
    }
}
