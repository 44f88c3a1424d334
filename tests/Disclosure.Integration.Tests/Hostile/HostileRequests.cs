using System.Net.Http.Headers;
using System.Text;
using Disclosure.Functions.Http;
using Disclosure.Integration.Tests.Support;

namespace Disclosure.Integration.Tests.Hostile;

/// <summary>One hostile request: what it is (for the failure message), how to send it, and what it may be answered with.</summary>
public sealed record HostileCase(string Description, Func<HttpRequestMessage>? Build, byte[]? Raw = null, bool ForgedIdentity = false);

/// <summary>
/// Builds hostile requests from a seeded <see cref="Random"/>, so a failing case can be replayed by its number:
/// malformed multipart, invalid UTF-8, oversized and countless fields, dangerous file names, script in every text
/// field, and forged App Service principal headers.
/// </summary>
public sealed class HostileRequests(int seed, string department)
{
    private readonly Random _random = new(seed);

    /// <summary>Markup and URLs that run script if a page echoes them unencoded or a sanitizer lets them through.</summary>
    public static readonly string[] ScriptPayloads =
    [
        "<script>alert(1)</script>",
        "\"><script>alert(document.cookie)</script>",
        "'><img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "javascript:alert(1)",
        "<a href=\"javascript:alert(1)\">点我</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">点我</a>",
        "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
        "<iframe src=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
        "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
        "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
        "</title><script>alert(1)</script>",
        "</textarea><script>alert(1)</script>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<body onload=alert(1)>",
        "<base href=\"javascript:alert(1)//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(2)\">提交</button></form>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<!--<script>alert(1)</script>-->",
        "{{ 7 | plus: 7 }}{% for x in (1..3) %}模板{% endfor %}",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<p title=\"</p><script>alert(1)</script>\">文</p>",
        "\u2028\u2029<script>alert(1)</script>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<input autofocus onfocus=alert(1)>",
        "<video><source onerror=alert(1)></video>",
    ];

    public static readonly string[] FileNames =
    [
        "../../../etc/passwd.pdf",
        "..\\..\\windows\\system32\\申报表.pdf",
        "/absolute/path.pdf",
        "C:\\Users\\admin\\申报.pdf",
        "name\u0000.pdf",
        "line\r\nbreak.pdf",
        "tab\there.pdf",
        "\u202Efdp.exe",
        "<img src=x onerror=alert(1)>.pdf",
        "\"><script>alert(1)</script>.pdf",
        "javascript:alert(1).pdf",
        "%2e%2e%2f%2e%2e%2fetc.pdf",
        "CON.pdf",
        ".pdf",
        "....pdf",
        new string('长', 600) + ".pdf",
        "正常的申报指南.pdf",
    ];

    private static readonly string[] TextFields = ["title", "publisher", "summary", "keywords", "documentNumber", "body", "genre", "relatedItem"];

    public HostileCase Next(int number)
    {
        var kind = _random.Next(12);
        return kind switch
        {
            0 or 1 or 2 => ScriptInFields(number, Pick(["json", "multipart", "urlencoded"])),
            3 => HostileFileName(number),
            4 => MalformedMultipart(number),
            5 => InvalidUtf8(number),
            6 => ForgedPrincipal(number),
            7 => RandomBytes(number),
            8 => MalformedJson(number),
            9 => OtherEndpoint(number),
            10 => TruncatedBody(number),
            _ => ScriptInFields(number, "multipart"),
        };
    }

