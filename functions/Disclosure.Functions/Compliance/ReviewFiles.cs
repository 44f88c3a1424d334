using System.Globalization;
using Disclosure.Compliance;
using Disclosure.Functions.Http;
using Disclosure.Publishing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Compliance;

/// <summary>
/// <c>GET /api/reviews/{id}/attachments/{attachmentId}</c> and <c>…/pictures/{number}</c>: the files the review queue
/// links to, for reviewers, administrators and the owning department. Only JPEG, PNG, GIF, BMP, TIFF and WebP (read from
/// the bytes) are shown in the browser; anything else downloads as application/octet-stream. Never cached by anyone but
/// the person who asked: these are unpublished files that may hold personal data.
/// </summary>
public class ReviewFiles(ReviewAttachments files, HttpWorkbench web)
{
    [Function("ReviewAttachment")]
    public Task<IActionResult> Attachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reviews/{id}/attachments/{attachmentId}")] HttpRequest req,
        string id, string attachmentId, CancellationToken ct)
        => web.Run(req, async who => Answer(req, who, await files.OpenAttachmentAsync(who, id, attachmentId, ct)));

    [Function("ReviewPicture")]
    public Task<IActionResult> Picture(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reviews/{id}/attachments/{attachmentId}/pictures/{number}")] HttpRequest req,
        string id, string attachmentId, string number, CancellationToken ct)
        => web.Run(req, async who => int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? Answer(req, who, await files.ReadPictureAsync(who, id, attachmentId, n, ct))
            : web.Message(who, req, StatusCodes.Status404NotFound, "不存在", ReviewAttachments.NoSuchPicture));

    private IActionResult Answer(HttpRequest req, Identity.Principal who, ReviewFile file)
    {
        var response = req.HttpContext.Response;
        switch (file)
        {
            case ReviewFile.File { Content: var content, Details: var attachment }:
                Private(response);
                if (PictureFormats.IsShownInline(attachment.ContentType)) return new FileStreamResult(content, attachment.ContentType);
                response.Headers.ContentDisposition = AttachmentHeaders.ContentDisposition(attachment.FileName);
                return new FileStreamResult(content, PictureFormats.Download);
            case ReviewFile.Picture { MediaType: { } mediaType, Bytes: var bytes }:
                Private(response);
                return new FileContentResult(bytes, mediaType);
            case ReviewFile.Picture { Bytes: var bytes, DownloadName: var name }:
                Private(response);
                response.Headers.ContentDisposition = AttachmentHeaders.ContentDisposition(name);
                return new FileContentResult(bytes, PictureFormats.Download);
            case ReviewFile.TooLarge { Limit: var limit }:
                return web.Message(who, req, StatusCodes.Status422UnprocessableEntity, "图片过大",
                    string.Format(CultureInfo.InvariantCulture, ReviewFileTexts.PictureTooLarge, limit / (1024 * 1024)));
            case ReviewFile.NotFound { Detail: var detail }:
                return web.Message(who, req, StatusCodes.Status404NotFound, "不存在", detail);
            default:
                return web.Message(who, req, StatusCodes.Status403Forbidden, "无权访问", ReviewFileTexts.OnlyStaff);
        }
    }

    private static void Private(HttpResponse response) => response.Headers.CacheControl = "private, no-store";
}

internal static class ReviewFileTexts
{
    public const string OnlyStaff = "只有审核人员、管理员和报送处室可以查看该信息的附件和图片。";
    public const string PictureTooLarge = "图片超过 {0} MiB，不在网页中打开，请打开所在附件查看。";
}
