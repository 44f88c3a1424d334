using Azure.Data.Tables;

namespace Disclosure.Adapters.Storage;

/// <summary>
/// One page of a table that keeps one current row per partition (items, applications). Rows come back in PartitionKey
/// order, so a page continues with <c>PartitionKey gt</c> the last key it returned: a stable position however rows change
/// in between. The service applies the query; <c>keep</c> is what it cannot ask (a title's substring, a computed due
/// date). One more kept row than the page holds is read to know whether a next page exists.
/// </summary>
internal static class PartitionPaging
{
    /// <summary>
    /// The most rows one list request reads when <c>keep</c> drops most of them: the page then ends early with a
    /// continuation, so a rare match never makes one request read the whole table.
    /// </summary>
    public const int MaxRowsReadPerPage = 2000;

    /// <returns>The kept rows and the partition key the next page starts after (null on the last page).</returns>
    public static async Task<(List<T> Page, string? Next)> ReadAsync<T>(
        TableClient table, string query, int pageSize, string? after, Func<TableEntity, T> read, Func<T, bool> keep, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        if (after is not null) query += " and " + TableClient.CreateQueryFilter($"PartitionKey gt {after}");

        var page = new List<T>(Math.Min(pageSize, 100));
        var rowsRead = 0;
        string? lastKept = null;
        await foreach (var row in table.QueryAsync<TableEntity>(query, maxPerPage: Math.Min(pageSize + 1, 1000), cancellationToken: ct))
        {
            var value = read(row);
            if (keep(value))
            {
                if (page.Count == pageSize) return (page, lastKept);
                page.Add(value);
                lastKept = row.PartitionKey;
            }
            if (++rowsRead >= MaxRowsReadPerPage) return (page, row.PartitionKey);
        }
        return (page, null);
    }
}
