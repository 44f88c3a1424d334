using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;

namespace Disclosure.Integration.Tests.Home;

/// <summary>
/// The preflight page (发布前自查) on the real host: pasted text and an uploaded file are checked by the same rules as
/// POST /api/checks, the findings come back in context as the review queue shows them (masked), what was pasted stays in
/// the form, an empty form gets an error summary linked to the field, and the pages pass the Nu HTML checker and axe.
/// </summary>
public class PreflightPageTests
{
    private static readonly string Clerk = RequestPrincipal.Encode("自查测试科员", "xmc", Role.Submitter);

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, MultipartFormDataContent form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/checks") { Content = form };
        request.Headers.Add(RequestPrincipal.Header, Clerk);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The page's form as a browser sends it: the file field goes along even when nothing was chosen.</summary>
    private static MultipartFormDataContent Form(string text, string column = "tzgg", (string Name, byte[] Content)? file = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(column, Encoding.UTF8), "column" },
            { new StringContent(text, Encoding.UTF8), "text" },
        };
        var part = new ByteArrayContent(file?.Content ?? []);
        part.Headers.ContentType = new MediaTypeHeaderValue(file is null ? "application/octet-stream" : "text/plain");
        form.Add(part, "file", file?.Name ?? "\"\"");
        return form;
    }

    [Fact]
    public async Task Pasted_text_and_an_uploaded_file_show_their_findings_in_context_and_an_empty_form_says_what_is_missing()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();

        using var open = new HttpRequestMessage(HttpMethod.Get, "/api/checks/new");
        open.Headers.Add(RequestPrincipal.Header, Clerk);
        open.Headers.Accept.ParseAdd("text/html");
        using var opened = await client.SendAsync(open);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var formPage = await opened.Content.ReadAsStringAsync();
        Assert.Contains("<form action=\"/api/checks\" method=\"post\" enctype=\"multipart/form-data\" novalidate>", formPage);

        // Pasted text, with the empty file field a browser sends along.
        const string draft = "联系人：李老师，如有疑问请联系13800138000。";
        var (pastedStatus, pasted) = await PostAsync(client, Form(draft));
        Assert.Equal(HttpStatusCode.OK, pastedStatus);
        Assert.Contains("<strong>待人工审核</strong>", pasted);
        Assert.Contains("<mark>138****8000</mark>", pasted);
        Assert.Contains("<q class=\"context\">", pasted);
        Assert.DoesNotContain("13800138000</q>", pasted);
        Assert.Contains(">联系人：李老师，如有疑问请联系13800138000。</textarea>", pasted); // back in the form, to correct and check again

        // One uploaded file (plain text is accepted for a draft).
        var (uploadStatus, uploaded) = await PostAsync(client, Form("", file: ("草稿.txt", Encoding.UTF8.GetBytes("申请人身份证号11010519491231002X。"))));
        Assert.Equal(HttpStatusCode.OK, uploadStatus);
        Assert.Contains("检查结果：附件：草稿.txt", uploaded);
        Assert.Contains("<strong>退回修改</strong>", uploaded);
        Assert.DoesNotContain("11010519491231002X", uploaded);

        // Nothing to check: 400, the error summary links to the text field, which says the same beside it.
        var (emptyStatus, empty) = await PostAsync(client, Form(""));
        Assert.Equal(HttpStatusCode.BadRequest, emptyStatus);
        Assert.Contains("<li><a href=\"#preflight-text\">请填写要检查的文字，或上传一个文件。</a></li>", empty);
        Assert.Contains("<span class=\"error-message\" id=\"preflight-text-error\">", empty);

        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string>
        {
            ["preflight.html"] = formPage, ["preflight-text.html"] = pasted, ["preflight-file.html"] = uploaded, ["preflight-empty.html"] = empty,
        }));
        var axe = await AxeChecker.CheckAsync(host.BaseAddress.ToString().TrimEnd('/'), ["/api/checks/new"],
            new Dictionary<string, string> { [RequestPrincipal.Header] = Clerk },
            new Dictionary<string, string> { ["preflight-text"] = pasted, ["preflight-empty"] = empty });
        Assert.Equal(3, axe.Count);
        var problems = axe.SelectMany(a => a.Problems()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
