using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Disclosure.Compliance;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;

namespace Disclosure.Integration.Tests.Compliance;

/// <summary>
/// Issue 15, "Images are reviewed", end to end through the local host and Azurite: an item whose DOCX carries an
/// embedded photograph goes to a person (Art. 17), and the reviewer opens the photograph from the queue; the public
/// and other departments cannot.
/// </summary>
public partial class ComplianceFlowTests
{
    /// <summary>A grey 4×4 PNG with real CRCs: the photograph a clerk pasted into the form.</summary>
    private static byte[] Photo()
    {
        var raw = new byte[4 * (1 + 4 * 3)];
        for (var i = 0; i < raw.Length; i++) raw[i] = (byte)(i % 13 == 0 ? 0 : 0x7F);
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(raw);
        return PngFile.Rgb(4, 4, compressed.ToArray());
    }

    /// <summary>A DOCX, written part by part as Word lays it out, whose body draws <paramref name="photo"/>.</summary>
    private static byte[] DocxWithPhoto(byte[] photo)
    {
        static byte[] Utf8(string s) => new UTF8Encoding(false).GetBytes(s);
        var parts = new Dictionary<string, byte[]>
        {
            ["[Content_Types].xml"] = Utf8("""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"""),
            ["_rels/.rels"] = Utf8("""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""),
            ["word/document.xml"] = Utf8("""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body><w:p><w:r><w:t>附件：获奖人员现场照片</w:t></w:r></w:p><w:p><w:r><w:drawing><wp:inline><wp:extent cx="990000" cy="792000"/><wp:docPr id="1" name="图片 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rId7"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p></w:body></w:document>"""),
            ["word/_rels/document.xml.rels"] = Utf8("""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>"""),
            ["word/media/image1.png"] = photo,
        };
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in parts)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(data);
            }
        }
        return buffer.ToArray();
    }

    [Fact]
    public async Task A_docx_with_an_embedded_photo_goes_to_a_person_who_opens_the_photo_from_the_queue()
    {
        var photo = Photo();
        var submitted = await SubmitAsync(Draft("关于科技活动周获奖人员的通知", files: new UploadedFile("获奖人员.docx", DocxWithPhoto(photo))));
        var item = await WaitForStateAsync(submitted.Id, ItemState.AwaitingReview);
        var attachment = Assert.Single(item.Attachments);

        // The queue, as JSON: the finding that sent it here, and the picture's link.
        using var reviewer = Reviewer();
        // Other tests' items wait in the queue too, which comes a page at a time: this test's item is asked for by its title.
        var ownItem = "/api/reviews?title=" + Uri.EscapeDataString("关于科技活动周获奖人员的通知");
        using var json = new HttpRequestMessage(HttpMethod.Get, ownItem);
        json.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var queue = JsonDocument.Parse(await (await reviewer.SendAsync(json)).Content.ReadAsStringAsync());
        var entry = queue.RootElement.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("id").GetString() == item.Id);
        var finding = entry.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == RuleIds.EmbeddedPictures);
        Assert.Equal("附件含图片（共1张），须人工审查其中是否有个人信息或涉密内容", finding.GetProperty("message").GetString());
        Assert.Equal("附件：获奖人员.docx", finding.GetProperty("source").GetString());
        var file = Assert.Single(entry.GetProperty("attachments").EnumerateArray());
        Assert.Equal(1, file.GetProperty("pictureCount").GetInt32());

        // The queue, as the reviewer's page: the links to the attachment and to the picture.
        using var page = new HttpRequestMessage(HttpMethod.Get, ownItem);
        page.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var html = WebUtility.HtmlDecode(await (await reviewer.SendAsync(page)).Content.ReadAsStringAsync());
        var attachmentLink = $"/api/reviews/{item.Id}/attachments/{attachment.Id}";
        var pictureLink = attachmentLink + "/pictures/1";
        Assert.Contains($"href=\"{pictureLink}\"", html);
        Assert.Contains($"href=\"{attachmentLink}\"", html);
        Assert.Equal(pictureLink, file.GetProperty("pictures")[0].GetProperty("link").GetString());

        // The reviewer opens the picture: the photograph's own bytes, as an image the browser may only show as PNG.
        var shown = await reviewer.GetAsync(pictureLink);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("image/png", shown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(photo, await shown.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", shown.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("no-store", shown.Headers.CacheControl?.ToString());

        // The attachment itself downloads (a DOCX is never rendered by the browser).
        var downloaded = await reviewer.GetAsync(attachmentLink);
        Assert.Equal(HttpStatusCode.OK, downloaded.StatusCode);
        Assert.Equal("application/octet-stream", downloaded.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", downloaded.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("获奖人员.docx", downloaded.Content.Headers.ContentDisposition?.FileNameStar);

        // The owning department may look too; the public and another department may not.
        using var owner = As("王科员", Department, Role.Submitter);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(pictureLink)).StatusCode);
        using var signedInWithoutDepartment = As("访客", null, "Guest");
        Assert.Equal(HttpStatusCode.Forbidden, (await signedInWithoutDepartment.GetAsync(pictureLink)).StatusCode);
        using var other = As("赵科员", "cws", Role.Submitter);
        var refused = await other.GetAsync(pictureLink);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(attachmentLink)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync(attachmentLink + "/pictures/2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync(attachmentLink + "/pictures/x")).StatusCode);

        // Nothing of it is on the portal: the item is not published, and the files are served from the content store.
        using var visitor = new HttpClient { BaseAddress = Host.BaseAddress };
        var portal = await (await visitor.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(item.Id, portal);
        Assert.DoesNotMatch(new Regex("/api/reviews/[^\"]+/pictures"), portal);

        // The public, with no identity: the Development host signs everyone in as its developer, so ask a production one.
        await using var production = await TestHosts.StartAsync(runQueues: false, environment: "Production");
        using var anonymous = production.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(pictureLink)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(attachmentLink)).StatusCode);
    }
}
