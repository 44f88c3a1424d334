using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Disclosure.Compliance;

namespace Disclosure.Adapters.Documents;

/// <summary>
/// Text of an OFD package (GB/T 33190-2016). OFD.xml names each document's root (DocBody/DocRoot, e.g.
/// Doc_0/Document.xml); the document lists its pages (Pages/Page/@BaseLoc, e.g. Pages/Page_0/Content.xml), and a
/// page's text is in the TextCode elements of its TextObjects. A page with ImageObjects and no TextCode is a scan.
/// </summary>
internal static class OfdText
{
    public static ExtractedText Extract(Stream content, ExtractionBudget budget)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var root = Find(zip, "OFD.xml");
            if (root is null) return ExtractedText.NotExtractable(ExtractionMessages.DamagedOfd);

            var text = new StringBuilder();
            var scannedPages = new List<int>();
            // Every page that draws an image is for a person to look at, text or not.
            var pictures = new PictureTally(canOpen: true);
            var pageNumber = 0;
            var pagesWithText = 0;
            // A page part may be listed any number of times: it is inflated and parsed once, its text reused.
            var readPages = new Dictionary<string, (string Text, int Images)>(StringComparer.OrdinalIgnoreCase);
            foreach (var documentPath in ElementTexts(root, "DocRoot", budget).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var document = Find(zip, documentPath);
                if (document is null) continue;
                var documentDirectory = Directory(documentPath);
                foreach (var pageLocation in AttributeValues(document, "Page", "BaseLoc", budget))
                {
                    budget.CheckTime();
                    if (++pageNumber > budget.Limits.MaxPages)
                        throw budget.Exceed(string.Format(CultureInfo.InvariantCulture, ExtractionMessages.BudgetPages, budget.Limits.MaxPages), text.ToString());
                    var pagePath = Resolve(documentDirectory, pageLocation);
                    if (!readPages.TryGetValue(pagePath, out var page))
                    {
                        if (Find(zip, pagePath) is not { } entry) continue;
                        readPages[pagePath] = page = ReadPage(entry, budget);
                    }
                    pictures.AddOnPage(pageNumber, page.Images);
                    if (page.Text.Length > 0) { text.Append(page.Text).Append("\n\n"); pagesWithText++; }
                    else if (page.Images > 0) scannedPages.Add(pageNumber);
                    budget.CheckText(text);
                }
            }