    /// <summary>The big cases, sent once whatever the case count: a 10 MB field and thousands of fields in each encoding.</summary>
    public IEnumerable<HostileCase> Oversized()
    {
        var tenMegabytes = new string('大', 10 * 1024 * 1024 / 3);
        yield return new("10 MB multipart text field", () =>
        {
            var fields = Submissions.Valid();
            fields["summary"] = tenMegabytes;
            return Post(Submissions.Form(fields));
        });
        yield return new("10 MB JSON title", () =>
        {
            var fields = Submissions.Valid();
            fields["title"] = tenMegabytes;
            return Post(System.Net.Http.Json.JsonContent.Create(fields));
        });
        yield return new("10 MB JSON body", () =>
        {
            var fields = Submissions.Valid();
            fields["body"] = tenMegabytes;
            return Post(System.Net.Http.Json.JsonContent.Create(fields));
        });
        yield return new("10 MB urlencoded field", () => Post(new ByteArrayContent(Encoding.ASCII.GetBytes("title=" + new string('a', 10 * 1024 * 1024)))
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") },
        }));
        yield return new("5,000 multipart fields", () =>
        {
            var form = Submissions.Form(Submissions.Valid());
            for (var i = 0; i < 5000; i++) form.Add(new StringContent("值" + i), "field" + i);
            return Post(form);
        });
        yield return new("5,000 urlencoded fields", () => Post(new FormUrlEncodedContent(
            Enumerable.Range(0, 5000).Select(i => new KeyValuePair<string, string>("f" + i, "v")).Concat(Flat(Submissions.Valid())))));
        yield return new("5,000 JSON properties and 5,000 keywords", () =>
        {
            var json = new StringBuilder("{");
            foreach (var (k, v) in Flat(Submissions.Valid())) json.Append($"\"{k}\":{System.Text.Json.JsonSerializer.Serialize(v)},");
            for (var i = 0; i < 5000; i++) json.Append($"\"extra{i}\":{i},");
            json.Append("\"keywords\":[").Append(string.Join(",", Enumerable.Range(0, 5000).Select(i => $"\"词{i}\""))).Append("]}");
            return Post(new StringContent(json.ToString(), Encoding.UTF8, "application/json"));
        });
        yield return new("5,000 attachments parts", () =>
        {
            var form = Submissions.Form(Submissions.Valid());
            for (var i = 0; i < 5000; i++)
            {
                var part = new ByteArrayContent([0x25, 0x50]);
                form.Add(part, "attachments", $"f{i}.pdf");
            }
            return Post(form);
        });
        yield return new("JSON nested 10,000 deep", () => Post(new StringContent(new string('[', 10000) + new string(']', 10000), Encoding.UTF8, "application/json")));
        yield return new("one keyword of 60,000 characters", () =>
        {
            var fields = Submissions.Valid();
            fields["keywords"] = new string('词', 60_000);
            return Post(System.Net.Http.Json.JsonContent.Create(fields));
        });
        yield return new("publisher of 60,000 characters", () =>
        {
            var fields = Submissions.Valid();
            fields["publisher"] = new string('机', 60_000);
            return Post(Submissions.Form(fields));
        });
    }

    private HostileCase ScriptInFields(int number, string encoding)
    {
        var fields = Submissions.Valid($"恶意输入 {number} " + Pick(ScriptPayloads));
        foreach (var field in TextFields)
        {
            if (_random.Next(3) == 0) continue;
            var payload = Pick(ScriptPayloads);
            fields[field] = field switch
            {
                "keywords" => new[] { payload, "科技" },
                "body" => "正文" + payload + "结束",
                "documentNumber" or "genre" or "relatedItem" when _random.Next(2) == 0 => fields.GetValueOrDefault(field), // keep it valid so the item is stored
                _ => Truncate(payload + "标题", field == "title" ? 200 : 1000),
            };
        }
        if (_random.Next(2) == 0) fields["bodyFormat"] = "html";
        if (_random.Next(4) == 0) fields["attachments"] = null;
        var attachmentPayload = Pick(ScriptPayloads);
        var description = $"#{number} script in fields ({encoding}, body {fields.GetValueOrDefault("bodyFormat") ?? "text"})";
        return new(description, () => encoding switch
        {
            "json" => Post(System.Net.Http.Json.JsonContent.Create(fields)),
            "urlencoded" => Post(new FormUrlEncodedContent(Flat(fields))),
            _ => Post(WithFile(Submissions.Form(fields), "附件" + attachmentPayload + ".pdf", Submissions.Pdf())),
        });
    }

    private HostileCase HostileFileName(int number)
    {
        var name = Pick(FileNames);
        var content = _random.Next(3) switch
        {
            0 => Submissions.Pdf(),
            1 => Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"),
            _ => RandomBytesOf(_random.Next(1, 2048)),
        };
        var json = _random.Next(2) == 0;
        return new($"#{number} file name {Escape(name)} ({(json ? "json" : "multipart")})", () =>
        {
            var fields = Submissions.Valid($"附件名测试 {number}");
            if (json)
            {
                fields["attachments"] = new[] { new { fileName = name, contentBase64 = Convert.ToBase64String(content) } };
                return Post(System.Net.Http.Json.JsonContent.Create(fields));
            }
            return Post(WithFile(Submissions.Form(fields), name, content));
        });
    }

    private HostileCase MalformedMultipart(int number)
    {
        var variant = _random.Next(9);
        var boundary = "----fuzz" + _random.Next();
        var good = $"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n标题\r\n";
        var (contentType, body) = variant switch
        {
            0 => ($"multipart/form-data; boundary={boundary}", good + "--wrong--\r\n"),                        // wrong closing boundary
            1 => ("multipart/form-data", good + $"--{boundary}--\r\n"),                                          // no boundary parameter
            2 => ($"multipart/form-data; boundary=\"{new string('b', 200)}\"", good),                            // boundary longer than 70
            3 => ($"multipart/form-data; boundary={boundary}", good),                                             // no closing boundary
            4 => ($"multipart/form-data; boundary={boundary}", $"--{boundary}\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--{boundary}--\r\n"),
            5 => ($"multipart/form-data; boundary={boundary}", $"--{boundary}\r\n" + string.Concat(Enumerable.Repeat("X-Header: a\r\n", 100)) + "\r\nx\r\n--" + boundary + "--\r\n"),
            6 => ($"multipart/form-data; boundary={boundary}", $"--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 truncated"),
            7 => ($"multipart/form-data; boundary=", good),
            _ => ($"multipart/form-data; boundary={boundary}", $"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\nContent-Length: -5\r\n\r\n标题\r\n--{boundary}--\r\n"),
        };
        return new($"#{number} malformed multipart variant {variant}", () =>
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            return Post(content);
        });
    }

    private HostileCase InvalidUtf8(int number)
    {
        byte[][] bad = [[0xC3, 0x28], [0xFF, 0xFE], [0xE2, 0x28, 0xA1], [0xF0, 0x28, 0x8C, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x00]];
        var chunk = bad[_random.Next(bad.Length)];
        var encoding = Pick(["json", "multipart", "urlencoded"]);
        return new($"#{number} invalid UTF-8 {Convert.ToHexString(chunk)} ({encoding})", () =>
        {
            var prefix = Encoding.UTF8.GetBytes(encoding switch
            {
                "json" => "{\"title\":\"标题",
                "urlencoded" => "column=tzgg&genre=%E9%80%9A%E7%9F%A5&title=%FF%FE",
                _ => "--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n标题",
            });
            var suffix = Encoding.UTF8.GetBytes(encoding switch
            {
                "json" => "\",\"column\":\"tzgg\",\"genre\":\"通知\",\"formedOn\":\"2026-11-20\",\"attribute\":\"主动公开\",\"body\":\"正文\"}",
                "urlencoded" => "&formedOn=2026-11-20&attribute=%E4%B8%BB%E5%8A%A8%E5%85%AC%E5%BC%80&body=x",
                _ => "\r\n--b\r\nContent-Disposition: form-data; name=\"file\xff\"; filename=\"\xc3(.pdf\"\r\n\r\n%PDF\r\n--b--\r\n",
            });
            var content = new ByteArrayContent([.. prefix, .. chunk, .. suffix]);
            content.Headers.TryAddWithoutValidation("Content-Type", encoding switch
            {
                "json" => "application/json",
                "urlencoded" => "application/x-www-form-urlencoded",
                _ => "multipart/form-data; boundary=b",
            });
            return Post(content);
        });
    }

    private HostileCase ForgedPrincipal(int number)
    {
        var variant = _random.Next(12);
        var value = variant switch
        {
            0 => "not base64 at all!!",
            1 => Convert.ToBase64String(RandomBytesOf(_random.Next(1, 300))),
            2 => Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"auth_typ\":\"aad\"}")),
            3 => Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"claims\":{\"typ\":\"name\"}}")),
            4 => Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"claims\":[1,2,3]}")),
            5 => Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"claims\":[{\"typ\":\"name\",\"val\":42}]}")),
            6 => Convert.ToBase64String(Encoding.UTF8.GetBytes("[]")),
            7 => Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"claims\":[{\"typ\":\"name\"}],\"name_typ\":5}")),
            8 => Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('[', 5000))),
            9 => Convert.ToBase64String(RandomBytesOf(20_000)),                    // ~27 KB: under Kestrel's header limit
            10 => Convert.ToBase64String(RandomBytesOf(60_000)),                   // ~80 KB: over it (431)
            _ => "=" + Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"claims\":[]}")),
        };
        var method = Pick(["post", "get", "list", "form", "correction"]);
        return new($"#{number} forged principal variant {variant} on {method}", () =>
        {
            var request = method switch
            {
                "get" => new HttpRequestMessage(HttpMethod.Get, "/api/submissions/" + Guid.NewGuid().ToString("N")),
                "list" => new HttpRequestMessage(HttpMethod.Get, "/api/submissions"),
                "form" => new HttpRequestMessage(HttpMethod.Get, "/api/submissions/new"),
                "correction" => new HttpRequestMessage(HttpMethod.Post, $"/api/submissions/{Guid.NewGuid():N}/corrections") { Content = System.Net.Http.Json.JsonContent.Create(Submissions.Valid()) },
                _ => new HttpRequestMessage(HttpMethod.Post, "/api/submissions") { Content = System.Net.Http.Json.JsonContent.Create(Submissions.Valid()) },
            };
            request.Headers.TryAddWithoutValidation(RequestPrincipal.Header, value);
            return request;
        }, ForgedIdentity: true);
    }

    private HostileCase RandomBytes(int number)
    {
        var length = _random.Next(0, 64 * 1024);
        var bytes = RandomBytesOf(length);
        var type = Pick(["multipart/form-data; boundary=x", "application/json", "application/x-www-form-urlencoded", "application/octet-stream", "text/plain", "multipart/mixed; boundary=y"]);
        return new($"#{number} {length} random bytes as {type}", () =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.TryAddWithoutValidation("Content-Type", type);
            return Post(content);
        });
    }

    private HostileCase MalformedJson(int number)
    {
        string[] bodies =
        [
            "", "null", "[]", "\"text\"", "{", "{\"title\":", "{\"title\":123}", "{\"keywords\":{\"a\":1}}", "{\"attachments\":\"x\"}",
            "{\"attachments\":[{\"fileName\":\"a.pdf\",\"contentBase64\":\"@@@\"}]}", "{\"attachments\":[null]}", "{\"attachments\":[{}]}",
            "{\"formedOn\":\"2026-02-30\",\"title\":\"t\"}", "{\"title\":\"\\ud800\"}", "{\"title\":\"a\u0000b\",\"column\":\"tzgg\"}",
            "{\"relatedItem\":\"../../items\",\"relation\":\"修订\"}", "{\"relatedItem\":\"113301000024820810/2026-1/2\",\"relation\":\"修订\"}",
            "{\"relatedItem\":\"a#b?c/d\\\\e\",\"relation\":\"解读\"}",
        ];
        var body = Pick(bodies);
        return new($"#{number} JSON {Escape(body)}", () => Post(new StringContent(body, Encoding.UTF8, "application/json")));
    }

    private HostileCase OtherEndpoint(int number)
    {
        string[] ids = ["..%2F..%2Fetc", "a%23b", "a%3Fb", "a%5Cb", "%00", "%E2%80%AE", "x'%20or%20'1'='1", new string('a', 2000), "%FF", "PartitionKey%20eq%20''", "%2e%2e"];
        var id = Pick(ids);
        var variant = _random.Next(6);
        return new($"#{number} endpoint variant {variant} with id {id[..Math.Min(id.Length, 40)]}", () => variant switch
        {
            0 => new HttpRequestMessage(HttpMethod.Get, $"/api/submissions/{id}"),
            1 => new HttpRequestMessage(HttpMethod.Get, $"/api/submissions/{id}/attachments/{id}"),
            2 => new HttpRequestMessage(HttpMethod.Get, $"/api/submissions/{id}/correction"),
            3 => new HttpRequestMessage(HttpMethod.Post, $"/api/submissions/{id}/corrections") { Content = System.Net.Http.Json.JsonContent.Create(Submissions.Valid()) },
            4 => new HttpRequestMessage(HttpMethod.Post, $"/api/submissions/{id}/withdrawal") { Content = new StringContent(Pick(["{", "[]", "null", "{\"reason\":5}", "x"]), Encoding.UTF8, "application/json") },
            _ => new HttpRequestMessage(HttpMethod.Post, $"/api/submissions/{id}/withdrawal") { Content = new ByteArrayContent(Encoding.ASCII.GetBytes("--b\r\nbroken")) { Headers = { { "Content-Type", "multipart/form-data; boundary=b" } } } },
        });
    }

    /// <summary>A body shorter than its Content-Length, the connection half-closed: only a raw socket can send it.</summary>
    private HostileCase TruncatedBody(int number)
    {
        var fields = Submissions.Valid($"截断 {number}");
        var json = _random.Next(2) == 0;
        byte[] body;
        string type;
        if (json)
        {
            body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(fields);
            type = "application/json";
        }
        else
        {
            var form = Submissions.Form(fields, ("a.pdf", Submissions.Pdf()));
            body = form.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            type = form.Headers.ContentType!.ToString();
        }
        var cut = _random.Next(1, body.Length);
        var head = Encoding.UTF8.GetBytes(
            "POST /api/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            $"{RequestPrincipal.Header}: {Submissions.Identity(department)}\r\n" +
            $"Content-Type: {type}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        return new($"#{number} body truncated at {cut} of {body.Length} ({type.Split(';')[0]})", null, [.. head, .. body.AsSpan(0, cut)]);
    }

    /// <summary>The name goes into the part header as the client wrote it (and as filename*= for non-ASCII), quotes and control characters too.</summary>
    private static MultipartFormDataContent WithFile(MultipartFormDataContent form, string name, byte[] content)
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        part.Headers.TryAddWithoutValidation("Content-Disposition",
            $"form-data; name=\"attachments\"; filename=\"{name.Replace("\r", "").Replace("\n", "")}\"; filename*=UTF-8''{Uri.EscapeDataString(name)}");
        form.Add(part);
        return form;
    }

    private HttpRequestMessage Post(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/submissions") { Content = content };
        if (_random.Next(3) == 0) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        if (_random.Next(4) == 0) request.Headers.Add("Idempotency-Key", Pick(["k", "<script>", new string('k', 5000), "..\\..", Guid.NewGuid().ToString()]));
        return request;
    }

    public static IEnumerable<KeyValuePair<string, string>> Flat(Dictionary<string, object?> fields)
        => fields.Where(kv => kv.Value is string or string[]).Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value is string[] a ? string.Join(" ", a) : (string)kv.Value!));

    private T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];

    private byte[] RandomBytesOf(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    private static string Escape(string s) => string.Concat(s.Take(60).Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
