using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Disclosure.Catalogue;
using Disclosure.Work;
using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Compliance;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Notifications;
using Disclosure.Tests.Plan;
using Microsoft.Extensions.Time.Testing;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Compliance.Flow;

/// <summary>The item store's contract in memory: ETag-checked updates, audit entries and messages committed with the item.</summary>
internal sealed class InMemoryItems : IItemStore, IAuditTrail, IItemListing
{
    private readonly Dictionary<string, StoredItem> _items = new();
    private readonly List<AuditEntry> _audit = new();
    private readonly List<WorkMessage> _messages = new();
    private int _etag;

    public IReadOnlyList<WorkMessage> Messages => _messages;
    public IReadOnlyList<AuditEntry> AuditOf(string id) => _audit.Where(a => a.ItemId == id).ToList();

    /// <summary>Makes the next update fail as if someone else had changed the item first.</summary>
    public Action? BeforeNextUpdate { get; set; }

    public Task<StoredItem?> GetAsync(string id, CancellationToken ct = default) => Task.FromResult(_items.GetValueOrDefault(id));

    public Task<StoredItem?> FindByIndexNumberAsync(IndexNumber number, CancellationToken ct = default)
        => Task.FromResult(_items.Values.FirstOrDefault(s => s.Item.IndexNumber == number));

    public async IAsyncEnumerable<DisclosureItem> ListAsync(ItemQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.Yield();
        foreach (var s in _items.Values.Where(s => (query.State is null || s.Item.State == query.State) && (query.DepartmentCode is null || s.Item.DepartmentCode == query.DepartmentCode)).ToList())
            yield return s.Item;
    }

    public Task<IReadOnlyList<DisclosureItem>> GetVersionsAsync(string id, CancellationToken ct = default)
        => Task.FromResult<IReadOnlyList<DisclosureItem>>(_items.TryGetValue(id, out var s) ? [s.Item] : []);

    public Task<ItemPage> ListPageAsync(ItemFilter filter, int pageSize, string? after, CancellationToken ct = default)
    {
        var matches = _items.Values.Select(s => s.Item).Where(i => (after is null || string.CompareOrdinal(i.Id, after) > 0) && filter.Matches(i))
            .OrderBy(i => i.Id, StringComparer.Ordinal).Take(pageSize + 1).ToList();
        return Task.FromResult(matches.Count > pageSize ? new ItemPage(matches[..pageSize], matches[pageSize - 1].Id) : new ItemPage(matches, null));
    }

    public async IAsyncEnumerable<RankedItem> ListRanksAsync(ItemFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.Yield();
        foreach (var item in _items.Values.Select(s => s.Item).Where(filter.Matches).ToList())
            yield return new RankedItem(item.Id, item.Version, item.ReviewRank?.Key);
    }

    public async IAsyncEnumerable<DisclosureItem> ListAllVersionsAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.Yield();
        foreach (var s in _items.Values.ToList()) yield return s.Item;
    }

    public Task<StoredItem> CreateAsync(DisclosureItem item, ItemChange change, CancellationToken ct = default)
    {
        if (_items.ContainsKey(item.Id)) throw new ItemAlreadyExistsException(item.Id);
        return Task.FromResult(Commit(item, change));
    }

    public Task<StoredItem> UpdateAsync(DisclosureItem item, string etag, ItemChange change, CancellationToken ct = default)
    {
        var hook = BeforeNextUpdate;
        BeforeNextUpdate = null;
        hook?.Invoke();
        if (!_items.TryGetValue(item.Id, out var current) || current.ETag != etag) throw new ItemChangedException(item.Id);
        return Task.FromResult(Commit(item, change));
    }

    /// <summary>Changes the stored item behind everyone's back (another writer).</summary>
    public void Replace(DisclosureItem item) => _items[item.Id] = new StoredItem(item, "e" + ++_etag);

    private StoredItem Commit(DisclosureItem item, ItemChange change)
    {
        var stored = new StoredItem(item, "e" + ++_etag);
        _items[item.Id] = stored;
        _audit.Add(change.Audit);
        _messages.AddRange(change.Messages);
        return stored;
    }

    public Task DeliverPendingAsync(string id, CancellationToken ct = default) => Task.CompletedTask;
    public Task<int> DeliverAllPendingAsync(TimeSpan olderThan, CancellationToken ct = default) => Task.FromResult(0);
    public Task<IReadOnlyList<AuditEntry>> ListAsync(string itemId, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<AuditEntry>>(AuditOf(itemId));

    public IAsyncEnumerable<AuditEntry> ListRecordedBetweenAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken ct = default)
        => _audit.Where(e => e.At >= from && e.At < until).ToAsyncEnumerable();
}

