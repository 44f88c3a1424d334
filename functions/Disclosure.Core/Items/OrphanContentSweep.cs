namespace Disclosure.Items;

/// <summary>
/// Removes bodies and attachments that no stored version refers to: what a submission wrote before a storage failure
/// that also kept it from cleaning up. Content younger than <see cref="Grace"/> may belong to a submission in progress.
/// </summary>
public sealed class OrphanContentSweep(IItemStore items, IContentStore content, TimeProvider time)
{
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - Grace;
        var referenced = new Dictionary<string, HashSet<string>>();
        var removed = 0;
        await foreach (var stored in content.ListAsync(ct))
        {
            if (stored.WrittenAt > cutoff) continue;
            if (!referenced.TryGetValue(stored.ItemId, out var ids))
            {
                var versions = await items.GetVersionsAsync(stored.ItemId, ct);
                ids = versions.SelectMany(v => v.Attachments.Select(a => a.Id).Append(v.BodyId)).OfType<string>().ToHashSet();
                referenced[stored.ItemId] = ids;
            }
            if (ids.Contains(stored.ContentId)) continue;
            await content.DeleteAsync(stored.ItemId, stored.ContentId, ct);
            removed++;
        }
        return removed;
    }
}
