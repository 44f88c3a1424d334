using System.Text;
using Disclosure.Catalogue;
using Disclosure.Intake;
using Disclosure.Items;

namespace Disclosure.Compliance;

/// <summary>What a preflight found: the findings with masked context, and what the check would decide; or why the file could not be read.</summary>
public sealed record PreflightResult(string Source, IReadOnlyList<FindingInContext> Findings, ReviewDecision? Decision, string? Refusal)
{
    public static PreflightResult Refused(string source, string reason) => new(source, [], null, reason);
}

/// <summary>
/// A department checks a draft before submitting (the same local text rules as the real check, with the column's
/// settings when one is named). Nothing is stored, logged or sent anywhere: the text is exactly what must not leak.
/// </summary>
public sealed class PreflightCheck(LocalRuleSet rules, ITextExtractor extractor, CatalogueSettings catalogue)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public PreflightResult CheckText(string text, string? columnCode, DisclosureAttribute attribute = DisclosureAttribute.Proactive)
    {
        var source = TextSource.Body(text);
        return Result(source.Name, [source], [], columnCode, attribute);
    }

    public async Task<PreflightResult> CheckFileAsync(string fileName, byte[] content, string? columnCode, CancellationToken ct)
    {
        var name = TextSource.AttachmentName(SafeName(fileName));
        using var stream = new MemoryStream(content, writable: false);
        var detection = AttachmentTypes.Detect(stream, fileName);
        if (!detection.IsAllowed)
        {
            // Plain text is not an attachment type, but a clerk may well want to check a .txt draft.
            if (content.Length > 0 && TryDecodeText(content) is { } text)
                return Result(name, [new TextSource(name, text)], [], columnCode, DisclosureAttribute.Proactive);
            return PreflightResult.Refused(name, detection.RefusalReason ?? "");
        }
        stream.Position = 0;
        var extracted = await extractor.ExtractAsync(stream, detection.Type!.ContentType, ct);
        var sources = extracted.Text.Length > 0 ? new List<TextSource> { new(name, extracted.Text) } : [];
        var unextractable = extracted.IsComplete ? new List<UnextractableSource>() : [new UnextractableSource(name, extracted.IncompleteReason ?? "")];
        var pictures = extracted.Pictures.HasPictures ? [new AttachmentPictures("", name, extracted.Pictures)] : new List<AttachmentPictures>();
        return Result(name, sources, unextractable, columnCode, DisclosureAttribute.Proactive, pictures);
    }

    private PreflightResult Result(string name, IReadOnlyList<TextSource> sources, IReadOnlyList<UnextractableSource> unextractable,
        string? columnCode, DisclosureAttribute attribute, IReadOnlyList<AttachmentPictures>? pictures = null)
    {
        var column = catalogue.FindColumn(columnCode);
        var findings = rules.Scan(sources, new RuleContext(attribute, column)).Concat(unextractable.Select(LocalRuleSet.Unextractable))
            .Concat((pictures ?? []).Select(LocalRuleSet.Pictures)).ToList();
        return new PreflightResult(name, FindingContext.For(findings, sources), ReviewOutcome.Decide(findings, column), null);
    }

    private static string? TryDecodeText(byte[] content)
    {
        try
        {
            var text = StrictUtf8.GetString(content);
            return text.Contains('\0') ? null : text.TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string SafeName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        return name.Length == 0 ? "上传文件" : name;
    }
}
