using Disclosure.Publishing.Search;

namespace Disclosure.Portal.Tests.Search;

public sealed class SiteFileReadsTests
{
    /// <summary>A site whose every read takes a while, as a round trip to Blob Storage does, and which notes how many overlap.</summary>
    private sealed class SlowSite(IReadOnlyDictionary<string, byte[]> files) : ISiteFileSource
    {
        private int _inFlight;

        public int MostInFlight { get; private set; }

        public int Reads { get; private set; }

        public async Task<byte[]?> ReadAsync(string path, CancellationToken ct)
        {
            var now = Interlocked.Increment(ref _inFlight);
            lock (this)
            {
                MostInFlight = Math.Max(MostInFlight, now);
                Reads++;
            }
            await Task.Delay(20, ct);
            Interlocked.Decrement(ref _inFlight);
            return files.TryGetValue(path, out var bytes) ? bytes : null;
        }
    }

    [Fact]
    public async Task Files_are_read_several_at_a_time_but_no_more_than_the_bound_and_each_lands_at_its_path()
    {
        var files = Enumerable.Range(0, 40).Where(i => i % 7 != 3).ToDictionary(i => SearchIndexFormat.ShardPath(i), i => new[] { (byte)i });
        var site = new SlowSite(files);
        var paths = Enumerable.Range(0, 40).Select(SearchIndexFormat.ShardPath).ToList();

        var read = await site.ReadAllAsync(paths, CancellationToken.None);

        Assert.Equal(40, site.Reads);
        Assert.InRange(site.MostInFlight, 2, SiteFileSourceReads.InFlight);
        for (var i = 0; i < 40; i++)
        {
            if (i % 7 == 3) Assert.Null(read[i]);
            else Assert.Equal(new[] { (byte)i }, read[i]);
        }
    }
}