internal sealed class InMemoryContent : IContentStore
{
    private readonly Dictionary<string, byte[]> _blobs = new();
    public IReadOnlyCollection<string> Names => _blobs.Keys;

    public async Task PutAsync(string itemId, string contentId, Stream content, string contentType, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        _blobs[$"{itemId}/{contentId}"] = buffer.ToArray();
    }

    public Task<Stream> OpenAsync(string itemId, string contentId, CancellationToken ct = default)
        => _blobs.TryGetValue($"{itemId}/{contentId}", out var bytes)
            ? Task.FromResult<Stream>(new MemoryStream(bytes, writable: false))
            : throw new FileNotFoundException($"{itemId}/{contentId}");

    public Task DeleteAsync(string itemId, string contentId, CancellationToken ct = default)
    {
        _blobs.Remove($"{itemId}/{contentId}");
        return Task.CompletedTask;
    }

    public void Put(string itemId, string contentId, string text) => _blobs[$"{itemId}/{contentId}"] = Encoding.UTF8.GetBytes(text);

    public async IAsyncEnumerable<StoredContent> ListAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.Yield();
        foreach (var name in _blobs.Keys.ToList())
        {
            var slash = name.IndexOf('/');
            yield return new StoredContent(name[..slash], name[(slash + 1)..], DateTimeOffset.MinValue);
        }
    }
}

/// <summary>Records kept as the JSON the blob store writes, so what is read back went through serialization.</summary>
internal sealed class InMemoryComplianceRecords : IComplianceRecords
{
    private readonly Dictionary<(string, int), string> _records = new();

    public Task SaveAsync(ComplianceRecord record, CancellationToken ct)
    {
        _records[(record.ItemId, record.Version)] = JsonSerializer.Serialize(record, CatalogueLoader.Json);
        return Task.CompletedTask;
    }

    public Task<ComplianceRecord?> GetAsync(string itemId, int version, CancellationToken ct)
        => Task.FromResult(_records.TryGetValue((itemId, version), out var json) ? JsonSerializer.Deserialize<ComplianceRecord>(json, CatalogueLoader.Json) : null);
}

/// <summary>"Extracts" a file whose bytes are UTF-8 text; a PNG has no text layer. The real extractor has its own tests.</summary>
internal sealed class Utf8Extractor : ITextExtractor
{
    public async Task<ExtractedText> ExtractAsync(Stream content, string contentType, CancellationToken cancellationToken)
    {
        if (contentType == "image/png") return ExtractedText.NotExtractable("图片没有文字层，请人工核对图片内容。");
        using var reader = new StreamReader(content, Encoding.UTF8);
        return ExtractedText.Complete(await reader.ReadToEndAsync(cancellationToken));
    }
}

internal sealed class ScriptedDetector(Func<IReadOnlyList<TextSource>, CloudPiiResult> answer) : ICloudPiiDetector
{
    public int Calls { get; private set; }

    public Task<CloudPiiResult> DetectAsync(IReadOnlyList<TextSource> sources, CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(answer(sources));
    }
}

/// <summary>A notifier that fails a given number of times first (the outbox's storage was down).</summary>
internal sealed class FlakyNotifier(INotifier inner) : INotifier
{
    public int FailuresLeft { get; set; }

    public Task<bool> SendAsync(Notification notification, CancellationToken ct = default)
    {
        if (FailuresLeft > 0)
        {
            FailuresLeft--;
            throw new IOException("outbox unavailable");
        }
        return inner.SendAsync(notification, ct);
    }
}

internal sealed class NoDirectory : IItemDirectory
{
    public Task<ItemReference?> FindAsync(string itemId, CancellationToken cancellationToken) => Task.FromResult<ItemReference?>(null);
}

