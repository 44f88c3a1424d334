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
            // Every page that draws an image is for a person to look at, text or not; OFD pictures are shown with their file.
            var pictures = new PictureTally(canOpen: false);
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
    private static IEnumerable<string> AttributeValues(ZipArchiveEntry entry, string localName, string attribute, ExtractionBudget budget)
    {
        using var reader = budget.OpenXml(entry.Open(), entry.FullName);
        while (budget.Read(reader, entry.FullName))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == localName && reader.GetAttribute(attribute) is { Length: > 0 } value)
                yield return value.Trim();
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
