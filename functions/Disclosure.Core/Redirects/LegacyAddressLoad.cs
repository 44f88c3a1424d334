using System.Globalization;
using System.Text;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Publishing;

namespace Disclosure.Redirects;

/// <summary>One row of a load as read: its line in the file (the header is line 1), the old address and the 索引号 as written.</summary>
public sealed record LegacyAddressRow(int Line, string OldUrl, string IndexNumber);

/// <summary>A row named in the report, with why.</summary>
public sealed record LegacyAddressRowNote(int Line, string OldUrl, string IndexNumber, string Reason);

/// <summary>
/// What a load did, or in a dry run would do. <see cref="Refused"/> rows are never stored (a wrong address, a 索引号 that
/// cannot be one, a portal path, an address already standing for another item); <see cref="Unresolved"/> rows are stored
/// but redirect nowhere until their item is on the portal (the import may bring it later).
/// </summary>
public sealed record LegacyAddressLoadReport(
    bool DryRun,
    int Rows,
    int Added,
    int AlreadyThere,
    int StaticPages,
    int RulesOnly,
    IReadOnlyList<LegacyAddressRowNote> Refused,
    IReadOnlyList<LegacyAddressRowNote> Unresolved);

/// <summary>The whole load was refused (too many rows for the book, a file without the two columns): nothing was stored.</summary>
public sealed class LegacyAddressLoadRefusedException(string message) : Exception(message);

/// <summary>
/// Loads old addresses into the <see cref="ILegacyAddressBook"/> from the rows of a CSV (旧网址,索引号) or JSON upload,
/// with a dry run that stores nothing and says the same. Every row is checked on its own: good rows are stored even when
/// others are refused (the report names those; loading the corrected file again adds only what is missing).
/// </summary>
public sealed class LegacyAddressLoad(ILegacyAddressBook book, IItemStore items, CatalogueSettings catalogue, TimeProvider time)
{
    public const string OldUrlColumn = "旧网址";
    public const string IndexNumberColumn = "索引号";

    public async Task<LegacyAddressLoadReport> LoadAsync(IReadOnlyList<LegacyAddressRow> rows, bool dryRun, string who, string source, CancellationToken ct)
    {
        if (rows.Count > LegacyAddressLimits.MaxRowsPerLoad)
            throw new LegacyAddressLoadRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"一次最多载入 {LegacyAddressLimits.MaxRowsPerLoad} 行，本文件有 {rows.Count} 行，请分成几个文件载入。"));

        var portalHost = LegacyAddress.HostOf(catalogue.Agency.SiteBaseUrl);
        var refused = new List<LegacyAddressRowNote>();
        var unresolved = new List<LegacyAddressRowNote>();
        var accepted = new List<(LegacyAddressRow Row, LegacyAddress Address, IndexNumber Number)>();
        var inFile = new Dictionary<string, (int Line, IndexNumber Number)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var address = LegacyAddress.Parse(row.OldUrl, portalHost, out var error);
            if (address is null)
            {
                refused.Add(Note(row, error!));
                continue;
            }
            if (!IndexNumber.TryParse(row.IndexNumber.Trim(), out var number))
            {
                refused.Add(Note(row, "索引号格式应为“机构代码/年份-五位序号”，如 11110000MB0000000X/2019-00012。"));
                continue;
            }
            if (address.OnPortal && PortalPaths.IsPortalPath(address.Path))
            {
                refused.Add(Note(row, $"旧网址 {address.Path} 是门户自己的页面地址，不能改作转发。"));
                continue;
            }
            if (inFile.TryGetValue(address.Key, out var earlier))
            {
                if (earlier.Number != number)
                    refused.Add(Note(row, string.Create(CultureInfo.InvariantCulture,
                        $"同一旧网址在第 {earlier.Line} 行已指向索引号 {earlier.Number}，不能再指向 {number}。")));
                continue;
            }
            inFile[address.Key] = (row.Line, number);
            accepted.Add((row, address, number));
        }

        var existing = dryRun ? 0 : await book.CountAsync(ct);
        if (!dryRun && existing + accepted.Count > LegacyAddressLimits.MaxMappings)
        {
            // Addresses already in the book do not count twice; only a real excess refuses the load.
            var newOnes = 0;
            foreach (var (_, address, _) in accepted) if (await book.FindAsync(address, ct) is null) newOnes++;
            if (existing + newOnes > LegacyAddressLimits.MaxMappings)
                throw new LegacyAddressLoadRefusedException(string.Create(CultureInfo.InvariantCulture,
                    $"旧网址簿最多保存 {LegacyAddressLimits.MaxMappings} 条，已有 {existing} 条，本次新增 {newOnes} 条将超出上限。"));
        }

        int added = 0, already = 0, staticPages = 0, rulesOnly = 0;
        var now = time.GetUtcNow();
        try
        {
            foreach (var (row, address, number) in accepted)
            {
                var mapping = new LegacyMapping(address, number, who, now, source);
                if (dryRun)
                {
                    var stored = await book.FindAsync(address, ct);
                    if (stored is not null && stored.IndexNumber != number)
                    {
                        refused.Add(Note(row, Conflict(stored)));
                        continue;
                    }
                    if (stored is null) added++; else already++;
                }
                else
                {
                    var answer = await book.AddAsync(mapping, ct);
                    if (answer.Outcome == LegacyMappingOutcome.Conflict)
                    {
                        refused.Add(Note(row, Conflict(answer.Stored)));
                        continue;
                    }
                    if (answer.Outcome == LegacyMappingOutcome.Added) added++; else already++;
                }
                if (address.StaticPagePath is null) rulesOnly++; else staticPages++;
                var reason = await WhyNotOnPortalAsync(number, ct);
                if (reason is not null) unresolved.Add(Note(row, reason));
            }
        }
        finally
        {
            // Once, after the adds (also when a later row failed): the next publication passes over the book again. A
            // process that dies mid-load leaves its adds to the nightly run, which always reads the whole book.
            if (added > 0 && !dryRun) await book.MarkChangedAsync(CancellationToken.None);
        }
        return new LegacyAddressLoadReport(dryRun, rows.Count, added, already, staticPages, rulesOnly,
            refused.OrderBy(r => r.Line).ToList(), unresolved);
    }

    /// <summary>Null when the item has a page on the portal (its page, or its 已撤回 notice); otherwise why not yet.</summary>
    private async Task<string?> WhyNotOnPortalAsync(IndexNumber number, CancellationToken ct)
    {
        var stored = await items.FindByIndexNumberAsync(number, ct);
        if (stored is null) return "没有这个索引号的信息（尚未导入或报送）：载入后暂不转发，信息发布后自动生效。";
        var item = stored.Item;
        if (!PublicationService.IsForThePublic(item)) return "该信息不是主动公开、面向社会的信息，门户上没有它的页面，旧网址不会转发。";
        if (item.PublishedVersion is null) return "该信息尚未发布：发布后旧网址自动转发到它的页面。";
        return null;
    }

    private static string Conflict(LegacyMapping stored) =>
        $"该旧网址已指向索引号 {stored.IndexNumber}（{stored.LoadedBy} 载入），一个旧网址只能指向一条信息；如确需更改，请先核实原对应关系。";

    private static LegacyAddressRowNote Note(LegacyAddressRow row, string reason) => new(row.Line, row.OldUrl, row.IndexNumber, reason);
}
