using System.Security.Cryptography;
using System.Text;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Items;
using Disclosure.Notifications;
using Disclosure.Publishing;
using Disclosure.Publishing.Search;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Publishing;

/// <summary>
/// The publication wired as in production on the bureau catalogue, over in-memory stores and a fake clock: one bed a test,
/// for the tests of the publication, its render check and its failures. Each test class says what its items are.
/// </summary>
internal sealed class PublicationBed(DateTimeOffset start, InMemorySiteStore? siteStore = null)
{
    public static readonly CatalogueSettings Catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    public static readonly PortalRenderer Renderer = new();

    public FakeTimeProvider Time { get; } = new(start);
    private InMemoryItemStore? _items;
    /// <summary>The items, their audit trail and contents, and the publication inbox's notes (timed by <see cref="Time"/>).</summary>
    public InMemoryItemStore Items => _items ??= new() { Time = Time };
    public InMemorySiteStore Site { get; } = siteStore ?? new();

    /// <summary>What the publication alerted the operators of (an id sent again is not recorded again, as in the outbox).</summary>
    public RecordingNotifier Alerts { get; } = new();
    private int _serial;

    public ItemLifecycle Lifecycle() => new(Items, Time);

    /// <summary>The publication, writing to the bed's site unless another store is given.</summary>
    public PublicationService Service(ISiteStore? site = null) =>
        new(Items, Lifecycle(), Items, site ?? Site, Renderer, Catalogue, new OperatorAlerts(Alerts, Catalogue, new ComplianceOptions()), Time,
            inbox: Items);

    public RenderCheck Check() => new(Items, Items, Renderer, Catalogue, Time);

    /// <summary>
    /// Stores a 待发布 item with the next 索引号 of 2026, its body (unless <paramref name="body"/> is null) and the files of its
    /// attachments, and the review approval that made it 待发布. The item is a 通知 of 办公室 in 通知公告, formed on
    /// 2026-03-01, with its body at <c>body-{id}</c>, until <paramref name="details"/> says otherwise.
    /// </summary>
    /// <param name="approval">The approval's event id (one is made up when null) and who approved.</param>
    /// <param name="files">The item's attachments, each stored with its content.</param>
    /// <param name="id">The item's id, for attachments named after it; a new one when null.</param>
    public async Task<DisclosureItem> ReadyAsync(string title, string? body, string submittedBy, (string? EventId, string Actor) approval,
        Func<DisclosureItem, DisclosureItem>? details = null, IReadOnlyList<AttachmentFile>? files = null, string? id = null)
    {
        id ??= Guid.NewGuid().ToString("N");
        var item = new DisclosureItem
        {
            Id = id,
            IndexNumber = new IndexNumber(Catalogue.Agency.IssuerCode, 2026, ++_serial),
            Title = title,
            ColumnCode = "tzgg",
            Genre = "通知",
            Publisher = Catalogue.Agency.Name,
            DepartmentCode = "bgs",
            FormedOn = new DateOnly(2026, 3, 1),
            BodyId = "body-" + id,
            Attachments = files?.Select(f => f.Attachment).ToList() ?? [],
            State = ItemState.ReadyToPublish,
            SubmittedBy = submittedBy,
            SubmittedAt = Time.GetUtcNow(),
        };
        if (details is not null) item = details(item);
        if (body is not null) await Items.PutAsync(id, item.BodyId!, new MemoryStream(Encoding.UTF8.GetBytes(body)), "text/plain");
        foreach (var file in files ?? []) await Items.PutAsync(id, file.Id, new MemoryStream(file.Content), file.ContentType);
        await Items.CreateAsync(item, ItemChange.Of(new AuditEntry
        {
            ItemId = id, EventId = approval.EventId ?? Guid.NewGuid().ToString("N"), At = Time.GetUtcNow(), Actor = approval.Actor,
            Action = AuditAction.ReviewApproved, To = item.State,
        }));
        return item;
    }

    /// <summary>Stores the item as <paramref name="change"/> makes it, with the audit entry <paramref name="entry"/> writes for it.</summary>
    public async Task<DisclosureItem> UpdateAsync(string id, Func<DisclosureItem, DisclosureItem> change, Func<DisclosureItem, AuditEntry> entry)
    {
        var stored = (await Items.GetAsync(id))!;
        var next = change(stored.Item);
        await Items.UpdateAsync(next, stored.ETag, ItemChange.Of(entry(next)));
        return next;
    }

    /// <summary>A page or feed of the bed's site, as text; the test fails if it is not there.</summary>
    /// <summary>The sitemap part (blob name) that lists the stored item: the month of its 发布日期.</summary>
    public string SitemapPartOf(string itemId) =>
        SiteUrls.BlobName(SiteUrls.SitemapPart(Items.GetAsync(itemId).Result!.Item.PublishedOn ?? throw new Xunit.Sdk.XunitException($"{itemId} has no 发布日期")));

    public string Text(string path) => Encoding.UTF8.GetString(Site.ReadAsync(path, default).Result ?? throw new Xunit.Sdk.XunitException($"{path} missing"));

    /// <summary>The titles the site's search index finds for <paramref name="query"/>.</summary>
    public async Task<IReadOnlyList<string>> SearchTitlesAsync(string query) =>
        (await new SearchIndexReader(Site).SearchAsync(query)).Hits.Select(h => h.Meta.Title).ToList();
}

/// <summary>An attachment and the content stored for it.</summary>
internal sealed record AttachmentFile(string Id, string FileName, string ContentType, byte[] Content)
{
    public Attachment Attachment => new(Id, FileName, ContentType, Content.Length, Convert.ToHexStringLower(SHA256.HashData(Content)));

    /// <summary>A minimal PDF.</summary>
    public static AttachmentFile Pdf(string id, string fileName) => new(id, fileName, "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n"));
}
