using System.Globalization;
using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Functions.Intake;
using Disclosure.Items;
using Disclosure.Publishing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Publishing;

/// <summary>
/// <c>POST /api/submissions/{id}/retry-publication</c>: a reviewer or administrator 重新发布 a 发布失败 item once the
/// fault is fixed. A form (from the status page or the review queue; optional <c>version</c>) is answered with 303 to
/// the item's status page; JSON callers (optional <c>{"version":n}</c>) get the item's new state. 409 when the item is not
/// 发布失败 (problem+json, or a Chinese page for browsers).
/// </summary>
public class RetryPublication(HttpWorkbench workbench, PublicationFailures failures)
{
    private sealed record Body(int? Version);

    [Function(nameof(RetryPublication))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "submissions/{id}/retry-publication")] HttpRequest req, string id, CancellationToken ct)
        => workbench.RunForReviewers(req, PublicationFailureTexts.OnlyReviewers, async who =>
        {
            var html = req.HasFormContentType || Responses.WantsHtml(req);
            int? version = null;
            try
            {
                if (req.HasFormContentType)
                {
                    var form = await req.ReadFormAsync(ct);
                    if (int.TryParse(form["version"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)) version = v;
                }
                else if (req.ContentLength is > 0 || req.Headers.TransferEncoding.Count > 0)
                {
                    version = (await JsonSerializer.DeserializeAsync<Body>(req.Body, JsonSerializerOptions.Web, ct))?.Version;
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or JsonException or BadHttpRequestException)
            {
                return Responses.Problem(StatusCodes.Status400BadRequest, "请求格式有误", "请求正文可以为空，或为 JSON：{\"version\":版本号}，或为含 version 字段的表单。");
            }

            var result = await failures.RetryAsync(who, id, version, ct);
            return result switch
            {
                // Post/Redirect/Get: the browser lands on the status page, so a refresh never posts again.
                RetryPublicationResult.Retried r when html => Responses.SeeOther($"{SubmissionAnswers.StatusUrl(r.Item.Id)}?notice={SubmissionAnswers.RetriedNotice}"),
                RetryPublicationResult.Retried r => new OkObjectResult(new
                {
                    id = r.Item.Id, version = r.Item.Version, state = r.Item.State.ToString(), stateName = r.Item.State.ToChinese(),
                    status = SubmissionAnswers.StatusUrl(r.Item.Id),
                }),
                RetryPublicationResult.NotFound => Answer(who, id, html, StatusCodes.Status404NotFound, "不存在", "找不到该信息。"),
                RetryPublicationResult.Forbidden f => Answer(who, id, html, StatusCodes.Status403Forbidden, "无权操作", f.Reason),
                RetryPublicationResult.Conflict c => Answer(who, id, html, StatusCodes.Status409Conflict, "无法重新发布", c.Reason),
                _ => throw new InvalidOperationException(result.ToString()),
            };
        });

    private IActionResult Answer(Identity.Principal who, string id, bool html, int status, string title, string text)
        => html
            ? workbench.Page(who, "message", title, new Workbench.MessageModel(text, SubmissionAnswers.StatusUrl(Uri.EscapeDataString(id)), "返回信息状态页"), status)
            : Responses.Problem(status, title, text);
}
