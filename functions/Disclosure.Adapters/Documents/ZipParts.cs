using System.IO.Compression;

namespace Disclosure.Adapters.Documents;

/// <summary>The XML parts of a zip package (DOCX, XLSX), read once under the budget before a library reads them.</summary>
internal static class ZipParts
{
    /// <summary>
    /// Inflates every XML part through the budget's counter and parses it with no DTD, checking depth: a zip bomb,
    /// an entity expansion or a nesting that would overflow a recursive parser stops here, at the cost of a buffer,
    /// instead of inside the Open XML SDK (which loads parts whole and trusts them). Leaves the stream at the start.
    /// </summary>
    public static void InspectXml(Stream content, ExtractionBudget budget)
    {
        using (var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true))
        {
            foreach (var entry in zip.Entries)
            {
                budget.CheckTime();
                if (IsXml(entry.FullName))
                {
                    using var reader = budget.OpenXml(entry.Open(), entry.FullName);
                    while (budget.Read(reader, entry.FullName))
                    {
                    }
                }
                else
                {
                    // Media is not read by the extraction, but a part that inflates past the budget is not a document.
                    using var part = budget.Count(entry.Open(), entry.FullName);
                    part.CopyTo(Stream.Null);
                }
            }
        }
        content.Position = 0;
    }

    /// <summary>
    /// What the package reader parses: content types, relationships and XML parts. A part of another name that holds
    /// XML is still guarded by the SDK (no DTD, <see cref="DocumentFormat.OpenXml.Packaging.OpenSettings.MaxCharactersInPart"/>)
    /// and read as a stream.
    /// </summary>
    private static bool IsXml(string name) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".vml", StringComparison.OrdinalIgnoreCase);
}
