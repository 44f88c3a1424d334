using Disclosure.Applications;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Applications;

/// <summary>
/// An applicant's 居民身份证 or 统一社会信用代码 is checked at the form (GB 11643-1999, GB 32100-2015): a mistyped
/// character is refused beside the field in Chinese and nothing is registered; however it was typed (full-width,
/// lower-case x, grouped by spaces), one number is stored one way. Other documents are kept as typed.
/// </summary>
public class IdDocumentNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    [Theory]
    [InlineData("11010519491231002X")] // the standard's own examples
    [InlineData("440524188001010014")]
    public void The_standards_examples_are_valid(string number) =>
        Assert.Null(IdDocumentNumbers.Problem("居民身份证", number, Today));

    [Theory]
    [InlineData("11010519491231002Y", "字母X")] // a letter other than X
    [InlineData("110105194912310020", "校验位")] // the example's last character changed
    [InlineData("440524188001010015", "校验位")]
    [InlineData("110105194902310028", "出生日期")] // 31 February... of a 1949 that has none
    [InlineData("110105202712310024", "出生日期")] // born after today
    [InlineData("990105194912310021", "地区码")] // no province 99
    [InlineData("11010519491231002", "18位")]
    [InlineData("11010519491231002XX", "18位")]
    [InlineData("11010519491231A02X", "18位")]
    [InlineData("110105491231002", "15位")] // the legacy form, withdrawn in 2013
    public void A_mistyped_resident_id_is_refused_saying_what_is_wrong(string number, string said)
    {
        var problem = IdDocumentNumbers.Problem("居民身份证", number, Today);
        Assert.NotNull(problem);
        Assert.Contains(said, problem);
    }

    [Theory]
    [InlineData("11010519491231002x")] // lower-case x
    [InlineData("１１０１０５１９４９１２３１００２Ｘ")] // typed with a full-width input method
    [InlineData(" 110105 19491231 002X ")] // grouped
    public void However_a_valid_number_is_typed_it_is_stored_one_way(string typed)
    {
        Assert.Null(IdDocumentNumbers.Problem("居民身份证", typed, Today));
        Assert.Equal("11010519491231002X", IdDocumentNumbers.Normalize("居民身份证", typed));
    }

    [Theory]
    [InlineData("91350100M000100Y43", null)]
    [InlineData("91110000100006485k", null)] // lower case is the same code
    [InlineData("91110000100006485L", "校验位")]
    [InlineData("91110000I00006485K", "18位")] // I is not in the code's alphabet
    [InlineData("9111000010000648", "18位")]
    public void A_credit_code_is_checked_by_its_check_character(string code, string? said)
    {
        var problem = IdDocumentNumbers.Problem("统一社会信用代码", code, Today);
        if (said is null) Assert.Null(problem);
        else Assert.Contains(said, problem);
    }

    [Theory]
    [InlineData("护照", "e12345678")]
    [InlineData("其他", "军官证 第123号")]
    public void Documents_without_a_published_check_are_kept_as_typed(string type, string number)
    {
        Assert.Null(IdDocumentNumbers.Problem(type, number, Today));
        Assert.Equal(number, IdDocumentNumbers.Normalize(type, number));
    }

    [Fact]
    public async Task A_mistyped_number_registers_nothing_and_a_valid_one_is_stored_normalised()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
        var store = new InMemoryApplicationStore();
        var service = new ApplicationService(store, new ApplicationLifecycle(store, time),
            new ApplicationClock(WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"))), new InMemoryIdempotencyStore(),
            CatalogueLoader.Load(DataFiles.Combine("catalogue.json")), new InMemoryIdentityProofStore(), ApplicantNoticeParts.Notices(), time);
        ApplicationDraft Draft(string number) => new()
        {
            ApplicantKind = "natural-person", Name = "张三", IdDocumentType = "居民身份证", IdDocumentNumber = number,
            Email = "zhangsan@example.com", InformationSought = "2025年度市级科技计划项目立项清单", DeliveryForm = "电子邮件",
        };

        var refused = await service.RegisterAsync(ApplicationPrincipals.Public, false, Draft("110105194912310020"), null, CancellationToken.None);
        var error = Assert.Single(Assert.IsType<RegistrationResult.Invalid>(refused).Errors);
        Assert.Equal(ApplicationFields.IdDocumentNumber, error.Field);
        Assert.Contains("校验位", error.Message);
        await foreach (var stored in store.ListAsync(CancellationToken.None)) Assert.Fail($"registered {stored.Number} although its ID number was refused");

        var registered = await service.RegisterAsync(ApplicationPrincipals.Public, false, Draft("11010519491231002x"), null, CancellationToken.None);
        Assert.Equal("11010519491231002X", Assert.IsType<RegistrationResult.Registered>(registered).Application.Applicant.IdDocumentNumber);
    }
}
