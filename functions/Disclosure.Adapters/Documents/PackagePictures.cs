using System.IO.Compression;
using System.Xml;
using Disclosure.Compliance;

namespace Disclosure.Adapters.Documents;

/// <summary>
/// The pictures of an Open XML package (DOCX, XLSX, PPTX): every part that a relationship of any part (the document,
/// a header or footer, a drawing, a slide, a chart) names as an image. Only the small relationship parts are read;
/// the pictures themselves are neither inflated nor decoded to be counted.
/// </summary>
internal static class PackagePictures
{
    public static PictureInventory Find(Stream content, ExtractionBudget budget)
    {
        try
        {
            content.Position = 0;
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var tally = new PictureTally(canOpen: true);
            foreach (var part in Parts(zip, budget)) tally.AddPart(part);
            return tally.ToInventory();
        }
        catch (Exception e) when (Parsing.IsUnreadableFile(e))
        {
            // The text reader has already said the package is damaged, and that sends it to a person.
            return PictureInventory.None;
        }
        finally
        {
            content.Position = 0;
        }
    }

    /// <summary>The picture parts' names, in ordinal order: picture n is the n-th of them, in the check and when it is served.</summary>
    public static IReadOnlyList<string> Parts(ZipArchive zip, ExtractionBudget budget)
    {
        var entries = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in zip.Entries) entries.TryAdd(entry.FullName.Replace('\\', '/'), entry.FullName);

        var pictures = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            budget.CheckTime();
            var name = entry.FullName.Replace('\\', '/');
            if (!name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)) continue;
            var sourceDirectory = SourceDirectory(name);
            using var reader = budget.OpenXml(entry.Open(), entry.FullName);
            while (budget.Read(reader, entry.FullName))
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Relationship") continue;
                // A linked picture (TargetMode="External") is not in the file; what is published is what is inside it.
                if (string.Equals(reader.GetAttribute("TargetMode"), "External", StringComparison.OrdinalIgnoreCase)) continue;
                if (!IsPictureRelationship(reader.GetAttribute("Type")) || reader.GetAttribute("Target") is not { Length: > 0 } target) continue;
                var resolved = PackagePath.Resolve(sourceDirectory, Uri.UnescapeDataString(target));
                if (entries.TryGetValue(resolved, out var stored)) pictures.Add(stored);
            }
        }
        return pictures.ToList();
    }

    /// <summary>
    /// ECMA-376 Part 1 §15.2.14 image relationships (transitional and strict namespaces end alike), and the HD Photo
    /// parts Office 2010 adds beside them.
    /// </summary>
    private static bool IsPictureRelationship(string? type) =>
        type is not null && (type.EndsWith("/image", StringComparison.Ordinal) || type.EndsWith("/hdphoto", StringComparison.Ordinal));

    /// <summary>"word/_rels/document.xml.rels" describes "word/document.xml": its targets are relative to "word/".</summary>
    private static string SourceDirectory(string relationshipPart)
    {
        var relsFolder = relationshipPart.LastIndexOf("_rels/", StringComparison.OrdinalIgnoreCase);
        return relsFolder < 0 ? "" : relationshipPart[..relsFolder];
    }
}

/// <summary>Part names inside a zip package (Open XML, OFD): forward slashes, no leading slash, relative to a folder.</summary>
internal static class PackagePath
{
    /// <summary>A location is relative to <paramref name="directory"/> unless it starts with '/'; ".." cannot climb above the root.</summary>
    public static string Resolve(string directory, string location)
    {
        var normalised = location.Replace('\\', '/');
        if (normalised.StartsWith('/')) return normalised.TrimStart('/');
        var parts = new List<string>(directory.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var part in normalised.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }
}
