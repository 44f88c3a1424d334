using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Disclosure.Intake;

/// <summary>A file type the portal accepts as an attachment, with the content type and extension it is served under.</summary>
public sealed record AttachmentType(string Name, string ContentType, string Extension)
{
    public override string ToString() => Name;
}

/// <summary>
/// What a file turned out to be. <see cref="Type"/> is null when the file is refused, and then
/// <see cref="RefusalReason"/> says why in words a department clerk understands.
/// </summary>
public sealed record AttachmentDetection(AttachmentType? Type, string? RefusalReason, bool ExtensionCorrected)
{
    public bool IsAllowed => Type is not null;

    internal static AttachmentDetection Refused(string reason) => new(null, reason, false);
}

/// <summary>
/// Decides what an uploaded file is from its bytes. The uploaded name is only a hint, used to tell .doc from .xls
/// when the compound file's directory cannot be read: a name can lie (报告.pdf.exe, 名单.jpg that is a spreadsheet),
/// content cannot, and the published file is served with the content type found here.
/// </summary>
public static class AttachmentTypes
{
    public static readonly AttachmentType Pdf = new("PDF", "application/pdf", ".pdf");
    /// <summary>GB/T 33190-2016, the Chinese fixed-layout format used for official documents (版式文件).</summary>
    public static readonly AttachmentType Ofd = new("OFD", "application/ofd", ".ofd");
    public static readonly AttachmentType Docx = new("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
    public static readonly AttachmentType Xlsx = new("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");
    public static readonly AttachmentType Doc = new("Word 97-2003", "application/msword", ".doc");
    public static readonly AttachmentType Xls = new("Excel 97-2003", "application/vnd.ms-excel", ".xls");
    public static readonly AttachmentType Jpeg = new("JPEG", "image/jpeg", ".jpg");
    public static readonly AttachmentType Png = new("PNG", "image/png", ".png");

    public static IReadOnlyList<AttachmentType> All { get; } = [Pdf, Ofd, Docx, Xlsx, Doc, Xls, Jpeg, Png];

    /// <summary>The number of leading bytes <see cref="Classify"/> needs to recognise every signature.</summary>
    public const int HeaderLength = 8;

    internal const string RefusedUnknown = "不支持的文件类型：只接受 PDF、OFD、Word（.docx/.doc）、Excel（.xlsx/.xls）、JPEG 和 PNG 文件。文件类型按内容识别，修改扩展名无效。";
    internal const string RefusedMacros = "文件含有宏代码，不予接收：请另存为不含宏的 .docx/.xlsx 或 PDF 后重新上传。";
    internal const string RefusedEncrypted = "文件已加密或设有打开密码，无法审查其内容：请去除密码后重新上传。";
    internal const string RefusedDamaged = "文件已损坏或结构不完整，无法识别：请重新导出后上传。";
    internal const string RefusedEmpty = "文件为空。";

    private static readonly byte[] PdfSignature = "%PDF-"u8.ToArray();
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] CompoundFileSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>The container family a header announces; a zip or compound file needs its structure read to know more.</summary>
    public enum Signature { Unknown, Pdf, Png, Jpeg, Zip, CompoundFile }

    public static Signature Classify(ReadOnlySpan<byte> header)
    {
        // The PDF header must open the file: readers tolerate leading junk, but a file that is something else first
        // (a polyglot) is exactly what must not be published under application/pdf.
        if (header.StartsWith(PdfSignature)) return Signature.Pdf;
        if (header.StartsWith(PngSignature)) return Signature.Png;
        if (header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF) return Signature.Jpeg;
        if (header.StartsWith(ZipSignature)) return Signature.Zip;
        if (header.StartsWith(CompoundFileSignature)) return Signature.CompoundFile;
        return Signature.Unknown;
    }

