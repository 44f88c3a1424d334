using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Items;

namespace Disclosure.Intake;

/// <summary>A submission that passed every intake rule, ready to be stored.</summary>
public sealed record ValidSubmission(
    string Title, Column Column, string Genre, string Publisher, Department Department, string? DocumentNumber,
    DateOnly FormedOn, DisclosureAttribute Attribute, DisclosureScope Scope, DateOnly? PublicUntil, Validity Validity,
    IReadOnlyList<string> Keywords, string Summary, string Body, BodyFormat BodyFormat, Relation Relation,
    DisclosureItem? RelatedItem, IReadOnlyList<CheckedFile> Attachments)
{
    /// <summary>The dates the legal deadlines count from (Deadlines), and whether the document is reposted (转发).</summary>
    public DeadlineDates Dates { get; init; } = new();
    /// <summary>施行日期, when the document states one.</summary>
    public DateOnly? EffectiveFrom { get; init; }
    /// <summary>有效期: the last day in force, when the document states one.</summary>
    public DateOnly? ValidUntil { get; init; }
}

/// <summary>批复日期, 决定日期, 公示开始日期, 转发 and 收到日期 as submitted: each optional, each the start of a deadline rule.</summary>
public sealed record DeadlineDates(DateOnly? ApprovedOn = null, DateOnly? DecidedOn = null, DateOnly? NoticeStartsOn = null,
    bool Reposted = false, DateOnly? ReceivedOn = null);

/// <summary>An attachment whose type was read from its content and whose name was made safe.</summary>
public sealed record CheckedFile(string FileName, AttachmentType Type, byte[] Content);

/// <summary>
/// The intake rules (catalogue.md, regulations.md): required fields, values from the configured catalogue, the
/// GB/T 9704 文号 form, dates, links to related items, and attachment types and sizes. Every error names its field.
/// </summary>
public sealed partial class SubmissionValidator(CatalogueSettings catalogue, IItemStore items, TimeProvider time)
{
    public const int MaxTitleLength = 200;
    public const int MaxSummaryLength = 1000;
    public const int MaxKeywords = 10;
    public const int MaxBodyLength = 1_000_000;
    /// <summary>发布机构 is an agency's name; the longest real ones are a few dozen characters.</summary>
    public const int MaxPublisherLength = 100;
    /// <summary>A 主题词 is a term, not a sentence (GB/T 33482 metadata).</summary>
    public const int MaxKeywordLength = 40;
    /// <summary>A 文号 is an issuer's abbreviation, a year and a serial: a few dozen characters at most.</summary>
    public const int MaxDocumentNumberLength = 100;

    /// <summary>
    /// The longest value each other metadata field may have: a code, a date or a choice. Every field has a limit, so that
    /// nothing a person sends is too big for the item's row in Table Storage or too costly to check.
    /// </summary>
    private static readonly Dictionary<string, int?> MetadataLimits = new()
    {
        [SubmissionFields.Title] = null,          // its own rule below (MaxTitleLength)
        [SubmissionFields.Column] = 64,
        [SubmissionFields.Genre] = 50,
        [SubmissionFields.Publisher] = null,      // MaxPublisherLength
        [SubmissionFields.Department] = 64,
        [SubmissionFields.DocumentNumber] = MaxDocumentNumberLength,
        [SubmissionFields.FormedOn] = 32,
        [SubmissionFields.ApprovedOn] = 32,
        [SubmissionFields.DecidedOn] = 32,
        [SubmissionFields.NoticeStartsOn] = 32,
        [SubmissionFields.Reposted] = 20,
        [SubmissionFields.ReceivedOn] = 32,
        [SubmissionFields.Attribute] = 20,
        [SubmissionFields.Scope] = 20,
        [SubmissionFields.Term] = 20,
        [SubmissionFields.PublicUntil] = 32,
        [SubmissionFields.Validity] = 20,
        [SubmissionFields.EffectiveFrom] = 32,
        [SubmissionFields.ValidUntil] = 32,
        [SubmissionFields.Keywords] = null,       // MaxKeywords of MaxKeywordLength
        [SubmissionFields.Summary] = null,        // MaxSummaryLength, after line endings are normalised
        [SubmissionFields.BodyFormat] = 20,
        [SubmissionFields.Relation] = 20,
        [SubmissionFields.RelatedItem] = 64,
    };

