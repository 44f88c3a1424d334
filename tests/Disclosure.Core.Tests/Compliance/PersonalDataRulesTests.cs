using Disclosure.Compliance;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Compliance;

public class PersonalDataRulesTests
{
    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("440524188001010014")]
    [InlineData("11010519491231002x")]
    public void Resident_id_with_valid_check_digit_blocks_publication(string id)
    {
        var text = $"申请人身份证号码：{id}，现予公示。";
        var finding = Single(Scan(text), RuleIds.ResidentId);
        Assert.Equal(Severity.Block, finding.Severity);
        Assert.Equal(id, Located(text, finding));
        Assert.Equal(TextSource.BodyName, finding.Source);
    }

    [Theory]
    [InlineData("110105194912310021")]
    [InlineData("110105194912310028")]   // happens to be a valid 统一社会信用代码: an organisation, not a person
    [InlineData("11010519491231002Y")]
    [InlineData("440524188001010015")]
    [InlineData("44052418800101001X")]
    public void Resident_id_with_its_last_character_changed_does_not_block(string id)
    {
        var findings = Scan($"身份证号{id}。");
        Assert.DoesNotContain(findings, f => f.Severity == Severity.Block);
        Assert.DoesNotContain(findings, f => f.RuleId == RuleIds.ResidentId);
    }

    [Fact]
    public void Resident_id_with_a_wrong_check_digit_is_only_an_info_because_a_typo_still_reveals_birth_date()
    {
        var finding = Single(Scan("身份证号110105194912310021。"), RuleIds.ResidentIdUnverified);
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Equal("1101**********0021", finding.MaskedExcerpt);
    }

    [Fact]
    public void Resident_id_with_a_birth_date_in_the_future_or_impossible_is_not_a_resident_id()
    {
        // Valid check characters, but born 2030-01-01 (after the fixed clock) and on 1990-02-30.
        Assert.DoesNotContain(Scan("号码11010520300101001X"), f => f.RuleId.StartsWith("pii.resident-id"));
        Assert.DoesNotContain(Scan("号码11010519900230001X"), f => f.RuleId.StartsWith("pii.resident-id"));
    }

    [Fact]
    public void Resident_id_is_masked_to_its_first_and_last_four_characters()
        => Assert.Equal("1101**********002X", Single(Scan("身份证：11010519491231002X"), RuleIds.ResidentId).MaskedExcerpt);

    [Fact]
    public void Resident_id_written_in_full_width_characters_is_found_at_its_original_offset()
    {
        const string text = "（一）身份证号：１１０１０５１９４９１２３１００２Ｘ。";
        var finding = Single(Scan(text), RuleIds.ResidentId);
        Assert.Equal("１１０１０５１９４９１２３１００２Ｘ", Located(text, finding));
        Assert.Equal("1101**********002X", finding.MaskedExcerpt);
    }

    [Fact]
    public void Resident_id_next_to_latin_letters_is_still_found_since_only_digits_bound_a_number()
        => Single(Scan("ID11010519491231002X"), RuleIds.ResidentId);

    [Theory]
    [InlineData("身份证号：110105 19491231 002X。", "110105 19491231 002X")]
    [InlineData("身份证号：440524-18800101-0014。", "440524-18800101-0014")]
    public void Resident_id_spaced_as_region_birth_date_and_sequence_blocks(string text, string located)
    {
        var finding = Single(Scan(text), RuleIds.ResidentId);
        Assert.Equal(located, Located(text, finding));
        Assert.Equal(located[..4] + "**********" + located[^4..], finding.MaskedExcerpt);
    }

    [Theory]
    [InlineData("编号：110105 19491231 0021")]
    [InlineData("编号：110105 19491231 002X 5")]
    [InlineData("编号：1 110105 19491231 002X")]
    public void Spaced_number_that_is_not_a_valid_id_or_is_part_of_a_longer_group_is_not_an_id(string text)
        => Assert.DoesNotContain(Scan(text), f => f.RuleId == RuleIds.ResidentId);

    [Theory]
    [InlineData("账号911010519491231002X")]
    [InlineData("账号11010519491231002X5")]
    [InlineData("账号9440524188001010014")]
    [InlineData("账号44052418800101001400")]
    public void Resident_id_inside_a_longer_digit_run_is_not_a_match(string text)
        => Assert.DoesNotContain(Scan(text), f => f.RuleId.StartsWith("pii.resident-id"));

    [Fact]
    public void Legacy_fifteen_digit_id_with_a_real_date_needs_review()
    {
        const string text = "旧身份证号110105491231002，";
        var finding = Single(Scan(text), RuleIds.ResidentIdLegacy);
        Assert.Equal(Severity.Review, finding.Severity);
        Assert.Equal("110105491231002", Located(text, finding));
        Assert.Equal("1101*******1002", finding.MaskedExcerpt);
    }

    [Theory]
    [InlineData("110105491331002")]   // month 13
    [InlineData("990105491231002")]   // no province 99
    [InlineData("1101054912310021")]  // 16 digits
    public void Fifteen_digits_without_a_real_date_or_region_are_not_a_legacy_id(string number)
        => Assert.DoesNotContain(Scan($"编号{number}"), f => f.RuleId == RuleIds.ResidentIdLegacy);

    [Fact]
    public void Mobile_number_after_Chinese_text_is_found_despite_no_word_boundary()
    {
        const string text = "联系电话13800138000";
        var finding = Single(Scan(text), RuleIds.Mobile);
        Assert.Equal(Severity.Review, finding.Severity);
        Assert.Equal("13800138000", Located(text, finding));
        Assert.Equal("138****8000", finding.MaskedExcerpt);
    }

    [Theory]
    [InlineData("联系人：张先生，138-0013-8000。", "138-0013-8000", "138****8000")]
    [InlineData("联系人：张先生，138 0013 8000。", "138 0013 8000", "138****8000")]
    [InlineData("电话+86 13800138000。", "+86 13800138000", "+86 138****8000")]
    [InlineData("电话+8613800138000。", "+8613800138000", "+86 138****8000")]
    [InlineData("电话0086-138-0013-8000。", "0086-138-0013-8000", "+86 138****8000")]
    [InlineData("电话(+86)19912345678。", "+86)19912345678", "+86 199****5678")]
    [InlineData("手机：１３８００１３８０００", "１３８００１３８０００", "138****8000")]
    public void Mobile_number_is_found_with_prefixes_separators_and_full_width_digits(string text, string located, string masked)
    {
        var finding = Single(Scan(text), RuleIds.Mobile);
        Assert.Equal(located, Located(text, finding));
        Assert.Equal(masked, finding.MaskedExcerpt);
    }

    [Theory]
    [InlineData("身份证号11010519491231002X")]
    [InlineData("身份证号440524188001010014")]
    [InlineData("订单号213800138000")]
    [InlineData("编号1380013800012")]
    [InlineData("号码12800138000")]
    [InlineData("电话 2024 138 0013 8000")]
    public void Mobile_number_is_not_found_inside_a_longer_number_or_with_a_wrong_prefix(string text)
        => Assert.DoesNotContain(Scan(text), f => f.RuleId == RuleIds.Mobile);

    [Theory]
    [InlineData("咨询电话：0571-85000000。", "0571-85000000", "0571-8500****")]
    [InlineData("咨询电话：010-65000000转8001。", "010-65000000转8001", "010-6500****转8001")]
    [InlineData("咨询电话：(0571)85000000。", "(0571)85000000", "(0571)8500****")]
    [InlineData("咨询电话：057185000000。", "057185000000", "05718500****")]
    public void Landline_number_is_only_an_info(string text, string located, string masked)
    {
        var finding = Single(Scan(text), RuleIds.Landline);
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Equal(located, Located(text, finding));
        Assert.Equal(masked, finding.MaskedExcerpt);
    }

    [Theory]
    [InlineData("电话：0571-05000000")]   // a local number does not start with 0
    [InlineData("金额：00571850000")]
    public void Landline_shapes_that_cannot_be_dialled_are_not_found(string text)
        => Assert.DoesNotContain(Scan(text), f => f.RuleId == RuleIds.Landline);

    [Theory]
    [InlineData("收款卡号6222021234567890128。", "6222021234567890128")]
    [InlineData("卡号4111111111111111", "4111111111111111")]
    [InlineData("卡号 6228 4804 0256 4890 018 ", "6228 4804 0256 4890 018")]
    public void Luhn_valid_card_number_blocks(string text, string located)
    {
        var finding = Single(Scan(text), RuleIds.BankCard);
        Assert.Equal(Severity.Block, finding.Severity);
        Assert.Equal(located, Located(text, finding));
    }

    [Fact]
    public void Card_number_is_masked_to_first_and_last_four_digits()
        => Assert.Equal("6222***********0128", Single(Scan("卡号6222021234567890128"), RuleIds.BankCard).MaskedExcerpt);

    [Fact]
    public void UnionPay_prefixed_number_failing_Luhn_needs_review()
    {
        var finding = Single(Scan("卡号6222021234567890123"), RuleIds.BankCard);
        Assert.Equal(Severity.Review, finding.Severity);
    }

    [Theory]
    [InlineData("合同编号1234567890123456")]       // fails Luhn, not 62: a serial number
    [InlineData("账号62220212345678901280")]       // 20 digits: a longer account, not a card
    [InlineData("账号6222 0212 3456 7890 1234 5")] // grouped, 21 digits
    public void Other_long_numbers_are_not_card_numbers(string text)
        => Assert.DoesNotContain(Scan(text), f => f.RuleId == RuleIds.BankCard);

    [Theory]
    [InlineData("护照号码：E12345678。", "E12345678")]
    [InlineData("护照号码：EA1234567。", "EA1234567")]
    [InlineData("护照号码：G12345678。", "G12345678")]
    public void Passport_number_needs_review(string text, string located)
    {
        var finding = Single(Scan(text), RuleIds.Passport);
        Assert.Equal(Severity.Review, finding.Severity);
        Assert.Equal(located, Located(text, finding));
        Assert.Equal(located[..2] + "*****" + located[^2..], finding.MaskedExcerpt);
    }

    [Theory]
    [InlineData("型号E1234567")]      // 7 digits
    [InlineData("型号XE12345678")]    // part of a longer code
    [InlineData("型号E123456789")]
    [InlineData("型号P12345678")]
    public void Passport_like_codes_of_other_lengths_or_letters_are_not_found(string text)
        => Assert.DoesNotContain(Scan(text), f => f.RuleId == RuleIds.Passport);

    [Theory]
    [InlineData("来信请寄gkb@kjj.gov.cn。", "gkb@kjj.gov.cn", Severity.Info)]
    [InlineData("来信请寄xmc@sub.kjj.gov.cn。", "xmc@sub.kjj.gov.cn", Severity.Info)]
    [InlineData("来信请寄office@zj.gov.cn。", "office@zj.gov.cn", Severity.Info)]
    [InlineData("联系邮箱zhang.san@163.com。", "zhang.san@163.com", Severity.Review)]
    [InlineData("联系邮箱ｚｈａｎｇ＠ｑｑ．ｃｏｍ。", "ｚｈａｎｇ＠ｑｑ．ｃｏｍ", Severity.Review)]
    [InlineData("联系邮箱abc@notgov.cn。", "abc@notgov.cn", Severity.Review)]
    public void Email_is_info_on_official_domains_and_review_elsewhere(string text, string located, Severity severity)
    {
        var finding = Single(Scan(text), RuleIds.Email);
        Assert.Equal(severity, finding.Severity);
        Assert.Equal(located, Located(text, finding));
    }

    [Fact]
    public void Email_is_masked_to_its_first_character_and_domain()
        => Assert.Equal("z***@163.com", Single(Scan("邮箱zhang.san@163.com"), RuleIds.Email).MaskedExcerpt);

    [Theory]
    [InlineData("微博@科技局发布")]
    [InlineData("a@b")]
    [InlineData("x@localhost")]
    public void At_sign_without_an_address_is_not_an_email(string text)
        => Assert.DoesNotContain(Scan(text), f => f.RuleId == RuleIds.Email);

    [Theory]
    [InlineData("113301000024820810")]   // the agency's own code: also Luhn-valid, must not become a card
    [InlineData("91330100MA27Y00003")]
    [InlineData("913301000000000372")]
    public void Credit_code_of_an_organisation_is_not_a_finding(string code)
        => Assert.Empty(Scan($"统一社会信用代码：{code}。"));

    [Fact]
    public void Credit_code_of_an_individual_business_is_an_info()
    {
        const string text = "经营者统一社会信用代码92330106MA2H00001B，";
        var finding = Assert.Single(Scan(text));
        Assert.Equal(RuleIds.IndividualBusinessCode, finding.RuleId);
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Equal("92330106MA2H00001B", Located(text, finding));
        Assert.Equal("92330106******001B", finding.MaskedExcerpt);
    }

    [Fact]
    public void Credit_code_with_a_wrong_check_character_is_not_treated_as_an_organisation()
    {
        // 913301000000000009 is a valid code; with its last digit changed it is a Luhn-valid 18-digit number.
        Assert.Empty(Scan("代码913301000000000009"));
        Assert.Equal(Severity.Block, Single(Scan("代码913301000000000000"), RuleIds.BankCard).Severity);
        Assert.Empty(Scan("代码92330106MA2H00001C"));
    }

    [Fact]
    public void Several_kinds_in_one_text_are_all_reported_in_order_with_original_offsets()
    {
        const string text = "㈠申请人：张三，身份证号１１０１０５１９４９１２３１００２Ｘ，手机13800138000，邮箱zs@163.com。";
        var findings = Scan(text);
        Assert.Equal([RuleIds.ResidentId, RuleIds.Mobile, RuleIds.Email], findings.Select(f => f.RuleId));
        Assert.Equal(["１１０１０５１９４９１２３１００２Ｘ", "13800138000", "zs@163.com"], findings.Select(f => Located(text, f)));
    }
}