            var extracted = text.ToString().TrimEnd();
            var result = scannedPages.Count == 0 ? ExtractedText.Complete(extracted)
                : pagesWithText == 0 ? ExtractedText.Partial(extracted, ExtractionMessages.ScannedOfd)
                : ExtractedText.Partial(extracted, string.Format(ExtractionMessages.ScannedOfdPages, string.Join("、", scannedPages)));
            return result with { Pictures = pictures.ToInventory() };
        }
        catch (Exception e) when (Parsing.IsUnreadableFile(e))
        {
            return ExtractedText.NotExtractable(ExtractionMessages.DamagedOfd);
        }
    }

    /// <summary>
    /// The part holding picture <paramref name="number"/>, counted as <see cref="Extract"/> counts the ImageObjects
    /// (documents, then the pages as listed, then the objects of each page). An ImageObject's ResourceID names a
    /// MultiMedia of the document's resource files (CommonData/PublicRes, DocumentRes; GB/T 33190 §7.9), whose
    /// MediaFile is relative to the resource file's BaseLoc. Null when there is no such picture or it cannot be found.
    /// </summary>
    public static ZipArchiveEntry? FindPicture(ZipArchive zip, int number, ExtractionBudget budget)
    {
        if (Find(zip, "OFD.xml") is not { } root) return null;
        var seen = 0;
        var pageNumber = 0;
        foreach (var documentPath in ElementTexts(root, "DocRoot", budget).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (Find(zip, documentPath) is not { } document) continue;
            var documentDirectory = Directory(documentPath);
            Dictionary<string, string>? media = null;
            foreach (var pageLocation in AttributeValues(document, "Page", "BaseLoc", budget))
            {
                budget.CheckTime();
                if (++pageNumber > budget.Limits.MaxPages) return null;
                if (Find(zip, Resolve(documentDirectory, pageLocation)) is not { } page) continue;
                foreach (var resourceId in AttributeValues(page, "ImageObject", "ResourceID", budget, keepEmpty: true))
                {
                    if (++seen < number) continue;
                    media ??= MediaFiles(zip, document, documentDirectory, budget);
                    return media.TryGetValue(resourceId, out var path) ? Find(zip, path) : null;
                }
            }
        }
        return null;
    }

    /// <summary>MultiMedia ID → the media file's path in the package, from the document's resource files.</summary>
    private static Dictionary<string, string> MediaFiles(ZipArchive zip, ZipArchiveEntry document, string documentDirectory, ExtractionBudget budget)
    {
        var media = new Dictionary<string, string>(StringComparer.Ordinal);
        var resourceFiles = ElementTexts(document, "PublicRes", budget).Concat(ElementTexts(document, "DocumentRes", budget));
        foreach (var resourcePath in resourceFiles.Select(r => Resolve(documentDirectory, r)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (Find(zip, resourcePath) is not { } resources) continue;
            var baseDirectory = Directory(resourcePath);
            string? id = null;
            using var reader = budget.OpenXml(resources.Open(), resources.FullName);
            while (budget.Read(reader, resources.FullName))
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                switch (reader.LocalName)
                {
                    case "Res" when reader.GetAttribute("BaseLoc") is { Length: > 0 } baseLocation:
                        baseDirectory = Resolve(Directory(resourcePath), baseLocation.TrimEnd('/')) + "/";
                        break;
                    case "MultiMedia":
                        id = reader.GetAttribute("ID");
                        break;
                    case "MediaFile" when id is not null && !reader.IsEmptyElement:
                        media.TryAdd(id, Resolve(baseDirectory, reader.ReadElementContentAsString().Trim()));
                        id = null;
                        break;
                }
            }
        }
        return media;
    }

    /// <summary>One line per TextObject; the TextCode pieces of one object are written together.</summary>
    private static (string Text, int Images) ReadPage(ZipArchiveEntry page, ExtractionBudget budget)
    {
        var text = new StringBuilder();
        var images = 0;
        using var reader = budget.OpenXml(page.Open(), page.FullName);
        var inTextObject = false;
        var more = budget.Read(reader, page.FullName);
        while (more)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                switch (reader.LocalName)
                {
                    case "ImageObject":
                        images++;
                        break;
                    case "TextObject":
                        inTextObject = true;
                        break;
                    case "TextCode" when !reader.IsEmptyElement:
                        text.Append(reader.ReadElementContentAsString());
                        budget.CheckText(text);
                        // ReadElementContentAsString moved past the end tag; the next node is already current.
                        if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "TextObject") EndObject();
                        break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "TextObject")
            {
                EndObject();
            }
            more = budget.Read(reader, page.FullName);
        }
        return (text.ToString().TrimEnd(), images);

        void EndObject()
        {
            if (inTextObject && text.Length > 0 && text[^1] != '\n') text.Append('\n');
            inTextObject = false;
        }
    }

    private static List<string> ElementTexts(ZipArchiveEntry entry, string localName, ExtractionBudget budget)
    {
        var values = new List<string>();
        using var reader = budget.OpenXml(entry.Open(), entry.FullName);
        while (budget.Read(reader, entry.FullName))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == localName && !reader.IsEmptyElement)
                values.Add(reader.ReadElementContentAsString().Trim());
        }
        return values;
    }

    /// <summary>Lazily, so a document listing a million pages is read only as far as the page budget goes.</summary>
    private static IEnumerable<string> AttributeValues(ZipArchiveEntry entry, string localName, string attribute, ExtractionBudget budget,
        bool keepEmpty = false)
    {
        using var reader = budget.OpenXml(entry.Open(), entry.FullName);
        while (budget.Read(reader, entry.FullName))
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != localName) continue;
            // keepEmpty: every element counts (an ImageObject without a resource is still a picture), found or not.
            var value = reader.GetAttribute(attribute);
            if (value is { Length: > 0 }) yield return value.Trim();
            else if (keepEmpty) yield return "";
        }
    }

    private static ZipArchiveEntry? Find(ZipArchive zip, string path)
    {
        var normalised = path.Replace('\\', '/').TrimStart('/');
        return zip.GetEntry(normalised)
               ?? zip.Entries.FirstOrDefault(e => e.FullName.Replace('\\', '/').Equals(normalised, StringComparison.OrdinalIgnoreCase));
    }

    private static string Directory(string path)
    {
        var normalised = path.Replace('\\', '/').TrimStart('/');
        var slash = normalised.LastIndexOf('/');
        return slash < 0 ? "" : normalised[..(slash + 1)];
    }

    /// <summary>GB/T 33190 locations are relative to the referring file's directory unless they start with '/'.</summary>
    private static string Resolve(string directory, string location) => PackagePath.Resolve(directory, location);
}
