using Disclosure.Applications;
using Disclosure.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Applications;

/// <summary>
/// <c>GET /api/applications/{id}/identity-proofs/{proofId}</c> (the disclosure office): an identity-proof file the
/// applicant attached, always as a download (never shown inline, whatever the bytes), never cached. Identity documents
/// are the office's alone: the handling department sees the number masked and gets no file.
/// </summary>
public class DownloadIdentityProof(ApplicationService applications, HttpWorkbench workbench)
{
    [Function(nameof(DownloadIdentityProof))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/{id}/identity-proofs/{proofId}")] HttpRequest req,
        string id, string proofId, CancellationToken ct)
        => workbench.RunForReviewers(req, "只有政府信息公开工作机构可以查看申请人的身份证明材料。", async _ =>
        {
            if (await applications.GetAsync(id, ct) is not { } application
                || await applications.OpenIdentityProofAsync(application, proofId, ct) is not { } file)
                return Responses.NotFound("找不到该身份证明材料（申请不存在，或材料已按保存期限删除）。");
            req.HttpContext.Response.Headers.CacheControl = "private, no-store";
            req.HttpContext.Response.Headers["X-Content-Type-Options"] = "nosniff";
            return new FileStreamResult(file.Content, file.Proof.ContentType) { FileDownloadName = file.Proof.FileName };
        });
}
