using System.Globalization;
using System.Text.Json.Serialization;
using Disclosure.Intake;

namespace Disclosure.Applications;

/// <summary>
/// One identity-proof file an applicant attached (Art. 29: 申请人的身份证明). The record keeps only what it is; the bytes
/// live in private blob storage apart from everything the portal publishes, under <c>{applicationId}/{Id}</c>.
/// </summary>
public sealed record IdentityProof(string Id, string FileName, string ContentType, long Length);

/// <summary>
/// A file as the form (<see cref="Content"/>) or the JSON API (<see cref="ContentBase64"/>) sent it, before it is checked.
/// </summary>
public sealed record IdentityProofUpload
{
    public string? FileName { get; init; }
    public string? ContentBase64 { get; init; }
    /// <summary>The bytes of a multipart upload; the JSON API sends <see cref="ContentBase64"/> instead.</summary>
    [JsonIgnore]
    public byte[]? Content { get; init; }
}

/// <summary>A checked file, ready to be stored.</summary>
public sealed record AcceptedIdentityProof(IdentityProof Proof, byte[] Content);

/// <summary>Where identity proofs are kept: private storage only the office's download reads; never the portal's.</summary>
public interface IIdentityProofStore
{
    /// <summary>Stores (or overwrites: a retry of one registration writes the same names) one file.</summary>
    Task PutAsync(string applicationId, IdentityProof proof, byte[] content, CancellationToken ct);
    /// <summary>The file, or null when it is not (or no longer) stored.</summary>
    Task<Stream?> OpenAsync(string applicationId, string proofId, CancellationToken ct);
    /// <summary>Deletes every file of the application; deleting what is gone is no error. Returns how many were deleted.</summary>
    Task<int> DeleteAllAsync(string applicationId, CancellationToken ct);
    /// <summary>The names of the files stored for the application.</summary>
    Task<IReadOnlyList<string>> ListAsync(string applicationId, CancellationToken ct);
}

/// <summary>
/// What an applicant may attach as identity proof: a scan or a photo of an identity document, so PDF, JPEG or PNG, told
/// by the bytes (a renamed file is what it is, not what its name says), at most <see cref="MaxFiles"/> files of
/// <see cref="MaxFileBytes"/> each. Nothing is stored until every file and every other field is acceptable.
/// </summary>
public static class IdentityProofRules
{
    public const string Field = "identityProof";
    public const string Label = "身份证明材料";
    public const int MaxFiles = 3;
    public const int MaxFileBytes = 5 * 1024 * 1024;
    public const int MaxFileNameLength = 100;

    /// <summary>The most a body with proofs may carry: the files (base64 in JSON is 4/3 of them) and room for the fields.</summary>
    public const long MaxBodyBytes = MaxFiles * (long)MaxFileBytes * 4 / 3 + 64 * 1024;

    public static readonly IReadOnlyList<AttachmentType> Types = [AttachmentTypes.Pdf, AttachmentTypes.Jpeg, AttachmentTypes.Png];

    public static string Hint => string.Create(CultureInfo.InvariantCulture,
        $"可选。身份证件的扫描件或照片，PDF、JPEG 或 PNG 格式，最多 {MaxFiles} 个文件，每个不超过 {MaxFileBytes / 1024 / 1024} MB。仅供办理本申请的工作人员查看，不会公开。");

    /// <summary>The files as they will be stored, or every problem in Chinese (field <see cref="Field"/>).</summary>
    public static (IReadOnlyList<AcceptedIdentityProof> Accepted, IReadOnlyList<FieldError> Errors) Check(IReadOnlyList<IdentityProofUpload>? uploads)
    {
        var accepted = new List<AcceptedIdentityProof>();
        var errors = new List<FieldError>();
        // A file input left empty still sends a part with no name and no bytes: that is no file.
        var files = (uploads ?? []).Where(u => !string.IsNullOrEmpty(u.FileName) || u.Content is { Length: > 0 } || !string.IsNullOrEmpty(u.ContentBase64)).ToList();
        if (files.Count > MaxFiles)
        {
            errors.Add(new FieldError(Field, string.Create(CultureInfo.InvariantCulture, $"{Label}最多 {MaxFiles} 个文件，本次提交了 {files.Count} 个。")));
            return ([], errors);
        }
        foreach (var upload in files)
        {
            var name = InputText.Clean(upload.FileName);
            var shown = name.Length == 0 ? "未命名文件" : name;
            if (name.Length > MaxFileNameLength || InputText.Problem(Label, name) is not null)
            {
                errors.Add(new FieldError(Field, $"{Label}的文件名过长或含有不允许的字符，请重命名后重新选择。"));
                continue;
            }
            var content = upload.Content ?? FromBase64(upload.ContentBase64);
            if (content is null)
            {
                errors.Add(new FieldError(Field, $"{Label}“{shown}”的内容不是有效的 base64。"));
                continue;
            }
            if (content.Length == 0)
            {
                errors.Add(new FieldError(Field, $"{Label}“{shown}”是空文件。"));
                continue;
            }
            if (content.Length > MaxFileBytes)
            {
                errors.Add(new FieldError(Field, string.Create(CultureInfo.InvariantCulture, $"{Label}“{shown}”超过 {MaxFileBytes / 1024 / 1024} MB，请压缩或降低分辨率后重新选择。")));
                continue;
            }
            var type = TypeOf(content);
            if (type is null)
            {
                errors.Add(new FieldError(Field, $"{Label}“{shown}”不是 PDF、JPEG 或 PNG 文件（按文件内容识别，修改扩展名无效）。"));
                continue;
            }
            var id = string.Create(CultureInfo.InvariantCulture, $"proof-{accepted.Count + 1}{type.Extension}");
            accepted.Add(new AcceptedIdentityProof(new IdentityProof(id, name.Length == 0 ? id : name, type.ContentType, content.Length), content));
        }
        return errors.Count > 0 ? ([], errors) : (accepted, []);
    }

    /// <summary>PDF, JPEG or PNG by the file's first bytes; null for anything else.</summary>
    public static AttachmentType? TypeOf(ReadOnlySpan<byte> content) => AttachmentTypes.Classify(content[..Math.Min(content.Length, AttachmentTypes.HeaderLength)]) switch
    {
        AttachmentTypes.Signature.Pdf => AttachmentTypes.Pdf,
        AttachmentTypes.Signature.Jpeg => AttachmentTypes.Jpeg,
        AttachmentTypes.Signature.Png => AttachmentTypes.Png,
        _ => null,
    };

    private static byte[]? FromBase64(string? text)
    {
        if (text is null) return null;
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
