using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;

namespace Disclosure.Import;

/// <summary>
/// 历史导入: brings an agency's earlier catalogue in. Every row is checked first with the intake rules
/// (<see cref="SubmissionValidator"/>) and what only an import has (its 索引号, 发布日期 and files); a dry run stops
/// there and writes nothing. The import then keys every item on its 索引号 (the item id is derived from it), so a second
/// run, or a run resumed after an interruption, imports nothing twice; it records its progress after every few rows.
/// Imported items are created through <see cref="ItemLifecycle"/> (历史导入 → 已提交) with their check requested, so the
/// automated checks run on them like on any submission; the 索引号 sequence of each year continues after the highest
/// imported serial, raised before the first item is written.
/// </summary>
public sealed class CatalogueImport(
    CatalogueSettings catalogue, SubmissionValidator validator, IItemStore items, ItemLifecycle lifecycle, IContentStore content,
    IIndexNumberContinuation indexNumbers, IImportCheckpoints checkpoints, TimeProvider time,
    Redirects.LegacyAddressLoad? oldAddresses = null)
{
    /// <summary>Rows between two progress checkpoints: a resumed import repeats at most this many look-ups.</summary>
    public const int CheckpointEvery = 25;

    public Task<ImportSummary> DryRunAsync(ICatalogueTable table, IImportFiles files, Principal importer, CancellationToken ct)
        => RunAsync(table, files, importer, dryRun: true, progress: null, ct);

    public Task<ImportSummary> ImportAsync(ICatalogueTable table, IImportFiles files, Principal importer, IProgress<ImportProgress>? progress, CancellationToken ct)
        => RunAsync(table, files, importer, dryRun: false, progress, ct);

    private async Task<ImportSummary> RunAsync(ICatalogueTable table, IImportFiles files, Principal importer, bool dryRun,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        if (!importer.IsAdministrator) throw new ImportFileException("只有管理员可以导入历史目录。");
        var (map, headerProblems) = CatalogueHeaders.Map(table.Headers);
        if (map is null) throw new ImportFileException($"“{table.FileName}”的表头有误：\n" + string.Join("\n", headerProblems));
        var clock = Stopwatch.StartNew();

        // Pass 1: every row checked, nothing written. What is kept per row is small (its 索引号), not its files.
        var failures = new List<RowFailure>();
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var alreadyThere = new HashSet<int>();
        var passed = new HashSet<string>(StringComparer.Ordinal);
        var highest = new Dictionary<int, int>();
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var rows = 0;
        var oldUrls = new List<Redirects.LegacyAddressRow>();
        foreach (var source in table.Rows)
        {
            ct.ThrowIfCancellationRequested();
            rows++;
            foreach (var cell in source.Cells) hash.AppendData(Encoding.UTF8.GetBytes(cell + "\u001F"));
            var row = CatalogueRow.From(source, map);
            var check = await CheckAsync(row, files, importer, firstRowOf, ct, passed);
            if (check.Failure is { } failure) failures.Add(failure);
            else if (check.AlreadyImported) alreadyThere.Add(row.Number);
            if (check is { Failure: null, Number: { } passing })
            {
                passed.Add(passing.ToString());
                if (row.OriginalUrl is { } oldUrl) oldUrls.Add(new Redirects.LegacyAddressRow(row.Number, oldUrl, passing.ToString()));
            }
            if (check.Number is { } number && check.Failure is null && number.IssuerCode == catalogue.Agency.IssuerCode)
                highest[number.Year] = Math.Max(highest.GetValueOrDefault(number.Year), number.Serial);
        }
        var batch = Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
        if (dryRun)
            return new ImportSummary(table.FileName, batch, true, rows, 0, alreadyThere.Count, failures, 0, clock.Elapsed)
            {
                OldAddresses = await LoadOldAddressesAsync(oldUrls, dryRun: true, importer, table.FileName, ct),
            };

        // New submissions must never be given a number an imported item carries: the sequence moves first.
        foreach (var (year, serial) in highest) await indexNumbers.ContinueAfterAsync(catalogue.Agency.IssuerCode, year, serial, ct);

        var stored = await checkpoints.GetAsync(batch, ct);
        var resumeAfter = stored?.Checkpoint is { Completed: false } open ? open.LastRow : 0;
        var etag = stored?.ETag;
        var failedRows = failures.Select(f => f.Row).ToHashSet();
        int imported = 0, there = 0, done = 0, skipped = 0;
        var lastRow = resumeAfter;
        async Task SaveAsync(bool completed)
            => etag = await checkpoints.SaveAsync(new ImportCheckpoint(batch, table.FileName, lastRow, imported, there, failures.Count, completed,
                importer.Name, time.GetUtcNow()), etag, CancellationToken.None);

        // Pass 2: the rows that passed, in file order (an earlier row may be what a later one repeals).
        foreach (var source in table.Rows)
        {
            ct.ThrowIfCancellationRequested();
            if (source.Number <= resumeAfter) { skipped++; continue; }
            done++;
            lastRow = source.Number;
            if (!failedRows.Contains(source.Number))
            {
                var row = CatalogueRow.From(source, map);
                var (done1, late) = await ImportRowAsync(row, files, importer, table.FileName, batch, ct);
                if (late is not null) failures.Add(late);
                else if (done1) imported++;
                else there++;
            }
            progress?.Report(new ImportProgress(done, rows - skipped, imported, there, failures.Count(f => f.Row <= lastRow && f.Row > resumeAfter), clock.Elapsed));
            if (done % CheckpointEvery == 0) await SaveAsync(completed: false);
        }
        await SaveAsync(completed: true);
        // The old site's addresses go into the redirect book once their items exist; loading them again adds nothing.
        var oldAddressReport = await LoadOldAddressesAsync(oldUrls, dryRun: false, importer, table.FileName, ct);
        return new ImportSummary(table.FileName, batch, false, rows, imported, there, failures, resumeAfter, clock.Elapsed)
        {
            ResumedAfterRowsSkipped = skipped,
            OldAddresses = oldAddressReport,
        };
    }

    /// <summary>The 原网址 column of the rows that passed, as old addresses of the previous site (issue 18's redirects).</summary>
    private async Task<Redirects.LegacyAddressLoadReport?> LoadOldAddressesAsync(
        IReadOnlyList<Redirects.LegacyAddressRow> rows, bool dryRun, Principal importer, string fileName, CancellationToken ct)
        => oldAddresses is null || rows.Count == 0 ? null : await oldAddresses.LoadAsync(rows, dryRun, importer.Name, fileName, ct);

    private sealed record RowCheck(RowFailure? Failure, IndexNumber? Number, bool AlreadyImported, ValidSubmission? Valid = null);

    /// <summary>The intake rules, then what only an import has: a 索引号 of this agency, unique in the file and the store; a 发布日期; its files.</summary>
    /// <param name="passedEarlier">
    /// In the dry run: the 索引号 of earlier rows that passed. A 废止/修订关系 may name one of them; it is not in the store
    /// yet, but will be when this row is imported (rows are imported in file order), so intake's "not found" does not count.
    /// </param>
    private async Task<RowCheck> CheckAsync(CatalogueRow row, IImportFiles files, Principal importer, Dictionary<string, int>? firstRowOf,
        CancellationToken ct, IReadOnlySet<string>? passedEarlier = null)
    {
        var problems = new List<RowProblem>();
        void Problem(CatalogueField field, string message) => problems.Add(new RowProblem(CatalogueHeaders.Label(field), message));

        IndexNumber? number = null;
        var alreadyImported = false;
        var text = row.IndexNumberText;
        if (text.Length == 0) Problem(CatalogueField.IndexNumber, "请填写索引号。");
        else if (!IndexNumber.TryParse(text, out var parsed) || parsed.Serial == 0)
            Problem(CatalogueField.IndexNumber, $"索引号“{Shown(text)}”的格式应为 {catalogue.Agency.IssuerCode}/年份-五位序号，例如 {catalogue.Agency.IssuerCode}/2019-00012。");
        else if (parsed.IssuerCode != catalogue.Agency.IssuerCode)
            Problem(CatalogueField.IndexNumber, $"索引号的机构代码“{parsed.IssuerCode}”不是本机关的代码 {catalogue.Agency.IssuerCode}。");
        else if (parsed.Year > ChinaTime.Today(time).Year || parsed.Year < 1950)
            Problem(CatalogueField.IndexNumber, $"索引号的年份 {parsed.Year} 不可能。");
        else
        {
            number = parsed;
            if (firstRowOf is not null && !firstRowOf.TryAdd(parsed.ToString(), row.Number))
                Problem(CatalogueField.IndexNumber, $"索引号与第 {firstRowOf[parsed.ToString()]} 行重复：索引号唯一且永久，不能两条信息共用。");
            else if (await items.FindByIndexNumberAsync(parsed, ct) is { } existing)
            {
                if (existing.Item.Id == ItemIdOf(parsed)) alreadyImported = true;
                else Problem(CatalogueField.IndexNumber, $"索引号已被本系统中的信息“{Shown(existing.Item.Title)}”使用。");
            }
        }

        var publishedOnText = row.PublishedOnText;
        var publishedOn = row.PublishedOn;
        if (publishedOnText.Length == 0) Problem(CatalogueField.PublishedOn, "请填写发布日期：导入的信息保留原发布日期。");
        else if (publishedOn is null) Problem(CatalogueField.PublishedOn, "发布日期格式应为 YYYY-MM-DD，例如 2019-03-15。");
        else if (publishedOn > ChinaTime.Today(time)) Problem(CatalogueField.PublishedOn, "发布日期不能晚于今天。");
        else if (CatalogueRow.ParseDate(CatalogueRow.DateText(row.Get(CatalogueField.FormedOn))) is { } formed && publishedOn < formed)
            Problem(CatalogueField.PublishedOn, "发布日期不能早于成文日期。");

        var (body, bodyFormat) = ReadBody(row, files, Problem);
        var attachments = new List<UploadedFile>();
        foreach (var name in row.AttachmentNames)
        {
            var bytes = ReadFile(files, name, catalogue.Attachments.MaxFileBytes + 1, CatalogueField.Attachments, Problem);
            if (bytes is not null) attachments.Add(new UploadedFile(Path.GetFileName(name), bytes));
        }

        if (alreadyImported && problems.Count == 0) return new RowCheck(null, number, AlreadyImported: true);
        var (valid, errors) = await validator.ValidateAsync(row.ToDraft(catalogue, body, bodyFormat, attachments), importer, ct);
        var (_, related, _) = row.Relation();
        foreach (var error in errors)
        {
            if (error.Field == SubmissionFields.RelatedItem && related is not null && passedEarlier?.Contains(related) == true) continue;
            problems.Add(new RowProblem(FieldColumn(error.Field), error.Message));
        }
        return problems.Count > 0
            ? new RowCheck(new RowFailure(row.Number, text, row.Title, problems), number, false)
            : new RowCheck(null, number, false, valid);
    }

    /// <returns>
    /// Whether the row was imported now (false: an earlier run had imported it), or why it failed after all (the item a
    /// 废止/修订关系 names did not come in, or the store changed since the first pass).
    /// </returns>
    private async Task<(bool Imported, RowFailure? Failure)> ImportRowAsync(CatalogueRow row, IImportFiles files, Principal importer, string fileName, string batch, CancellationToken ct)
    {
        var check = await CheckAsync(row, files, importer, firstRowOf: null, ct);
        if (check.AlreadyImported) return (false, null);
        if (check.Failure is { } failure) return (false, failure);
        if (check is not { Valid: { } valid, Number: { } number }) throw new InvalidOperationException($"Row {row.Number} checked without a result.");
        var itemId = ItemIdOf(number);
        // Content ids are derived too: a run interrupted after the content was stored overwrites it instead of leaving copies.
        string? bodyId = null;
        if (valid.Body.Length > 0)
        {
            bodyId = "body-" + itemId[..16];
            await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(valid.Body));
            await content.PutAsync(itemId, bodyId, stream, valid.BodyFormat == BodyFormat.Html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8", ct);
        }
        var attachments = new List<Attachment>();
        for (var i = 0; i < valid.Attachments.Count; i++)
        {
            var file = valid.Attachments[i];
            var id = $"att-{itemId[..16]}-{i + 1}";
            await using var stream = new MemoryStream(file.Content, writable: false);
            await content.PutAsync(itemId, id, stream, file.Type.ContentType, ct);
            attachments.Add(new Attachment(id, file.FileName, file.Type.ContentType, file.Content.Length, Convert.ToHexStringLower(SHA256.HashData(file.Content))));
        }
        var now = time.GetUtcNow();
        var (_, _, relationNote) = row.Relation();
        var item = SubmissionItems.From(valid, itemId, number, version: 1, bodyId, attachments, importer, now) with
        {
            PublishedOn = row.PublishedOn,
            Imported = new ImportedFrom(fileName, row.Number, batch, row.OriginalUrl, relationNote),
        };
        var details = new Dictionary<string, string>
        {
            [ImportTexts.File] = fileName,
            [ImportTexts.Row] = row.Number.ToString(CultureInfo.InvariantCulture),
            [ImportTexts.ImportedBy] = importer.Name,
            [ImportTexts.OriginalPublishedOn] = item.PublishedOn!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (row.OriginalUrl is { } url) details[ImportTexts.OriginalUrl] = url;
        try
        {
            await lifecycle.CreateAsync(importer, ItemLifecycle.Move(item, ItemState.Submitted, AuditAction.Imported) with
            {
                At = now,
                EventId = "imported-" + batch,
                Details = details,
                Messages = [new CheckRequest(item.Id, item.Version).ToMessage()],
            }, ct);
            return (true, null);
        }
        catch (ItemAlreadyExistsException)
        {
            return (false, null); // another run (or this one, before an interruption) stored it: the key is the 索引号
        }
    }

    /// <summary>An imported item's id: derived from its 索引号, so the same row always names the same item.</summary>
    public static string ItemIdOf(IndexNumber number)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("imported:" + number)))[..32];

    private (string Body, string Format) ReadBody(CatalogueRow row, IImportFiles files, Action<CatalogueField, string> problem)
    {
        var name = row.BodyFile;
        if (name.Length == 0) return (row.Body, "text");
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (extension is not (".txt" or ".html" or ".htm"))
        {
            problem(CatalogueField.BodyFile, $"正文文件“{Shown(name)}”应为 .txt 或 .html；其他格式的文件请写在“附件”列。");
            return ("", "text");
        }
        var bytes = ReadFile(files, name, SubmissionValidator.MaxBodyLength * 4L, CatalogueField.BodyFile, problem);
        return bytes is null ? ("", "text") : (CatalogueRow.DecodeText(bytes), extension == ".txt" ? "text" : "html");
    }

    private static byte[]? ReadFile(IImportFiles files, string name, long maxBytes, CatalogueField field, Action<CatalogueField, string> problem)
    {
        try
        {
            var bytes = files.Read(name, maxBytes);
            if (bytes is null) problem(field, $"找不到文件“{Shown(name)}”：请把它放进附件文件夹或 zip。");
            return bytes;
        }
        catch (ImportFileException e)
        {
            problem(field, e.Message);
            return null;
        }
    }

    /// <summary>The catalogue column an intake field came from, as the office's file names it.</summary>
    private static string FieldColumn(string field) => field switch
    {
        SubmissionFields.Title => CatalogueHeaders.Label(CatalogueField.Title),
        SubmissionFields.Column => CatalogueHeaders.Label(CatalogueField.Column),
        SubmissionFields.Genre => CatalogueHeaders.Label(CatalogueField.Genre),
        SubmissionFields.Publisher => CatalogueHeaders.Label(CatalogueField.Publisher),
        SubmissionFields.Department => CatalogueHeaders.Label(CatalogueField.Department),
        SubmissionFields.DocumentNumber => CatalogueHeaders.Label(CatalogueField.DocumentNumber),
        SubmissionFields.FormedOn => CatalogueHeaders.Label(CatalogueField.FormedOn),
        SubmissionFields.Validity or SubmissionFields.ValidUntil or SubmissionFields.EffectiveFrom => CatalogueHeaders.Label(CatalogueField.Validity),
        SubmissionFields.Keywords => CatalogueHeaders.Label(CatalogueField.Keywords),
        SubmissionFields.Summary => CatalogueHeaders.Label(CatalogueField.Summary),
        SubmissionFields.Body or SubmissionFields.BodyFormat => CatalogueHeaders.Label(CatalogueField.Body),
        SubmissionFields.Relation or SubmissionFields.RelatedItem => CatalogueHeaders.Label(CatalogueField.Relation),
        SubmissionFields.Attachments => CatalogueHeaders.Label(CatalogueField.Attachments),
        _ => SubmissionFields.Label(field),
    };

    private static string Shown(string text) => text.Length > 60 ? text[..60] + "…" : text;
}

/// <summary>The audit entry 历史导入's details, as people read them.</summary>
public static class ImportTexts
{
    public const string File = "导入文件";
    public const string Row = "行号";
    public const string ImportedBy = "导入人";
    public const string OriginalUrl = "原网址";
    public const string OriginalPublishedOn = "原发布日期";
}
