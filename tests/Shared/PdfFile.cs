using System.Text;

namespace Disclosure.Tests.Shared;

/// <summary>
/// A PDF written by hand, object by object, for the files a PDF library will not write (an encrypted one, a hostile
/// one) or that must stay tiny: header, the numbered objects (object 1 is the catalogue), the cross-reference table
/// and the trailer.
/// </summary>
public static class PdfFile
{
    /// <param name="objects">The bodies of objects 1, 2, …; object 1 must be the document catalogue.</param>
    /// <param name="trailerEntries">Entries the trailer adds after /Size and /Root (e.g. <c>/Encrypt 4 0 R</c>).</param>
    public static byte[] Write(IReadOnlyList<string> objects, string trailerEntries = "") =>
        Write(objects.Select(Encoding.ASCII.GetBytes).ToList(), trailerEntries);

    /// <summary>The same, for object bodies that hold binary stream data.</summary>
    public static byte[] Write(IReadOnlyList<byte[]> objects, string trailerEntries = "")
    {
        var pdf = new MemoryStream();
        Ascii(pdf, "%PDF-1.4\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            Ascii(pdf, $"{i + 1} 0 obj\n");
            pdf.Write(objects[i]);
            Ascii(pdf, "\nendobj\n");
        }
        var xref = pdf.Position;
        Ascii(pdf, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) Ascii(pdf, $"{offset:D10} 00000 n \n");
        var entries = trailerEntries.Length > 0 ? " " + trailerEntries : "";
        Ascii(pdf, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R{entries} >>\n");
        Ascii(pdf, $"startxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    /// <summary>A stream object's body: its dictionary (with /Length and <paramref name="entries"/>) and data.</summary>
    public static byte[] Stream(byte[] data, string entries = "") =>
        [.. Encoding.ASCII.GetBytes($"<< /Length {data.Length} {entries} >>\nstream\n"), .. data, .. Encoding.ASCII.GetBytes("\nendstream")];

    private static void Ascii(Stream pdf, string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
}