    /// <summary>
    /// Refuses metadata values that are too long or hold control characters, before any other rule (or pattern) sees them;
    /// the draft returned has those fields emptied, and the refused fields are not reported again by the other rules.
    /// </summary>
    private static (SubmissionDraft Draft, List<FieldError> Errors) RefuseUnfitText(SubmissionDraft d)
    {
        var errors = new List<FieldError>();
        string? Check(string field, string? value)
        {
            if (InputText.Problem(SubmissionFields.Label(field), value, MetadataLimits[field]) is not { } problem) return value;
            errors.Add(new FieldError(field, problem));
            return null;
        }
        var summary = d.Summary is null ? null : d.Summary.Replace("\r\n", "\n").Replace('\r', '\n');
        var fit = d with
        {
            Title = Check(SubmissionFields.Title, d.Title), Column = Check(SubmissionFields.Column, d.Column),
            Genre = Check(SubmissionFields.Genre, d.Genre), Publisher = Check(SubmissionFields.Publisher, d.Publisher),
            Department = Check(SubmissionFields.Department, d.Department),
            DocumentNumber = Check(SubmissionFields.DocumentNumber, d.DocumentNumber), FormedOn = Check(SubmissionFields.FormedOn, d.FormedOn),
            ApprovedOn = Check(SubmissionFields.ApprovedOn, d.ApprovedOn), DecidedOn = Check(SubmissionFields.DecidedOn, d.DecidedOn),
            NoticeStartsOn = Check(SubmissionFields.NoticeStartsOn, d.NoticeStartsOn), Reposted = Check(SubmissionFields.Reposted, d.Reposted),
            ReceivedOn = Check(SubmissionFields.ReceivedOn, d.ReceivedOn),
            Attribute = Check(SubmissionFields.Attribute, d.Attribute), Scope = Check(SubmissionFields.Scope, d.Scope),
            Term = Check(SubmissionFields.Term, d.Term), PublicUntil = Check(SubmissionFields.PublicUntil, d.PublicUntil),
            Validity = Check(SubmissionFields.Validity, d.Validity),
            EffectiveFrom = Check(SubmissionFields.EffectiveFrom, d.EffectiveFrom), ValidUntil = Check(SubmissionFields.ValidUntil, d.ValidUntil),
            Keywords = Check(SubmissionFields.Keywords, d.Keywords),
            Summary = Check(SubmissionFields.Summary, summary), BodyFormat = Check(SubmissionFields.BodyFormat, d.BodyFormat),
            Relation = Check(SubmissionFields.Relation, d.Relation), RelatedItem = Check(SubmissionFields.RelatedItem, d.RelatedItem),
        };
        return (fit, errors);
    }

