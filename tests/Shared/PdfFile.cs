using System.Text;

namespace Disclosure.Tests.Shared;

/// <summary>
/// A PDF written by hand, object by object, for the files a PDF library will not write (an encrypted one) or that must
/// stay tiny: header, the numbered objects (object 1 is the catalogue), the cross-reference table and the trailer.
/// </summary>
public static class PdfFile
{
    /// <param name="objects">The bodies of objects 1, 2, …; object 1 must be the document catalogue.</param>
    /// <param name="trailerEntries">Entries the trailer adds after /Size and /Root (e.g. <c>/Encrypt 4 0 R</c>).</param>
    public static byte[] Write(IReadOnlyList<string> objects, string trailerEntries = "")
    {
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append($"{offset:D10} 00000 n \n");
        var entries = trailerEntries.Length > 0 ? " " + trailerEntries : "";
        pdf.Append($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R{entries} >>\n");
        pdf.Append($"startxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
