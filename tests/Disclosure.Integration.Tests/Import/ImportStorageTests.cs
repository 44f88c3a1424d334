using Disclosure.Adapters.Storage;
using Disclosure.Import;
using Disclosure.Integration.Tests.Support;

namespace Disclosure.Integration.Tests.Import;

/// <summary>The import's two pieces of storage, against Azurite: the 索引号 continuation and the progress checkpoint.</summary>
public class ImportStorageTests
{
    [Fact]
    public async Task Continuing_after_imported_serials_raises_the_sequence_never_lowers_it_and_races_safely_with_submissions()
    {
        var allocator = new TableIndexNumberAllocator(await TestStorage.TablesAsync());
        var issuer = "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

        await allocator.ContinueAfterAsync(issuer, 2019, 120);              // a year nothing was submitted in yet
        Assert.Equal(121, (await allocator.NextAsync(issuer, 2019)).Serial);
        await allocator.ContinueAfterAsync(issuer, 2019, 50);               // a lower serial changes nothing
        Assert.Equal(122, (await allocator.NextAsync(issuer, 2019)).Serial);

        // Submissions take numbers while the import moves the sequence, and more after it has: every number is distinct,
        // and each one taken after the move is after 1,000 (which of those taken during it are, the race decides).
        var during = Enumerable.Range(0, 10).Select(async _ => (await allocator.NextAsync(issuer, 2026)).Serial).ToList();
        await allocator.ContinueAfterAsync(issuer, 2026, 1_000);
        var after = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ => (await allocator.NextAsync(issuer, 2026)).Serial));
        var numbers = (await Task.WhenAll(during)).Concat(after).ToList();
        Assert.Equal(20, numbers.Distinct().Count());
        Assert.All(after, n => Assert.InRange(n, 1_001, 1_020));
        Assert.All(numbers, n => Assert.True(n is >= 1 and <= 10 or > 1_000, string.Join(",", numbers)));
    }

    [Fact]
    public async Task A_checkpoint_written_by_someone_else_meanwhile_is_a_conflict_not_an_overwrite()
    {
        var checkpoints = new TableImportCheckpoints(await TestStorage.TablesAsync());
        var batch = Guid.NewGuid().ToString("N");
        var first = new ImportCheckpoint(batch, "目录.xlsx", 26, 25, 0, 0, false, "张管理", DateTimeOffset.UtcNow);

        var etag = await checkpoints.SaveAsync(first, null);
        var stored = await checkpoints.GetAsync(batch);
        await checkpoints.SaveAsync(first with { LastRow = 51, Imported = 50 }, etag);

        Assert.Equal(first, stored!.Checkpoint with { UpdatedAt = first.UpdatedAt });
        await Assert.ThrowsAsync<ImportCheckpointConflictException>(() => checkpoints.SaveAsync(first with { LastRow = 76 }, etag));
        await Assert.ThrowsAsync<ImportCheckpointConflictException>(() => checkpoints.SaveAsync(first, null));
        Assert.Equal(51, (await checkpoints.GetAsync(batch))!.Checkpoint.LastRow);
    }
}
