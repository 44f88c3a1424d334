using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Disclosure.Functions.Http;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Intake;

public partial class SubmissionTests
{

    [Fact]
    public async Task A_JSON_submission_is_accepted_with_its_index_number_location_and_audit_entry()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var client = host.Client();
        using var response = await client.SendAsync(Submissions.Json(Submissions.Valid()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await Submissions.JsonOf(response);
        var id = body.GetProperty("id").GetString()!;
        Assert.Matches($"^{Submissions.IndexNumberPattern}$", body.GetProperty("indexNumber").GetString());
        Assert.Equal($"/api/submissions/{id}", response.Headers.Location!.ToString());

        var stored = await host.Services.GetRequiredService<IItemStore>().GetAsync(id);
        Assert.Equal(ItemState.Submitted, stored!.Item.State);
        Assert.Equal(["科技计划", "项目申报"], stored.Item.Keywords);
        Assert.Equal("bgs", stored.Item.DepartmentCode);
        var history = await host.Services.GetRequiredService<IAuditTrail>().ListAsync(id);
        Assert.Equal("submitted", Assert.Single(history).Action);

        var status = await Submissions.JsonOf(await client.SendAsync(Get($"/api/submissions/{id}", "bgs")));
        Assert.Equal("Submitted", status.GetProperty("item").GetProperty("state").GetString());
        Assert.Equal("已提交", status.GetProperty("item").GetProperty("stateName").GetString());
    }

    [Fact]
    public async Task A_multipart_form_with_a_PDF_is_accepted_and_the_browser_sees_a_confirmation_page()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/submissions")
        {
            Content = Submissions.Form(Submissions.Valid("附件测试通知"), ("申报指南.pdf", Submissions.Pdf())),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        request.Headers.Add(RequestPrincipal.Header, Submissions.Identity("xmc"));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        using var response = await client.SendAsync(request);

        // Post/Redirect/Get: the browser is sent to the status page, so reloading it never posts the form again.
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/api/submissions/", location);
        using var landing = await client.SendAsync(Get(location, "xmc", html: true));
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        var page = await landing.Content.ReadAsStringAsync();
        Assert.Contains("lang=\"zh-CN\"", page);
        Assert.Contains("已受理", page);
        Assert.Matches(Submissions.IndexNumberPattern, page);
        Assert.Contains("申报指南.pdf", page);
        using var later = await client.SendAsync(Get(location.Split('?')[0], "xmc", html: true));
        Assert.DoesNotContain("已受理", await later.Content.ReadAsStringAsync());

        var id = location.Split('?')[0].Split('/').Last();
        var item = (await host.Services.GetRequiredService<IItemStore>().GetAsync(id))!.Item;
        var attachment = Assert.Single(item.Attachments);
        Assert.Equal("application/pdf", attachment.ContentType);
        var download = await host.Client().SendAsync(Get($"/api/submissions/{id}/attachments/{attachment.Id}", "xmc"));
        Assert.Equal(Submissions.Pdf(), await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_urlencoded_form_is_accepted()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var fields = Submissions.Valid("表单编码提交").ToDictionary(kv => kv.Key, kv => kv.Value is string[] a ? string.Join(" ", a) : kv.Value!.ToString()!);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/submissions") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add(RequestPrincipal.Header, Submissions.Identity("bgs"));
        using var response = await host.Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("表单编码提交", (await Submissions.JsonOf(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_form_page_is_accessible_Chinese_HTML_with_a_one_time_token()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var page = await (await host.Client().SendAsync(Get("/api/submissions/new", "bgs", html: true))).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", page);
        Assert.Contains("跳到主要内容", page);
        Assert.Contains("<label for=\"f-title\">标题", page);
        Assert.Matches("name=\"idempotencyKey\" value=\"[0-9a-f]{32}\"", page);
        Assert.Contains("enctype=\"multipart/form-data\"", page);
        Assert.Contains(">通知公告</option>", page);
    }

    [Fact]
    public async Task An_invalid_form_comes_back_with_errors_next_to_their_fields_and_the_values_kept()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var fields = Submissions.Valid("保留我输入的标题");
        fields["formedOn"] = "2026-13-45";
        fields["documentNumber"] = "市科发[2026]第012号";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/submissions") { Content = Submissions.Form(fields) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        request.Headers.Add(RequestPrincipal.Header, Submissions.Identity("bgs"));
        using var response = await host.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("value=\"保留我输入的标题\"", page);
        Assert.Contains("id=\"f-formedOn-error\"", page);
        Assert.Contains("成文日期格式应为 YYYY-MM-DD", page);
        Assert.Contains("市科发〔2026〕12号", page); // the 文号 error says how to write it
        Assert.Contains("aria-invalid=\"true\"", page);
    }

    public static TheoryData<string, object?, string> InvalidFields => new()
    {
        { "title", "", "请填写标题" },
        { "title", new string('标', 201), "不能超过 200" },
        { "column", "no-such-column", "请从目录中选择栏目" },
        { "genre", "诗歌", "不在目录配置中" },
        { "genre", "规章", "可选的体裁" },
        { "documentNumber", "市科发(2026)12号", "六角括号" },
        { "documentNumber", "随便写的", "文号格式应为" },
        { "formedOn", "", "请填写成文日期" },
        { "formedOn", "2099-01-01", "不能晚于今天" },
        { "attribute", "", "请选择公开属性" },
        { "attribute", "半公开", "只能是主动公开" },
        { "scope", "面向全世界", "只能是面向社会或面向申请人" },
        { "term", "永久", "只能是长期或限时" },
        { "validity", "也许有效", "只能是有效" },
        { "keywords", "一 二 三 四 五 六 七 八 九 十 十一", "最多 10 个" },
        { "summary", new string('概', 1001), "不能超过 1000" },
        { "bodyFormat", "markdown", "正文格式只能是" },
        { "relation", "引用", "关联关系只能是" },
        { "relatedItem", "113301000024820810/2026-99999", "找不到索引号" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Each_invalid_field_is_a_400_problem_naming_the_field_in_Chinese(string field, object? value, string message)
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var body = Submissions.Valid();
        body[field] = value;
        if (field == "relatedItem") body["relation"] = "修订";
        using var response = await host.Client().SendAsync(Submissions.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await Submissions.JsonOf(response);
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(messages, m => m!.Contains(message));
    }

    [Fact]
    public async Task A_policy_interpretation_must_name_the_policy_it_explains()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var body = Submissions.Valid("关于《科技计划项目管理办法》的政策解读");
        body["column"] = "zcjd";
        body["genre"] = "解读";
        var problem = await Submissions.JsonOf(await host.Client().SendAsync(Submissions.Json(body)));
        Assert.Contains("政策解读必须关联", problem.GetProperty("errors").GetProperty("relatedItem")[0].GetString());

        var policy = await Submissions.JsonOf(await host.Client().SendAsync(Submissions.Json(Submissions.Valid("科技计划项目管理办法"))));
        body["relatedItem"] = policy.GetProperty("indexNumber").GetString();
        using var accepted = await host.Client().SendAsync(Submissions.Json(body));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await Submissions.JsonOf(accepted)).GetProperty("id").GetString()!;
        var item = (await host.Services.GetRequiredService<IItemStore>().GetAsync(id))!.Item;
        Assert.Equal(Relation.Interprets, item.Relation);
        Assert.Equal(policy.GetProperty("id").GetString(), item.RelatedItemId);
    }

    [Fact]
    public async Task An_attachment_whose_content_is_not_an_allowed_type_is_refused_whatever_its_extension()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var body = Submissions.Valid();
        body["attachments"] = new[] { new { fileName = "通知.pdf", contentBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("#!/bin/sh\nrm -rf /\n")) } };
        var problem = await Submissions.JsonOf(await host.Client().SendAsync(Submissions.Json(body)));
        Assert.Contains("通知", problem.GetProperty("errors").GetProperty("attachments")[0].GetString());
    }

    [Fact]
    public async Task A_PDF_sent_as_an_exe_is_stored_under_a_safe_name_with_the_detected_type()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var body = Submissions.Valid();
        body["attachments"] = new[] { new { fileName = "../../etc/申报表.pdf.exe", contentBase64 = Convert.ToBase64String(Submissions.Pdf()) } };
        var id = (await Submissions.JsonOf(await host.Client().SendAsync(Submissions.Json(body)))).GetProperty("id").GetString()!;
        var attachment = Assert.Single((await host.Services.GetRequiredService<IItemStore>().GetAsync(id))!.Item.Attachments);
        Assert.Equal("申报表.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType);
    }

    [Fact]
    public async Task Oversized_bodies_are_413_and_other_media_types_415()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var big = new HttpRequestMessage(HttpMethod.Post, "/api/submissions") { Content = new ByteArrayContent(new byte[60 * 1024 * 1024]) };
        big.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        big.Headers.Add(RequestPrincipal.Header, Submissions.Identity("bgs"));
        big.Headers.ExpectContinue = true; // the server refuses before the client sends 60 MB
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await host.Client().SendAsync(big)).StatusCode);