    /// <summary>
    /// Detects the type of <paramref name="content"/>. A seekable stream is read where it stands and put back there;
    /// a forward-only stream is buffered. <paramref name="uploadedName"/> only breaks the .doc/.xls tie.
    /// </summary>
    public static AttachmentDetection Detect(Stream content, string? uploadedName)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            var buffer = new MemoryStream();
            content.CopyTo(buffer);
            buffer.Position = 0;
            return Detect(buffer, uploadedName);
        }

        var start = content.Position;
        try
        {
            Span<byte> header = stackalloc byte[HeaderLength];
            var read = content.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
            if (read == 0) return AttachmentDetection.Refused(RefusedEmpty);
            var detection = Classify(header[..read]) switch
            {
                Signature.Pdf => new AttachmentDetection(Pdf, null, false),
                Signature.Png => new AttachmentDetection(Png, null, false),
                Signature.Jpeg => new AttachmentDetection(Jpeg, null, false),
                Signature.Zip => DetectZip(content, start),
                Signature.CompoundFile => DetectCompoundFile(content, start, uploadedName),
                _ => AttachmentDetection.Refused(RefusedUnknown),
            };

            return detection.Type is null
                ? detection
                : detection with { ExtensionCorrected = !HasExtension(uploadedName, detection.Type) };
        }
        finally
        {
            content.Position = start;
        }
    }

    private static bool HasExtension(string? name, AttachmentType type)
    {
        var extension = Path.GetExtension(name ?? "");
        if (extension.Equals(type.Extension, StringComparison.OrdinalIgnoreCase)) return true;
        return type == Jpeg && extension.Equals(".jpeg", StringComparison.OrdinalIgnoreCase);
    }

    // ---- zip containers: OFD, DOCX, XLSX ----

    private const string WordMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    private const string ExcelMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    /// <summary>[Content_Types].xml is a few kilobytes; a larger one is not worth inflating (zip bomb guard).</summary>
    private const int MaxContentTypesBytes = 1024 * 1024;

    private static AttachmentDetection DetectZip(Stream content, long start)
    {
        content.Position = start;
        try
        {
            using var zip = new ZipArchive(new OffsetStream(content, start), ZipArchiveMode.Read, leaveOpen: true);
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in zip.Entries) names.Add(entry.FullName.Replace('\\', '/'));

            if (names.Any(n => n.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
                return AttachmentDetection.Refused(RefusedMacros);

            // GB/T 33190 §7.4: the package entry point is OFD.xml at the root of the container.
            if (names.Contains("OFD.xml")) return new AttachmentDetection(Ofd, null, false);

            if (!names.Contains("[Content_Types].xml")) return AttachmentDetection.Refused(RefusedUnknown);
            var isWord = names.Contains("word/document.xml");
            var isExcel = names.Contains("xl/workbook.xml");
            if (!isWord && !isExcel) return AttachmentDetection.Refused(RefusedUnknown);

            // The main part's declared content type separates a document from a macro-enabled one (.docm/.xlsm renamed)
            // and from templates; a package without the declaration is still accepted on its part names.
            var declared = ReadDeclaredContentTypes(zip.GetEntry("[Content_Types].xml")!);
            if (declared.Any(t => t.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase)))
                return AttachmentDetection.Refused(RefusedMacros);
            if (isWord && (declared.Count == 0 || declared.Contains(WordMain) || !declared.Contains(ExcelMain)))
                return new AttachmentDetection(Docx, null, false);
            return new AttachmentDetection(Xlsx, null, false);
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or NotSupportedException)
        {
            return AttachmentDetection.Refused(RefusedDamaged);
        }
    }

    private static HashSet<string> ReadDeclaredContentTypes(ZipArchiveEntry entry)
    {
        var types = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (entry.Length > MaxContentTypesBytes) return types;
        using var stream = entry.Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "Override" or "Default"
                && reader.GetAttribute("ContentType") is { } type)
                types.Add(type);
        }
        return types;
    }

    // ---- OLE compound files (MS-CFB): DOC, XLS ----

    private static AttachmentDetection DetectCompoundFile(Stream content, long start, string? uploadedName)
    {
        IReadOnlyCollection<string>? streams;
        try
        {
            streams = CompoundFileDirectory.ReadNames(content, start);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or EndOfStreamException or ArgumentOutOfRangeException)
        {
            streams = null;
        }

        if (streams is not null)
        {
            bool Has(string name) => streams.Contains(name, StringComparer.OrdinalIgnoreCase);
            // An encrypted .docx/.xlsx is a compound file holding EncryptionInfo + EncryptedPackage (MS-OFFCRYPTO).
            if (Has("EncryptedPackage")) return AttachmentDetection.Refused(RefusedEncrypted);
            // Word keeps VBA in the "Macros" storage, Excel in "_VBA_PROJECT_CUR".
            if (Has("Macros") || Has("_VBA_PROJECT_CUR") || Has("VBA")) return AttachmentDetection.Refused(RefusedMacros);
            if (Has("WordDocument")) return new AttachmentDetection(Doc, null, false);
            // BIFF8 names its stream "Workbook"; BIFF5 (Excel 95) used "Book".
            if (Has("Workbook") || Has("Book")) return new AttachmentDetection(Xls, null, false);
            // PowerPoint, Outlook messages, installers... are compound files too, and none of them is accepted.
            return AttachmentDetection.Refused(RefusedUnknown);
        }

        // The directory could not be read (truncated or unusual sector layout): fall back to the name, among the two.
        var extension = Path.GetExtension(uploadedName ?? "");
        if (extension.Equals(".doc", StringComparison.OrdinalIgnoreCase)) return new AttachmentDetection(Doc, null, false);
        if (extension.Equals(".xls", StringComparison.OrdinalIgnoreCase)) return new AttachmentDetection(Xls, null, false);
        return AttachmentDetection.Refused(RefusedDamaged);
    }

    /// <summary>A read-only view of a stream from an offset on, so a zip that starts mid-stream reads as a whole file.</summary>
    private sealed class OffsetStream(Stream inner, long offset) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length - offset;
        public override long Position { get => inner.Position - offset; set => inner.Position = value + offset; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int index, int count) => inner.Read(buffer, index, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override long Seek(long position, SeekOrigin origin) => origin switch
        {
            SeekOrigin.Begin => inner.Seek(position + offset, SeekOrigin.Begin) - offset,
            SeekOrigin.Current => inner.Seek(position, SeekOrigin.Current) - offset,
            _ => inner.Seek(position, SeekOrigin.End) - offset,
        };
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int index, int count) => throw new NotSupportedException();
    }
}

