using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Xml;

namespace Disclosure.Adapters.Documents;

/// <summary>
/// What one extraction has spent of its <see cref="DocumentBudgets"/>: time since it started, bytes inflated, text
/// taken. The readers call it in their loops and read their parts through <see cref="Count"/>; past a limit it throws
/// <see cref="BudgetExceededException"/>, which the extractor turns into an incomplete extraction for a person.
/// </summary>
internal sealed class ExtractionBudget(DocumentBudgets limits, CancellationToken cancellationToken)
{
    private const long MiB = 1024 * 1024;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _inflated;

    public DocumentBudgets Limits => limits;

    /// <summary>
    /// The first limit that was passed. A library that catches every exception of a step it calls back into (PdfPig,
    /// lenient, reads on after a bad stream) would hide the throw; the extractor reads this afterwards instead.
    /// </summary>
    public string? ExceededBy { get; private set; }

    public void CheckTime()
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Stopwatch.GetElapsedTime(_started) > limits.MaxDuration)
            throw Exceed(string.Format(CultureInfo.InvariantCulture, ExtractionMessages.BudgetTime, limits.MaxDuration.TotalSeconds));
    }

    public void CheckText(StringBuilder text)
    {
        if (text.Length > limits.MaxChars) throw Exceed(CharsDetail, text.ToString(0, limits.MaxChars));
    }

    /// <summary>For text held apart from the output (a shared-strings table): <paramref name="chars"/> in all.</summary>
    public void CheckChars(long chars)
    {
        if (chars > limits.MaxChars) throw Exceed(CharsDetail);
    }

    public string CharsDetail => string.Format(CultureInfo.InvariantCulture, ExtractionMessages.BudgetChars, limits.MaxChars);

    public void CheckDepth(int depth)
    {
        if (depth > limits.MaxDepth)
            throw Exceed(string.Format(CultureInfo.InvariantCulture, ExtractionMessages.BudgetDepth, limits.MaxDepth));
    }

    /// <summary>Counts <paramref name="bytes"/> more inflated from <paramref name="part"/>, which has given <paramref name="partTotal"/> so far.</summary>
    public void CountInflated(string part, long partTotal, long bytes)
    {
        _inflated += bytes;
        if (partTotal > limits.MaxPartBytes)
            throw Exceed(string.Format(CultureInfo.InvariantCulture, ExtractionMessages.BudgetPart, part, limits.MaxPartBytes / MiB));
        if (_inflated > limits.MaxTotalBytes)
            throw Exceed(string.Format(CultureInfo.InvariantCulture, ExtractionMessages.BudgetTotal, limits.MaxTotalBytes / MiB));
        CheckTime();
    }

    /// <summary>The inflating stream of <paramref name="part"/>, counted as it is read: the size a zip declares is not trusted.</summary>
    public Stream Count(Stream inflating, string part) => new CountingStream(inflating, this, part);

    /// <summary>An XML part read with no DTD (so no entity expansion) and nothing fetched from anywhere.</summary>
    public XmlReader OpenXml(Stream inflating, string part) => XmlReader.Create(Count(inflating, part), SafeXml);

    /// <summary><see cref="XmlReader.Read"/> with the depth and time limits; a malformed part is "structure abnormal".</summary>
    public bool Read(XmlReader reader, string part)
    {
        bool more;
        try
        {
            more = reader.Read();
        }
        catch (XmlException)
        {
            // A DOCTYPE (DtdProcessing.Prohibit) lands here as well as a broken part: neither can be read as text.
            throw Exceed(string.Format(CultureInfo.InvariantCulture, ExtractionMessages.BudgetXml, part));
        }
        if (more) CheckDepth(reader.Depth);
        return more;
    }

    public BudgetExceededException Exceed(string detail, string textSoFar = "")
    {
        ExceededBy ??= detail;
        return new BudgetExceededException(detail, textSoFar);
    }

    private static readonly XmlReaderSettings SafeXml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private sealed class CountingStream(Stream inner, ExtractionBudget budget, string part) : Stream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            _read += read;
            budget.CountInflated(part, _read, read);
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>A file went past one of its <see cref="DocumentBudgets"/>; <see cref="TextSoFar"/> is what was read before.</summary>
internal sealed class BudgetExceededException(string detail, string textSoFar) : Exception(detail)
{
    public string Detail { get; } = detail;
    public string TextSoFar { get; } = textSoFar;
}
