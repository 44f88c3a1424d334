using System.Text;
using System.Text.Json;
using Disclosure.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Applications;

/// <summary>
/// The public application form in a real browser (headless Chromium through playwright-core, JavaScript off): a person
/// who submits it incomplete sees each error beside its field and linked from the summary; filled in with an identity
/// proof it lands on the status page; axe-core finds nothing on the form, the form with errors, or the status page.
/// </summary>
public class ApplicationFormBrowserTests
{
    [Fact]
    public async Task A_person_fills_in_the_form_without_javascript_sees_errors_by_their_fields_and_lands_on_the_status_page()
    {
        if (!File.Exists(NarrowScreen.ChromiumPath)) throw new InvalidOperationException($"缺少 {NarrowScreen.ChromiumPath}：请安装 Debian 软件包 chromium");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero));
        await using var host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Applications:PerClientPerHour"] = "1000" },
            runQueues: false, environment: "Production", services: s => s.AddSingleton<TimeProvider>(clock));
        var root = NuHtmlChecker.RepositoryRoot();
        var request = JsonSerializer.Serialize(new
        {
            repoRoot = root, baseUrl = host.BaseAddress.ToString().TrimEnd('/'),
            pdfBase64 = Convert.ToBase64String(Encoding.ASCII.GetBytes("%PDF-1.4\n% browser test\n%%EOF\n")),
        });

        var script = Path.Combine(root, "tests", "Disclosure.Integration.Tests", "Applications", "application-form-browser.mjs");
        var report = JsonDocument.Parse(await NodeScript.RunAsync(script, request, TimeSpan.FromMinutes(4))).RootElement;

        Assert.Equal(400, report.GetProperty("errorStatus").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray().ToList();
        var fields = errors.Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("f-applicantKind", fields);
        Assert.Contains("f-name", fields);
        Assert.Contains("f-idDocumentNumber", fields);
        Assert.Contains("f-informationSought", fields);
        Assert.Contains("f-deliveryForm", fields);
        Assert.All(errors, e => Assert.True(e.GetProperty("inSameField").GetBoolean(), $"{e.GetProperty("field")}: 错误信息不在其字段旁"));
        Assert.All(errors, e => Assert.True(e.GetProperty("describedBy").GetBoolean(), $"{e.GetProperty("field")}: 控件的 aria-describedby 未指向错误信息"));
        Assert.Contains(errors, e => e.GetProperty("field").GetString() == "f-name" && e.GetProperty("message").GetString() == "请填写申请人姓名或名称。");
        var summary = report.GetProperty("summaryLinks").EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.All(fields, f => Assert.Contains("#" + f, summary));

        Assert.Equal(200, report.GetProperty("landedStatus").GetInt32());
        Assert.Matches(@"/api/applications/[0-9a-f]{32}\?token=[A-Za-z0-9_-]{43}&created=1$", report.GetProperty("landedUrl").GetString());
        var landed = report.GetProperty("landedText").GetString()!;
        Assert.Contains("申请已收到", landed);
        Assert.Contains("依申〔2026〕", landed);
        Assert.Contains("已提交 1 个文件", landed);
        Assert.DoesNotContain("110108199209091234", landed);

        foreach (var page in report.GetProperty("axe").EnumerateArray())
            Assert.True(page.GetProperty("violations").GetArrayLength() == 0, $"axe {page.GetProperty("path")}: {page.GetProperty("violations")}");
        Assert.Equal(3, report.GetProperty("axe").GetArrayLength());
    }
}
