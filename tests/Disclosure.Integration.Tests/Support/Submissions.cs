using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Disclosure.Functions.Http;

namespace Disclosure.Integration.Tests.Support;

/// <summary>Builds submissions the way a department's browser or integration sends them.</summary>
public static class Submissions
{
    /// <summary>Today in China, the date the host's checks and 索引号 go by.</summary>
    public static DateOnly Today => Disclosure.Calendar.ChinaTime.Today(TimeProvider.System);

    /// <summary>The bureau's 索引号 pattern for an item registered this year.</summary>
    public static string IndexNumberPattern => $@"113301000024820810/{Today.Year}-[0-9]{{5}}";

    public static string Identity(string department, params string[] roles) =>
        RequestPrincipal.Encode($"{department}-用户", department, roles.Length > 0 ? roles : ["Submitter"]);

    /// <summary>
    /// A submission the checks find nothing in, whatever day the tests run: formed today (China time), so it is never late
    /// (Art. 26's 20 working days), and numbered in today's year, so the 文号's year is the 成文日期's.
    /// </summary>
    public static Dictionary<string, object?> Valid(string title = "关于开展2026年度科技计划项目申报工作的通知") => new()
    {
        ["title"] = title,
        ["column"] = "tzgg",
        ["genre"] = "通知",
        ["documentNumber"] = $"市科发〔{Today.Year}〕12号",
        ["formedOn"] = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["attribute"] = "主动公开",
        ["keywords"] = new[] { "科技计划", "项目申报" },
        ["summary"] = "部署2026年度市级科技计划项目申报工作。",
        ["body"] = "各有关单位：现将2026年度市级科技计划项目申报有关事项通知如下。",
    };

    public static HttpRequestMessage Json(object body, string? department = "bgs", string? idempotencyKey = null, params string[] roles)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/submissions") { Content = JsonContent.Create(body) };
        if (department is not null) request.Headers.Add(RequestPrincipal.Header, Identity(department, roles));
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    /// <summary>A small but well-formed PDF (header, one page, cross-reference table, trailer).</summary>
    public static byte[] Pdf(string text = "Sample")
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {("BT /F1 12 Tf 72 760 Td (" + text + ") Tj ET").Length} >>\nstream\nBT /F1 12 Tf 72 760 Td ({text}) Tj ET\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        return PdfFile.Write(objects);
    }

    public static MultipartFormDataContent Form(Dictionary<string, object?> fields, params (string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (k, v) in fields)
        {
            var value = v is string[] a ? string.Join(" ", a) : v?.ToString() ?? "";
            form.Add(new StringContent(value, Encoding.UTF8), k);
        }
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "attachments", name);
        }
        return form;
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
