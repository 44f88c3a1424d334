using Disclosure.Applications;
using Disclosure.Applications.Letters;
using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Applications;

/// <summary>
/// <c>GET /api/applications/{id}/letters/{eventId}</c> (the disclosure office): the letter the event calls for as a DOCX
/// attachment named in Chinese (RFC 6266/5987 <c>filename*=UTF-8''</c>). It carries the applicant's name, so only the
/// office, which sees the applicant in full, may download it; the letter is composed afresh from the record each time.
/// </summary>
public class DownloadApplicationLetter(ApplicationService applications, CatalogueSettings catalogue, HttpWorkbench workbench, TimeProvider time)
{
    [Function(nameof(DownloadApplicationLetter))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/{id}/letters/{eventId}")] HttpRequest req,
        string id, string eventId, CancellationToken ct)
        => workbench.RunForReviewers(req, "只有政府信息公开工作机构可以下载申请的告知书和答复书。", async _ =>
        {
            if (await applications.GetAsync(id, ct) is not { } application) return Responses.NotFound("找不到该申请。");
            if (ApplicationLetters.Compose(application, eventId, applications.Clock, catalogue.Agency) is not { } letter)
                return Responses.NotFound("该申请没有这一事件，或这一事件无需书面告知（只有补正、延期、收费、征求第三方意见和答复有文书）。");
            req.HttpContext.Response.Headers.CacheControl = "private, no-store";
            return new FileContentResult(LetterDocx.Write(letter, time.GetUtcNow()), LetterDocx.ContentType) { FileDownloadName = letter.FileName };
        });
}