/// <summary>The compliance flow wired over in-memory fakes of our own interfaces, with the real rules and catalogue.</summary>
internal sealed class FlowHarness
{
    public FakeTimeProvider Time { get; } = Clock();
    public InMemoryItems Items { get; } = new();
    public InMemoryContent Content { get; } = new();
    public InMemoryOutbox Outbox { get; } = new();
    public FlakyNotifier Notifier { get; }
    public InMemoryComplianceRecords Records { get; } = new();
    public ComplianceNotices Notices { get; }
    public ReviewService Reviews { get; }
    public DecisionNotices Decisions { get; }
    /// <summary>The bureau's catalogue, or a variant of it (a column exempted from review by an administrator).</summary>
    public CatalogueSettings Catalogue { get; }
    private readonly ICloudPiiDetector? _cloud;

    private readonly ITextExtractor _extractor;

    public FlowHarness(ICloudPiiDetector? cloud = null, CatalogueSettings? catalogue = null, ITextExtractor? extractor = null)
    {
        _cloud = cloud;
        Catalogue = catalogue ?? Settings;
        _extractor = extractor ?? new Utf8Extractor();
        Notifier = new FlakyNotifier(new OutboxNotifier(Outbox, Time));
        Notices = new ComplianceNotices(Notifier, Catalogue, new ComplianceOptions());
        Reviews = new ReviewService(Items, new ItemLifecycle(Items, Time), Records, Catalogue, Time);
        Decisions = new DecisionNotices(Items, Items, Records, Notices);
    }

    public ComplianceReview Review(Disclosure.Import.ImportOptions? imports = null, Disclosure.Telemetry.ItemMetrics? metrics = null)
    {
        var calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
        var check = new ItemComplianceCheck(RuleSet(time: Time), new MetadataRules(Catalogue, calendar, Time, new ItemQueries(Items)), Catalogue);
        return new ComplianceReview(Items, new ItemLifecycle(Items, Time), Content, _extractor, check, Records, Notices, Catalogue, Time, _cloud, imports, metrics);
    }

    /// <summary>
    /// The compliance flow where an administrator let the test item's column (通知公告) publish after the automated check
    /// alone, with a recorded reason: the one case in which a clean item becomes 待发布 without a person (条例第十七条).
    /// </summary>
    public static FlowHarness WithAutomatedPublication(ICloudPiiDetector? cloud = null)
        => new(cloud, ExemptCatalogue("tzgg"));

    public static CatalogueSettings ExemptCatalogue(string columnCode) => Settings with
    {
        Columns = Settings.Columns.Select(c => c.Code == columnCode
            ? c with { AutomatedPublication = new AutomatedPublicationPermission { SetBy = "赵管理", SetOn = new DateOnly(2026, 11, 2), Reason = "仅转载上级已公开的通知，经局务会同意" } }
            : c).ToList(),
    };

    /// <summary>Stores a submitted item with a plain-text body and the given attachments (name, content type, text).</summary>
    public DisclosureItem Submit(string body, Func<DisclosureItem, DisclosureItem>? change = null, params (string Name, string Type, string Text)[] attachments)
    {
        var item = Item(i => i with
        {
            BodyId = "body-1",
            Attachments = attachments.Select((a, n) => new Attachment($"att-{n}", a.Name, a.Type, a.Text.Length, "")).ToList(),
        });
        if (change is not null) item = change(item);
        Content.Put(item.Id, "body-1", body);
        for (var n = 0; n < attachments.Length; n++) Content.Put(item.Id, $"att-{n}", attachments[n].Text);
        Items.Replace(item);
        return item;
    }

    /// <summary>Runs the check of the item's current version, as the check queue would, and reads the item after it.</summary>
    public async Task<DisclosureItem> CheckedAsync(DisclosureItem item)
    {
        await Review().CheckAsync(new CheckRequest(item.Id, item.Version), CancellationToken.None);
        return (await Items.GetAsync(item.Id))!.Item;
    }

    public async Task<ComplianceRecord> RecordAsync(string itemId, int version = 1)
        => await Records.GetAsync(itemId, version, CancellationToken.None) ?? throw new InvalidOperationException($"no record of {itemId} v{version}");

    /// <summary>What the decision-notices queue function does with every message committed so far (a repeat, as at-least-once delivery may).</summary>
    public async Task HandleDecisionNoticesAsync()
    {
        foreach (var message in Items.Messages.Where(m => m.Queue == WorkQueues.DecisionNotices).ToList())
            await Decisions.SendAsync(DecisionNotice.Parse(message.Body), CancellationToken.None);
    }

    public IReadOnlyList<Notification> NotificationsTo(string recipient) => Outbox.Recorded.Where(n => n.RecipientCode == recipient).ToList();
}
