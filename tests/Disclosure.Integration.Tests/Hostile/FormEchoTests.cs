using System.Net;
using System.Text.RegularExpressions;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;

namespace Disclosure.Integration.Tests.Hostile;

/// <summary>
/// Issue 17's edge, over every form that shows what was typed again: a value with BEL (U+0007), a right-to-left
/// override (U+202E) and a zero-width no-break space (U+FEFF) is refused or cleaned, and the page that comes back is
/// valid HTML: no control character, no character reference to one (<c>&amp;#7;</c> is a parse error), no override that
/// would reorder the page around the field. The plan forms have their own test; these are the others.
/// </summary>
public partial class FormEchoTests
{
    private const string Hostile = "前\u0007中\u202E后\uFEFF尾";
    private const int Year = 2019; // a year no other test writes annual-report figures or texts for
    private static readonly string Administrator = RequestPrincipal.Encode("回显测试管理员", "bgs", Role.Administrator, Role.Reviewer, Role.Submitter);

    /// <summary>A form: where it is opened, where it posts, and which of its fields gets the hostile value.</summary>
    public sealed record EchoCase(string Name, string Page, string Action, Func<string, string> Field);

    public static TheoryData<string> Forms() => [.. Cases.Keys];

    private static readonly Dictionary<string, EchoCase> Cases = new[]
    {
        new EchoCase("submission", "/api/submissions/new", "/api/submissions", _ => "title"),
        new EchoCase("application", "/api/applications/new?register", "/api/applications", _ => "informationSought"),
        new EchoCase("preflight", "/api/checks/new", "/api/checks", _ => "text"),
        new EchoCase("report-texts", $"/api/annual-reports/{Year}", $"/api/annual-reports/{Year}/texts", _ => "otherMatters"),
        new EchoCase("figures", $"/api/annual-reports/{Year}/figures/edit", $"/api/annual-reports/{Year}/figures/edit", page => FiguresField().Match(page).Groups[1].Value),
    }.ToDictionary(c => c.Name);

    [GeneratedRegex("class=\"single\"[^>]* name=\"([^\"]+)\"")]
    private static partial Regex FiguresField();

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task A_value_with_control_and_override_characters_comes_back_as_valid_html(string form)
    {
        var echo = Cases[form];
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        var (openStatus, page, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, echo.Page, Administrator);
        Assert.Equal(HttpStatusCode.OK, openStatus);
        var fields = WorkbenchForms.HiddenFields(page);
        var field = echo.Field(page);
        Assert.NotEmpty(field);
        fields[field] = Hostile;

        var (status, answer, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, echo.Action, Administrator, fields);

        Assert.True((int)status < 500, $"{form}: {(int)status}");
        Assert.DoesNotContain('\u0007', answer);
        Assert.DoesNotContain('\u202E', answer);
        Assert.DoesNotContain("&#7;", answer);
        Assert.DoesNotContain("&#x7;", answer, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("&#x202E;", answer, StringComparison.OrdinalIgnoreCase);
        if (status != HttpStatusCode.SeeOther)
            Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { [$"echo-{form}.html"] = answer }));
    }
}
