using Disclosure.Compliance;
using Microsoft.AspNetCore.Http;

namespace Disclosure.Functions.Compliance;

/// <summary>What the review and preflight functions share: the JSON shape of a finding and of an attachment with its pictures, whether the request is a form.</summary>
internal static class ReviewHttp
{
    public static object Finding(FindingInContext f) => new
    {
        ruleId = f.Finding.RuleId,
        severity = f.Finding.Severity.ToString(),
        severityName = f.Finding.Severity.ToChinese(),
        source = f.Finding.Source,
        offset = f.Finding.Offset,
        length = f.Finding.Length,
        maskedExcerpt = f.Finding.MaskedExcerpt,
        before = f.Before,
        after = f.After,
        message = f.Finding.Message,
        advice = f.Finding.Advice,
    };

    public static bool IsForm(HttpRequest req) => req.HasFormContentType;

    public static object File(string itemId, Disclosure.Items.Attachment attachment, ComplianceRecord record)
    {
        var pictures = record.Pictures.FirstOrDefault(p => p.AttachmentId == attachment.Id)?.Pictures ?? PictureInventory.None;
        return new
        {
            id = attachment.Id,
            fileName = attachment.FileName,
            contentType = attachment.ContentType,
            length = attachment.Length,
            link = ReviewAttachments.AttachmentLink(itemId, attachment.Id),
            pictureCount = pictures.Count,
            picturePages = pictures.Pages,
            pictures = pictures.Listed.Select(p => new
            {
                number = p.Number,
                part = p.Part,
                page = p.Page,
                link = p.CanOpen ? ReviewAttachments.PictureLink(itemId, attachment.Id, p.Number) : null,
            }),
        };
    }
}
