using System.Text;
using Disclosure.Applications;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Intake;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Applications;

/// <summary>
/// Identity proofs (Art. 29): PDF, JPEG or PNG told by the bytes, a limited number of limited size; stored only with an
/// application that was stored; deleted with the applicant's other personal data when the retention period has run.
/// </summary>
public class IdentityProofTests
{

    internal static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n% identity card scan\n%%EOF\n");
    internal static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00];
    internal static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D];

    private static readonly Principal Office = RegisterUnderTest.Office;
    private readonly RegisterUnderTest _register = new();
    private InMemoryIdentityProofStore _proofs => _register.Proofs;
    private ApplicationService _service => _register.Service;

    private static IdentityProofUpload File(string name, byte[] content) => new() { FileName = name, Content = content };

    private static ApplicationDraft Online(params IdentityProofUpload[] proofs) => new()
    {
        ApplicantKind = "natural-person", Name = "张三", IdDocumentType = "居民身份证", IdDocumentNumber = "110109199003071234",
        Email = "zhangsan@example.com", InformationSought = "2025年度市级科技计划项目立项清单", DeliveryForm = "电子邮件", IdentityProofs = proofs,
    };

    [Fact]
    public void Pdf_jpeg_and_png_are_accepted_by_their_bytes_whatever_their_names_say()
    {
        var (accepted, errors) = IdentityProofRules.Check([File("身份证正面.png", Jpeg), File("scan", Pdf), File("反面.jpg", Png)]);

        Assert.Empty(errors);
        Assert.Equal(["image/jpeg", "application/pdf", "image/png"], accepted.Select(a => a.Proof.ContentType));
        Assert.Equal(["proof-1.jpg", "proof-2.pdf", "proof-3.png"], accepted.Select(a => a.Proof.Id));
        Assert.Equal("身份证正面.png", accepted[0].Proof.FileName);
    }

    [Fact]
    public void A_file_named_like_a_picture_that_is_something_else_is_refused_in_chinese()
    {
        var (accepted, errors) = IdentityProofRules.Check([File("身份证.jpg", Encoding.ASCII.GetBytes("MZ\x90\0 this is a program"))]);

        Assert.Empty(accepted);
        var error = Assert.Single(errors);
        Assert.Equal(IdentityProofRules.Field, error.Field);
        Assert.Contains("不是 PDF、JPEG 或 PNG 文件", error.Message);
        Assert.Contains("身份证.jpg", error.Message);
    }

    [Fact]
    public void More_files_than_the_limit_are_refused_and_none_is_kept()
    {
        var files = Enumerable.Range(1, IdentityProofRules.MaxFiles + 1).Select(i => File($"{i}.pdf", Pdf)).ToArray();

        var (accepted, errors) = IdentityProofRules.Check(files);

        Assert.Empty(accepted);
        Assert.Contains($"最多 {IdentityProofRules.MaxFiles} 个文件", Assert.Single(errors).Message);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_and_one_at_the_limit_is_accepted()
    {
        var atLimit = new byte[IdentityProofRules.MaxFileBytes];
        Pdf.CopyTo(atLimit, 0);
        var overLimit = new byte[IdentityProofRules.MaxFileBytes + 1];
        Pdf.CopyTo(overLimit, 0);

        Assert.Empty(IdentityProofRules.Check([File("a.pdf", atLimit)]).Errors);
        Assert.Contains("超过 5 MB", Assert.Single(IdentityProofRules.Check([File("b.pdf", overLimit)]).Errors).Message);
    }

    [Fact]
    public void The_json_api_sends_base64_and_bad_base64_or_an_empty_file_is_refused()
    {
        Assert.Empty(IdentityProofRules.Check([new IdentityProofUpload { FileName = "a.pdf", ContentBase64 = Convert.ToBase64String(Pdf) }]).Errors);
        Assert.Contains("base64", Assert.Single(IdentityProofRules.Check([new IdentityProofUpload { FileName = "a.pdf", ContentBase64 = "不是base64" }]).Errors).Message);
        Assert.Contains("空文件", Assert.Single(IdentityProofRules.Check([new IdentityProofUpload { FileName = "a.pdf", ContentBase64 = "" }]).Errors).Message);
    }

    [Fact]
    public void An_empty_file_input_sends_no_file()
    {
        var (accepted, errors) = IdentityProofRules.Check([new IdentityProofUpload { FileName = "", Content = [] }]);

        Assert.Empty(accepted);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_registered_application_keeps_its_proofs_and_an_invalid_one_stores_no_file()
    {
        var refused = await _service.RegisterAsync(ApplicationPrincipals.Public, false, Online(File("a.pdf", Pdf)) with { InformationSought = "" }, null, default);
        Assert.IsType<RegistrationResult.Invalid>(refused);
        var refusedFile = await _service.RegisterAsync(ApplicationPrincipals.Public, false, Online(File("a.pdf", Pdf), File("b.gif", "GIF89a"u8.ToArray())), null, default);
        Assert.Contains(Assert.IsType<RegistrationResult.Invalid>(refusedFile).Errors, e => e.Field == IdentityProofRules.Field);
        Assert.Empty(_proofs.All);

        var registered = await _service.RegisterAsync(ApplicationPrincipals.Public, false, Online(File("身份证.jpg", Jpeg), File("户口簿.pdf", Pdf)), null, default);

        var application = Assert.IsType<RegistrationResult.Registered>(registered).Application;
        Assert.Equal(["身份证.jpg", "户口簿.pdf"], application.IdentityProofs.Select(p => p.FileName));
        Assert.Equal([$"{application.Id}/proof-1.jpg", $"{application.Id}/proof-2.pdf"], await _proofs.ListAsync(application.Id, default));
        var opened = await _service.OpenIdentityProofAsync(application, "proof-2.pdf", default);
        using var content = new MemoryStream();
        await opened!.Value.Content.CopyToAsync(content);
        Assert.Equal(Pdf, content.ToArray());
        Assert.Null(await _service.OpenIdentityProofAsync(application, "proof-9.pdf", default));
    }

    [Fact]
    public async Task The_retention_run_deletes_the_proof_files_with_the_other_personal_data()
    {
        var draft = Online(File("身份证.pdf", Pdf)) with { Channel = "letter", ReceivedOn = "2026-01-05" };
        var a = Assert.IsType<RegistrationResult.Registered>(await _service.RegisterAsync(Office, true, draft, null, default)).Application;
        var reply = new EventRequest { Id = Guid.NewGuid().ToString("N"), Kind = "replied", On = new DateOnly(2026, 1, 20), Outcome = "三(一)" };
        Assert.IsType<EventResult.Recorded>(await _service.RecordAsync(a.Id, Office, reply, default));
        Assert.Single(await _proofs.ListAsync(a.Id, default));

        var retention = new ApplicationRetention(_register.Store, _register.Lifecycle, _proofs, new ApplicationOptions { RetentionDays = 180 }, _register.Time);
        Assert.Equal([a.Id], await retention.RunAsync(default));

        Assert.Empty(await _proofs.ListAsync(a.Id, default));
        var after = (await _service.GetAsync(a.Id, default))!;
        Assert.Empty(after.IdentityProofs);
        Assert.Equal("1", (await _service.AuditAsync(a.Id, default)).Last().Details["identityProofsDeleted"]);
        Assert.Null(await _service.OpenIdentityProofAsync(a, "proof-1.pdf", default));
    }
}