    public async Task<(ValidSubmission? Valid, IReadOnlyList<FieldError> Errors)> ValidateAsync(
        SubmissionDraft d, Principal who, CancellationToken ct)
    {
        var (fit, refused) = RefuseUnfitText(d);
        d = fit;
        var errors = new List<FieldError>(refused);
        void Error(string field, string message)
        {
            if (!refused.Any(r => r.Field == field)) errors.Add(new FieldError(field, message));
        }
        var today = ChinaTime.Today(time);

        var title = Clean(d.Title);
        if (title.Length == 0) Error(SubmissionFields.Title, "请填写标题。");
        else if (title.Length > MaxTitleLength) Error(SubmissionFields.Title, $"标题不能超过 {MaxTitleLength} 个字。");

        var column = catalogue.FindColumn(Clean(d.Column));
        if (column is null) Error(SubmissionFields.Column, "请从目录中选择栏目。");

        var genre = Clean(d.Genre);
        if (genre.Length == 0) Error(SubmissionFields.Genre, "请选择体裁。");
        else if (!catalogue.Genres.Contains(genre)) Error(SubmissionFields.Genre, $"体裁“{genre}”不在目录配置中。");
        else if (column is { Genres.Count: > 0 } && !column.Genres.Contains(genre))
            Error(SubmissionFields.Genre, $"栏目“{column.Name}”可选的体裁为：{string.Join("、", column.Genres)}。");

        var publisher = Clean(d.Publisher);
        if (publisher.Length == 0) publisher = catalogue.Agency.Name;
        else if (publisher.Length > MaxPublisherLength) Error(SubmissionFields.Publisher, $"发布机构不能超过 {MaxPublisherLength} 个字。");

        var departmentCode = Clean(d.Department);
        // A person submits for their own department; only an administrator may name another (the item lifecycle's rule).
        if (departmentCode.Length == 0 || !who.IsAdministrator) departmentCode = who.DepartmentCode ?? (who.IsAdministrator ? departmentCode : "");
        var department = catalogue.FindDepartment(departmentCode);
        if (department is null) Error(SubmissionFields.Department, "无法确定责任处室：您的账号未关联目录中的处室，请联系管理员。");

        var documentNumber = Clean(d.DocumentNumber);
        if (documentNumber.Length > 0 && DocumentNumberRules.Problem(documentNumber) is { } problem)
            Error(SubmissionFields.DocumentNumber, problem);

        var formedOn = ParseDate(d.FormedOn);
        if (string.IsNullOrWhiteSpace(d.FormedOn)) Error(SubmissionFields.FormedOn, "请填写成文日期。");
        else if (formedOn is null) Error(SubmissionFields.FormedOn, "成文日期格式应为 YYYY-MM-DD，例如 2026-03-15。");
        else if (formedOn > today) Error(SubmissionFields.FormedOn, "成文日期不能晚于今天。");

        var dates = DeadlineDatesOf(d, formedOn, today, Error);

        var attribute = ParseChoice(d.Attribute, DisclosureAttribute.Proactive, Enum.GetValues<DisclosureAttribute>(), v => v.ToChinese());
        if (string.IsNullOrWhiteSpace(d.Attribute)) Error(SubmissionFields.Attribute, "请选择公开属性（主动公开、依申请公开或不予公开）。");
        else if (attribute is null) Error(SubmissionFields.Attribute, "公开属性只能是主动公开、依申请公开或不予公开。");

        var scope = string.IsNullOrWhiteSpace(d.Scope) ? DisclosureScope.Public
            : ParseChoice(d.Scope, DisclosureScope.Public, Enum.GetValues<DisclosureScope>(), v => v.ToChinese());
        if (scope is null) Error(SubmissionFields.Scope, "公开范围只能是面向社会或面向申请人。");

        DateOnly? publicUntil = null;
        var term = Clean(d.Term);
        if (term is "限时" or "limited")
        {
            publicUntil = ParseDate(d.PublicUntil);
            if (publicUntil is null) Error(SubmissionFields.PublicUntil, "公开时限为“限时”时，请填写公开截止日期（YYYY-MM-DD）。");
            else if (formedOn is not null && publicUntil <= formedOn) Error(SubmissionFields.PublicUntil, "公开截止日期应晚于成文日期。");
            // An end date already past would make the item recorded only: it could never reach the portal (公开时限).
            else if (publicUntil < today) Error(SubmissionFields.PublicUntil, string.Create(CultureInfo.InvariantCulture, $"公开截止日期不能早于今天（{today:yyyy-MM-dd}）：公开时限已过的信息不会在平台公开。"));
        }
        else if (term is not ("" or "长期" or "long-term")) Error(SubmissionFields.Term, "公开时限只能是长期或限时。");

        var validity = string.IsNullOrWhiteSpace(d.Validity) ? Validity.InForce
            : ParseChoice(d.Validity, Validity.InForce, Enum.GetValues<Validity>(), v => v.ToChinese());
        if (validity is null) Error(SubmissionFields.Validity, "有效性只能是有效、失效、废止或已修订。");

        var (effectiveFrom, validUntil) = CheckValidityPeriod(d, formedOn, validity, today, Error);

        var keywords = Clean(d.Keywords).Split([' ', ',', '，', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct().ToList();
        if (keywords.Count > MaxKeywords) Error(SubmissionFields.Keywords, $"主题词最多 {MaxKeywords} 个。");
        else if (keywords.Any(k => k.Length > MaxKeywordLength)) Error(SubmissionFields.Keywords, $"每个主题词不能超过 {MaxKeywordLength} 个字。");

        var summary = Clean(d.Summary);
        if (summary.Length > MaxSummaryLength) Error(SubmissionFields.Summary, $"内容概述不能超过 {MaxSummaryLength} 个字。");

        var bodyFormat = Clean(d.BodyFormat).ToLowerInvariant() switch
        {
            "" or "text" or "plain" or "纯文本" => BodyFormat.PlainText,
            "html" => BodyFormat.Html,
            _ => (BodyFormat?)null,
        };
        if (bodyFormat is null) Error(SubmissionFields.BodyFormat, "正文格式只能是纯文本（text）或 HTML（html）。");
        var body = InputText.Normalize(d.Body).Trim();
        if (body.Length > MaxBodyLength) Error(SubmissionFields.Body, "正文过长，请将长文档作为附件上传。");
        if (body.Length == 0 && d.Attachments.Count == 0) Error(SubmissionFields.Body, "请填写正文或上传至少一个附件。");

        var relation = ParseChoice(d.Relation, Relation.None, Enum.GetValues<Relation>(), v => v.ToChinese());
        if (string.IsNullOrWhiteSpace(d.Relation)) relation = column?.RequiredRelation ?? Relation.None;
        if (relation is null) Error(SubmissionFields.Relation, "关联关系只能是无、解读、修订或废止。");
        else if (column is { RequiredRelation: not Relation.None } && relation != column.RequiredRelation)
            Error(SubmissionFields.Relation, $"栏目“{column.Name}”的信息必须是对已发布信息的{column.RequiredRelation.ToChinese()}。");

        DisclosureItem? related = null;
        var relatedRef = Clean(d.RelatedItem);
        if (relation is not null and not Relation.None)
        {
            if (relatedRef.Length == 0)
                Error(SubmissionFields.RelatedItem, relation == Relation.Interprets
                    ? "政策解读必须关联所解读的政策文件，请填写其索引号。"
                    : $"{relation.Value.ToChinese()}必须关联原文件，请填写其索引号。");
            else
            {
                related = await ResolveAsync(relatedRef, who, ct);
                if (related is null) Error(SubmissionFields.RelatedItem, $"找不到索引号为“{relatedRef}”的信息。");
            }
        }

        var files = CheckAttachments(d.Attachments, Error);

        if (errors.Count > 0) return (null, errors);
        return (new ValidSubmission(title, column!, genre, publisher, department!, documentNumber.Length > 0 ? documentNumber : null,
            formedOn!.Value, attribute!.Value, scope!.Value, publicUntil, validity!.Value, keywords, summary,
            bodyFormat == BodyFormat.Html ? BodySanitizer.Sanitize(body) : body, bodyFormat!.Value, relation!.Value, related, files)
            {
                Dates = dates,
                EffectiveFrom = effectiveFrom,
                ValidUntil = validUntil,
            }, []);
    }

    /// <summary>
    /// The dates the deadline rules count from (catalogue.json <c>deadlineRules</c>): each optional and a real date; those of
    /// past events (批复, 决定, 收到) not after today. A document marked 转发 needs the day it was received, since its
    /// deadline counts from then (not from the issuer's 成文日期), and that day cannot be before the document was made.
    /// </summary>
    private static DeadlineDates DeadlineDatesOf(SubmissionDraft d, DateOnly? formedOn, DateOnly today, Action<string, string> error)
    {
        DateOnly? Past(string field, string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var label = SubmissionFields.Label(field);
            var date = ParseDate(text);
            if (date is null) error(field, $"{label}格式应为 YYYY-MM-DD，例如 2026-03-15。");
            else if (date > today) error(field, $"{label}不能晚于今天。");
            return date;
        }
        var approved = Past(SubmissionFields.ApprovedOn, d.ApprovedOn);
        var decided = Past(SubmissionFields.DecidedOn, d.DecidedOn);
        DateOnly? noticeStarts = null;
        if (!string.IsNullOrWhiteSpace(d.NoticeStartsOn))
        {
            noticeStarts = ParseDate(d.NoticeStartsOn);
            if (noticeStarts is null) error(SubmissionFields.NoticeStartsOn, "公示开始日期格式应为 YYYY-MM-DD，例如 2026-03-15。");
        }
        var reposted = Clean(d.Reposted).ToLowerInvariant() switch
        {
            "" or "否" or "false" or "no" or "0" => false,
            "是" or "转发" or "true" or "yes" or "on" or "1" => true,
            _ => (bool?)null,
        };
        if (reposted is null) error(SubmissionFields.Reposted, "“转发”只能填是或否。");
        var received = Past(SubmissionFields.ReceivedOn, d.ReceivedOn);
        if (reposted == true && string.IsNullOrWhiteSpace(d.ReceivedOn))
            error(SubmissionFields.ReceivedOn, "转发的文件请填写本机关收到该文件的日期：公开期限自收到之日起计算。");
        else if (received is not null && formedOn is not null && received < formedOn)
            error(SubmissionFields.ReceivedOn, "收到日期不能早于成文日期。");
        return new DeadlineDates(approved, decided, noticeStarts, reposted ?? false, received);
    }

    /// <summary>
    /// 施行日期 and 有效期 of a 行政规范性文件 (or any document that states them): real dates, the 施行日期 not before the
    /// 成文日期, the 有效期 ending after the document takes effect. A document whose 有效期 has already ended cannot be
    /// stated 有效: the portal would show it 失效 (ItemValidity), and the statement would be false from the start.
    /// </summary>
    private static (DateOnly? EffectiveFrom, DateOnly? ValidUntil) CheckValidityPeriod(
        SubmissionDraft d, DateOnly? formedOn, Validity? validity, DateOnly today, Action<string, string> error)
    {
        DateOnly? Date(string field, string? text, string name)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var date = ParseDate(text);
            if (date is null) error(field, $"{name}格式应为 YYYY-MM-DD，例如 2026-03-15。");
            return date;
        }
        var effectiveFrom = Date(SubmissionFields.EffectiveFrom, d.EffectiveFrom, "施行日期");
        var validUntil = Date(SubmissionFields.ValidUntil, d.ValidUntil, "有效期截止日期");

        if (effectiveFrom is { } from && formedOn is { } formed && from < formed)
            error(SubmissionFields.EffectiveFrom, "施行日期不能早于成文日期。");
        if (validUntil is { } until)
        {
            var start = effectiveFrom ?? formedOn;
            if (start is { } s && until < s)
                error(SubmissionFields.ValidUntil, effectiveFrom is null ? "有效期截止日期不能早于成文日期。" : "有效期截止日期不能早于施行日期。");
            else if (until < today && validity == Validity.InForce)
                error(SubmissionFields.ValidUntil, string.Create(CultureInfo.InvariantCulture,
                    $"有效期已于 {until:yyyy-MM-dd} 届满，有效性不能填“有效”：请填“失效”，或核对有效期。"));
        }
        return (effectiveFrom, validUntil);
    }

    private List<CheckedFile> CheckAttachments(IReadOnlyList<UploadedFile> uploads, Action<string, string> error)
    {
        var limits = catalogue.Attachments;
        var files = new List<CheckedFile>();
        if (uploads.Count > limits.MaxFiles) error(SubmissionFields.Attachments, $"附件最多 {limits.MaxFiles} 个。");
        if (uploads.Sum(u => (long)u.Content.Length) > limits.MaxTotalBytes)
            error(SubmissionFields.Attachments, $"附件总大小不能超过 {Megabytes(limits.MaxTotalBytes)}。");
        foreach (var upload in uploads)
        {
            var shownName = SafeFileName.ForDisplay(upload.FileName);
            if (upload.Content.Length == 0) { error(SubmissionFields.Attachments, $"附件“{shownName}”是空文件。"); continue; }
            if (upload.Content.Length > limits.MaxFileBytes)
            {
                error(SubmissionFields.Attachments, $"附件“{shownName}”超过单个文件 {Megabytes(limits.MaxFileBytes)} 的限制。");
                continue;
            }
            using var stream = new MemoryStream(upload.Content, writable: false);
            var detection = AttachmentTypes.Detect(stream, upload.FileName);
            if (detection.Type is null)
            {
                error(SubmissionFields.Attachments, $"附件“{shownName}”：{detection.RefusalReason}");
                continue;
            }
            files.Add(new CheckedFile(SafeFileName.Make(upload.FileName, detection.Type.Extension), detection.Type, upload.Content));
        }
        return files;
    }

    /// <summary>
    /// The related item, if this person may relate to it: an item that has been public (its existence is no secret) or one
    /// their department may see. Another department's unpublished item is answered as absent, with the same words, so
    /// the field cannot be used to learn what other departments are preparing.
    /// </summary>
    private async Task<DisclosureItem?> ResolveAsync(string reference, Principal who, CancellationToken ct)
    {
        DisclosureItem? found = null;
        if (IndexNumber.TryParse(reference, out var number))
            found = (await items.FindByIndexNumberAsync(number, ct))?.Item;
        else if (reference.Length <= 64 && IdPattern().IsMatch(reference))
            found = (await items.GetAsync(reference, ct))?.Item;
        return found is not null && (found.PublishedOn is not null || who.MaySee(found.DepartmentCode)) ? found : null;
    }

    private static string Megabytes(long bytes) => (bytes / 1024d / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " MB";

    private static string Clean(string? s) => InputText.Clean(s);

    private static DateOnly? ParseDate(string? s)
        => DateOnly.TryParseExact(Clean(s), ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy年M月d日"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static T? ParseChoice<T>(string? s, T _, T[] values, Func<T, string> chinese) where T : struct, Enum
    {
        var text = Clean(s);
        foreach (var v in values)
        {
            if (string.Equals(text, v.ToString(), StringComparison.OrdinalIgnoreCase) || text == chinese(v)) return v;
        }
        return null;
    }

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.NonBacktracking)]
    private static partial Regex IdPattern();
}
