using System.Text.Json;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Compliance;

/// <summary>
/// A department checks a draft before submitting: JSON <c>{"text":"…","column":"…"}</c>, a form with <c>text</c>, or a
/// multipart upload of one file. Answers the findings (masked) and what the check would decide; stores nothing. A
/// browser (the preflight page's form) gets the page back with the findings in context.
/// </summary>
public class Preflight(PreflightCheck preflight, HttpWorkbench web, CatalogueSettings catalogue)
{
    private sealed record Body(string? Text, string? Column);

    private const string MissingText = "请填写要检查的文字，或上传一个文件。";

    [Function(nameof(Preflight))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "checks")] HttpRequest req, CancellationToken ct)
        => web.Run(req, who => CheckAsync(req, who, ct));

    private async Task<IActionResult> CheckAsync(HttpRequest req, Principal who, CancellationToken ct)
    {
        var page = Responses.WantsHtml(req);
        if (req.ContentLength > catalogue.Attachments.MaxFileBytes + 64 * 1024)
            return page ? Page(who, StatusCodes.Status413PayloadTooLarge, "", "", PreflightPageModel.FileFieldId, TooLargeText) : TooLarge();

        PreflightResult result;
        string column = "", text = "";
        if (ReviewHttp.IsForm(req))
        {
            var form = await req.ReadFormAsync(ct);
            column = form["column"].ToString();
            text = form["text"].ToString();
            // A browser sends the page's empty file field as a part without content: that is no upload.
            var file = form.Files.FirstOrDefault(f => f.Length > 0);
            if (file is not null)
            {
                if (file.Length > catalogue.Attachments.MaxFileBytes)
                    return page ? Page(who, StatusCodes.Status413PayloadTooLarge, column, text, PreflightPageModel.FileFieldId, TooLargeText) : TooLarge();
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                result = await preflight.CheckFileAsync(file.FileName, buffer.ToArray(), column, ct);
            }
            else if (text.Length > 0)
            {
                result = preflight.CheckText(text, column);
            }
            else
            {
                return page ? Page(who, StatusCodes.Status400BadRequest, column, text, PreflightPageModel.TextFieldId, MissingText) : Missing();
            }
        }
        else
        {
            Body? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<Body>(req.Body, JsonSerializerOptions.Web, ct);
            }
            catch (JsonException)
            {
                return Missing();
            }
            if (string.IsNullOrEmpty(body?.Text)) return Missing();
            result = preflight.CheckText(body.Text, body.Column);
        }

        if (result.Refusal is not null)
            return page
                ? Page(who, StatusCodes.Status415UnsupportedMediaType, column, text, PreflightPageModel.FileFieldId, "无法检查该文件：" + result.Refusal)
                : Responses.Problem(StatusCodes.Status415UnsupportedMediaType, "无法检查该文件", result.Refusal);
        if (page)
            return web.Page(who, PreflightPageModel.Template, PreflightPageModel.Title, PreflightPageModel.Result(catalogue, column, text, result));
        return new OkObjectResult(new
        {
            source = result.Source,
            decision = result.Decision?.ToString(),
            decisionName = result.Decision?.ToChinese(),
            findings = result.Findings.Select(ReviewHttp.Finding),
        });
    }

    private IActionResult Page(Principal who, int status, string column, string text, string field, string error)
        => web.Page(who, PreflightPageModel.Template, PreflightPageModel.Title,
            PreflightPageModel.Form(catalogue, column, text, [new FormError(field, error)]), status);

    private static IActionResult Missing() => Responses.ValidationProblem([new FieldError("text", MissingText)]);

    private string TooLargeText => $"单个文件不能超过 {catalogue.Attachments.MaxFileBytes / 1024 / 1024} MB。";

    private IActionResult TooLarge() => Responses.Problem(StatusCodes.Status413PayloadTooLarge, "文件过大", TooLargeText);
}

/// <summary><c>GET /api/checks/new</c>: the preflight page, to paste text or upload a file and see what the check would find.</summary>
public class PreflightForm(HttpWorkbench web, CatalogueSettings catalogue)
{
    [Function(nameof(PreflightForm))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "checks/new")] HttpRequest req)
        => web.Run(req, who => Task.FromResult(web.Page(who, PreflightPageModel.Template, PreflightPageModel.Title, PreflightPageModel.Form(catalogue))));
}
