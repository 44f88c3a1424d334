using System.Text.Json;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Compliance;

/// <summary>
/// A department checks a draft before submitting: JSON <c>{"text":"…","column":"…"}</c>, a form with <c>text</c>, or a
/// multipart upload of one file. Answers the findings (masked) and what the check would decide; stores nothing.
/// </summary>
public class Preflight(PreflightCheck preflight, HttpWorkbench web, CatalogueSettings catalogue)
{
    private sealed record Body(string? Text, string? Column);

    [Function(nameof(Preflight))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "checks")] HttpRequest req, CancellationToken ct)
        => web.Run(req, _ => CheckAsync(req, ct));

    private async Task<IActionResult> CheckAsync(HttpRequest req, CancellationToken ct)
    {
        if (req.ContentLength > catalogue.Attachments.MaxFileBytes + 64 * 1024)
            return TooLarge();

        PreflightResult result;
        if (ReviewHttp.IsForm(req))
        {
            var form = await req.ReadFormAsync(ct);
            var column = form["column"].ToString();
            if (form.Files.Count > 0)
            {
                var file = form.Files[0];
                if (file.Length > catalogue.Attachments.MaxFileBytes) return TooLarge();
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                result = await preflight.CheckFileAsync(file.FileName, buffer.ToArray(), column, ct);
            }
            else if (form["text"].ToString() is { Length: > 0 } text)
            {
                result = preflight.CheckText(text, column);
            }
            else
            {
                return Missing();
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
            return Responses.Problem(StatusCodes.Status415UnsupportedMediaType, "无法检查该文件", result.Refusal);
        return new OkObjectResult(new
        {
            source = result.Source,
            decision = result.Decision?.ToString(),
            decisionName = result.Decision?.ToChinese(),
            findings = result.Findings.Select(ReviewHttp.Finding),
        });
    }

    private static IActionResult Missing() => Responses.ValidationProblem([new Disclosure.Intake.FieldError("text", "请填写要检查的文字，或上传一个文件。")]);

    private IActionResult TooLarge() => Responses.Problem(StatusCodes.Status413PayloadTooLarge, "文件过大",
        $"单个文件不能超过 {catalogue.Attachments.MaxFileBytes / 1024 / 1024} MB。");
}
