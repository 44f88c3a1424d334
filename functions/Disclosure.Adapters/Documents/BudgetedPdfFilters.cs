using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Disclosure.Adapters.Documents;

/// <summary>
/// PdfPig's filters with the budget in front: every stream PdfPig decodes (content, object streams, fonts) passes here.
/// A Flate or RunLength stream is measured before it is decoded, by inflating it into a counter, so a stream of
/// zeros that would inflate to gigabytes is stopped at the cost of a buffer; every decoded stream counts towards the
/// file's total, so one content stream referenced by every page is stopped too.
/// </summary>
internal sealed class BudgetedPdfFilters(IFilterProvider inner, ExtractionBudget budget) : IFilterProvider
{
    public IReadOnlyList<IFilter> GetFilters(DictionaryToken dictionary) => Wrap(inner.GetFilters(dictionary));

    public IReadOnlyList<IFilter> GetNamedFilters(IReadOnlyList<NameToken> names) => Wrap(inner.GetNamedFilters(names));

    public IReadOnlyList<IFilter> GetAllFilters() => Wrap(inner.GetAllFilters());

    private IReadOnlyList<IFilter> Wrap(IReadOnlyList<IFilter> filters) => filters.Select(f => (IFilter)new Budgeted(f, budget)).ToList();

    private sealed class Budgeted(IFilter filter, ExtractionBudget budget) : IFilter
    {
        public bool IsSupported => filter.IsSupported;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            budget.CheckTime();
            var part = ExtractionMessages.PdfStream;
            switch (filter)
            {
                case FlateFilter:
                    budget.CountInflated(part, InflatedLength(input, budget.Limits.MaxPartBytes + 1), 0);
                    break;
                case RunLengthFilter:
                    budget.CountInflated(part, RunLengthLength(input.Span), 0);
                    break;
            }
            var output = filter.Decode(input, streamDictionary, filterProvider, filterIndex);
            budget.CountInflated(part, output.Length, output.Length);
            return output;
        }
    }

    /// <summary>
    /// What a Flate stream inflates to, up to <paramref name="limit"/>; as PdfPig reads it (the two-byte zlib header
    /// skipped, the checksum ignored), so a stream it would decode is not measured short.
    /// </summary>
    private static long InflatedLength(ReadOnlyMemory<byte> input, long limit)
    {
        if (input.Length <= 2) return 0;
        var data = input[2..];
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        long total = 0;
        try
        {
            using var compressed = MemoryMarshal.TryGetArray(data, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(data.ToArray(), writable: false);
            using var inflating = new DeflateStream(compressed, CompressionMode.Decompress);
            int read;
            while (total < limit && (read = inflating.Read(buffer)) > 0) total += read;
        }
        catch (InvalidDataException)
        {
            // Corrupt data: PdfPig keeps what inflated before the error, which is what was counted.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return total;
    }

    /// <summary>RunLengthDecode (PDF 32000-1 7.4.5): a length byte, then literal bytes or one byte repeated; 128 ends.</summary>
    private static long RunLengthLength(ReadOnlySpan<byte> input)
    {
        long total = 0;
        for (var i = 0; i < input.Length;)
        {
            var length = input[i];
            if (length == 128) break;
            if (length < 128) { total += length + 1; i += length + 2; }
            else { total += 257 - length; i += 2; }
        }
        return total;
    }
}