/// <summary>
/// Reads the names in a compound file's directory (MS-CFB §2.6) without a third-party parser: the header gives the
/// sector size and the FAT sectors (the first 109 in the header, the rest through the DIFAT chain), the FAT gives the
/// directory's sector chain, and each 128-byte directory entry starts with its UTF-16 name.
/// </summary>
internal static class CompoundFileDirectory
{
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint MaxRegularSector = 0xFFFFFFFA;
    /// <summary>Bounds every chain walk, so a crafted cyclic chain cannot loop forever.</summary>
    private const int MaxSectorsWalked = 1 << 20;

    public static IReadOnlyCollection<string> ReadNames(Stream stream, long start)
    {
        var header = new byte[512];
        stream.Position = start;
        stream.ReadExactly(header);

        var sectorShift = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x1E));
        if (sectorShift is not (9 or 12)) throw new InvalidDataException("sector size");
        var sectorSize = 1 << sectorShift;
        var fatSectorCount = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x2C));
        var firstDirectorySector = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x30));
        var firstDifatSector = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x44));
        var difatSectorCount = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x48));
        var sectorCount = (stream.Length - start) / sectorSize;
        if (fatSectorCount > sectorCount || difatSectorCount > sectorCount) throw new InvalidDataException("sector counts");

        byte[] ReadSector(uint index)
        {
            if (index > MaxRegularSector || index >= sectorCount) throw new InvalidDataException("sector index");
            var buffer = new byte[sectorSize];
            // Sector 0 follows the header, which occupies one sector's worth of space.
            stream.Position = start + (index + 1L) * sectorSize;
            var read = stream.ReadAtLeast(buffer, sectorSize, throwOnEndOfStream: false);
            if (read < sectorSize && read < 128) throw new InvalidDataException("short sector");
            return buffer;
        }

        var fatSectors = new List<uint>();
        for (var i = 0; i < 109 && fatSectors.Count < fatSectorCount; i++)
            fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x4C + i * 4)));
        var difat = firstDifatSector;
        for (var walked = 0; fatSectors.Count < fatSectorCount && difat <= MaxRegularSector; walked++)
        {
            if (walked > difatSectorCount) throw new InvalidDataException("DIFAT chain");
            var sector = ReadSector(difat);
            var perSector = sectorSize / 4 - 1;
            for (var i = 0; i < perSector && fatSectors.Count < fatSectorCount; i++)
                fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(i * 4)));
            difat = BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(sectorSize - 4));
        }

        var entriesPerFatSector = sectorSize / 4;
        var fatCache = new Dictionary<int, byte[]>();
        uint Next(uint sector)
        {
            var fatIndex = (int)(sector / (uint)entriesPerFatSector);
            if (fatIndex >= fatSectors.Count) throw new InvalidDataException("FAT index");
            if (!fatCache.TryGetValue(fatIndex, out var fat)) fatCache[fatIndex] = fat = ReadSector(fatSectors[fatIndex]);
            return BinaryPrimitives.ReadUInt32LittleEndian(fat.AsSpan((int)(sector % (uint)entriesPerFatSector) * 4));
        }

        var names = new List<string>();
        var current = firstDirectorySector;
        for (var walked = 0; current != EndOfChain; walked++)
        {
            if (walked > MaxSectorsWalked) throw new InvalidDataException("directory chain");
            var sector = ReadSector(current);
            for (var offset = 0; offset + 128 <= sectorSize; offset += 128)
            {
                var entry = sector.AsSpan(offset, 128);
                var objectType = entry[0x42];
                if (objectType is not (1 or 2 or 5)) continue; // unused entry
                var nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(entry[0x40..]);
                if (nameBytes is < 2 or > 64) continue;
                names.Add(Encoding.Unicode.GetString(entry[..(nameBytes - 2)]));
            }
            current = Next(current);
        }
        return names;
    }
}