        var xml = new HttpRequestMessage(HttpMethod.Post, "/api/submissions") { Content = new StringContent("<item/>", Encoding.UTF8, "application/xml") };
        xml.Headers.Add(RequestPrincipal.Header, Submissions.Identity("bgs"));
        using var unsupported = await host.Client().SendAsync(xml);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
        Assert.Equal("application/problem+json", unsupported.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_original_item_and_creates_no_second_one()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var key = Guid.NewGuid().ToString();
        var title = "幂等测试 " + key;
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => host.Client().SendAsync(Submissions.Json(Submissions.Valid(title), idempotencyKey: key))));
        var again = await host.Client().SendAsync(Submissions.Json(Submissions.Valid(title), idempotencyKey: key));

        var ids = new List<string>();
        foreach (var r in responses.Append(again))
        {
            Assert.True(r.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, r.StatusCode.ToString());
            ids.Add((await Submissions.JsonOf(r)).GetProperty("id").GetString()!);
        }
        Assert.Single(ids.Distinct());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var stored = new List<DisclosureItem>();
        await foreach (var i in host.Services.GetRequiredService<IItemStore>().ListAsync(new ItemQuery("bgs"))) if (i.Title == title) stored.Add(i);
        Assert.Single(stored);
    }

    [Fact]
    public async Task Department_A_can_neither_read_nor_change_department_B_items_but_a_reviewer_can_read_them()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var client = host.Client();
        var id = (await Submissions.JsonOf(await client.SendAsync(Submissions.Json(Submissions.Valid("财务处的信息"), department: "cwc")))).GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(Get($"/api/submissions/{id}", "rsc"))).StatusCode);
        var correction = new HttpRequestMessage(HttpMethod.Post, $"/api/submissions/{id}/corrections") { Content = System.Net.Http.Json.JsonContent.Create(Versioned(Submissions.Valid("改掉"), 1)) };
        correction.Headers.Add(RequestPrincipal.Header, Submissions.Identity("rsc"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(correction)).StatusCode);
        var withdrawal = new HttpRequestMessage(HttpMethod.Post, $"/api/submissions/{id}/withdrawal") { Content = System.Net.Http.Json.JsonContent.Create(new { reason = "不想要了" }) };
        withdrawal.Headers.Add(RequestPrincipal.Header, Submissions.Identity("rsc"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(withdrawal)).StatusCode);

        var mine = await Submissions.JsonOf(await client.SendAsync(Get("/api/submissions?mine", "rsc")));
        Assert.DoesNotContain(mine.EnumerateArray(), i => i.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get($"/api/submissions/{id}", "bgs", roles: "Reviewer"))).StatusCode);
        Assert.Equal("财务处的信息", (await host.Services.GetRequiredService<IItemStore>().GetAsync(id))!.Item.Title);
    }

    [Fact]
    public async Task A_correction_keeps_the_index_number_and_the_previous_version()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var client = host.Client();
        var first = await Submissions.JsonOf(await client.SendAsync(Submissions.Json(Submissions.Valid("第一版标题"), department: "cgc")));
        var id = first.GetProperty("id").GetString()!;
        var correction = new HttpRequestMessage(HttpMethod.Post, $"/api/submissions/{id}/corrections") { Content = System.Net.Http.Json.JsonContent.Create(Versioned(Submissions.Valid("第二版标题"), first.GetProperty("version").GetInt32())) };
        correction.Headers.Add(RequestPrincipal.Header, Submissions.Identity("cgc"));
        using var response = await client.SendAsync(correction);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var second = await Submissions.JsonOf(response);
        Assert.Equal(first.GetProperty("indexNumber").GetString(), second.GetProperty("indexNumber").GetString());
        Assert.Equal(2, second.GetProperty("version").GetInt32());
        var versions = await host.Services.GetRequiredService<IItemStore>().GetVersionsAsync(id);
        Assert.Equal(["第一版标题", "第二版标题"], versions.Select(v => v.Title));
        var history = await host.Services.GetRequiredService<IAuditTrail>().ListAsync(id);
        Assert.Equal(["submitted", "corrected"], history.Select(h => h.Action));
    }

    private static Dictionary<string, object?> Versioned(Dictionary<string, object?> fields, int version)
    {
        fields["version"] = version;
        return fields;
    }

    [Fact]
    public async Task The_correction_form_carries_the_version_it_shows_and_a_correction_without_a_version_or_on_an_old_one_is_refused()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var id = (await Submissions.JsonOf(await client.SendAsync(Submissions.Json(Submissions.Valid("第一版标题"), department: "cgc")))).GetProperty("id").GetString()!;
        HttpRequestMessage Correction(Dictionary<string, object?> fields, bool form)
        {
            var r = new HttpRequestMessage(HttpMethod.Post, $"/api/submissions/{id}/corrections")
            {
                Content = form ? Submissions.Form(fields) : System.Net.Http.Json.JsonContent.Create(fields),
            };
            r.Headers.Add(RequestPrincipal.Header, Submissions.Identity("cgc"));
            if (form) r.Headers.Accept.ParseAdd("text/html");
            return r;
        }

        var page = await (await client.SendAsync(Get($"/api/submissions/{id}/correction", "cgc", html: true))).Content.ReadAsStringAsync();
        Assert.Contains("<input type=\"hidden\" name=\"version\" value=\"1\">", page);

        using var missing = await client.SendAsync(Correction(Submissions.Valid("无版本的更正"), form: false));
        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        using var missingForm = await client.SendAsync(Correction(Submissions.Valid("无版本的更正"), form: true));
        Assert.Equal(HttpStatusCode.PreconditionRequired, missingForm.StatusCode);

        using var fromForm = await client.SendAsync(Correction(Versioned(Submissions.Valid("第二版标题"), 1), form: true));
        Assert.Equal(HttpStatusCode.SeeOther, fromForm.StatusCode);

        using var stale = await client.SendAsync(Correction(Versioned(Submissions.Valid("基于第一版的另一更正"), 1), form: false));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var current = (await Submissions.JsonOf(stale)).GetProperty("current");
        Assert.Equal(2, current.GetProperty("version").GetInt32());
        Assert.Equal("第二版标题", current.GetProperty("title").GetString());
        var versions = await host.Services.GetRequiredService<IItemStore>().GetVersionsAsync(id);
        Assert.Equal(["第一版标题", "第二版标题"], versions.Select(v => v.Title));
    }

    [Fact]
    public async Task Values_that_cannot_be_stored_or_published_are_refused_with_400_naming_the_field_never_500()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var client = host.Client();
        async Task<(HttpStatusCode Status, JsonElement Body, string? MediaType)> Submit(string field, string value)
        {
            var fields = Submissions.Valid();
            fields[field] = value;
            using var response = await client.SendAsync(Submissions.Json(fields));
            return (response.StatusCode, await Submissions.JsonOf(response), response.Content.Headers.ContentType?.MediaType);
        }

        // Well formed, and 40,000 characters: the row would exceed Table Storage's 64 KiB property limit.
        var number = await Submit("documentNumber", new string('科', 40_000) + "〔2026〕1号");
        var title = await Submit("title", "关于\u0001开展科技项目申报工作的通知");

        Assert.Equal(HttpStatusCode.BadRequest, number.Status);
        Assert.Equal("application/problem+json", number.MediaType);
        Assert.Equal("文号不能超过 100 个字。", number.Body.GetProperty("errors").GetProperty("documentNumber")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, title.Status);
        Assert.StartsWith("标题含有不允许的控制字符（U+0001", title.Body.GetProperty("errors").GetProperty("title")[0].GetString());

        var id = (await Submissions.JsonOf(await client.SendAsync(Submissions.Json(Submissions.Valid("待撤回的信息"))))).GetProperty("id").GetString()!;
        var withdrawal = new HttpRequestMessage(HttpMethod.Post, $"/api/submissions/{id}/withdrawal") { Content = System.Net.Http.Json.JsonContent.Create(new { reason = new string('因', 100_000) }) };
        withdrawal.Headers.Add(RequestPrincipal.Header, Submissions.Identity("bgs"));
        using var reason = await client.SendAsync(withdrawal);
        Assert.Equal(HttpStatusCode.BadRequest, reason.StatusCode);
        Assert.Contains("撤回理由不能超过", (await Submissions.JsonOf(reason)).GetProperty("errors").GetProperty("reason")[0].GetString());
    }

    [Fact]
    public async Task Posting_the_same_form_twice_with_its_one_time_token_creates_one_item()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var fields = Submissions.Valid("表单重复提交");
        fields["idempotencyKey"] = Guid.NewGuid().ToString("N");
        HttpRequestMessage Post()
        {
            var r = new HttpRequestMessage(HttpMethod.Post, "/api/submissions") { Content = Submissions.Form(fields) };
            r.Headers.Add(RequestPrincipal.Header, Submissions.Identity("bgs"));
            return r;
        }
        using var first = await host.Client().SendAsync(Post());
        using var second = await host.Client().SendAsync(Post());
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
    }

    [Fact]
    public async Task Only_a_published_item_can_be_asked_to_be_withdrawn_and_a_reason_is_required()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var id = (await Submissions.JsonOf(await host.Client().SendAsync(Submissions.Json(Submissions.Valid("未发布的信息"))))).GetProperty("id").GetString()!;
        HttpRequestMessage Withdraw(string? reason)
        {
            var r = new HttpRequestMessage(HttpMethod.Post, $"/api/submissions/{id}/withdrawal") { Content = System.Net.Http.Json.JsonContent.Create(new { reason }) };
            r.Headers.Add(RequestPrincipal.Header, Submissions.Identity("bgs"));
            return r;
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client().SendAsync(Withdraw(null))).StatusCode);
        using var conflict = await host.Client().SendAsync(Withdraw("信息有误"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("只有已发布的信息可以申请撤回", (await Submissions.JsonOf(conflict)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_post_from_a_page_on_another_site_is_refused_and_the_same_site_is_not()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var forged = Submissions.Json(Submissions.Valid("跨站伪造"));
        forged.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client().SendAsync(forged)).StatusCode);
        var fetchMetadata = Submissions.Json(Submissions.Valid("跨站伪造"));
        fetchMetadata.Headers.Add("Sec-Fetch-Site", "cross-site");
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client().SendAsync(fetchMetadata)).StatusCode);

        var own = Submissions.Json(Submissions.Valid("本站提交"));
        own.Headers.Add("Origin", host.BaseAddress.GetLeftPart(UriPartial.Authority));
        own.Headers.Add("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client().SendAsync(own)).StatusCode);
    }

    [Fact]
    public async Task Outside_Development_a_request_without_identity_is_401()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false, environment: "Production");
        using var response = await host.Client().PostAsync("/api/submissions", System.Net.Http.Json.JsonContent.Create(Submissions.Valid()));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client().GetAsync("/api/submissions/new")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync("/api/health")).StatusCode);
    }

    internal static HttpRequestMessage Get(string url, string department, bool html = false, params string[] roles)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(RequestPrincipal.Header, Submissions.Identity(department, roles));
        if (html) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return request;
    }
}
