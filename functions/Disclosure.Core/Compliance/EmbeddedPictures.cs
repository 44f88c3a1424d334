using System.Globalization;

namespace Disclosure.Compliance;

/// <summary>
/// One picture a document carries, as the reviewer's queue links to it. <see cref="Number"/> counts from 1 in the
/// document's own order (pages in order, then the pictures of each page; or the package's media parts by name), so the
/// same file always numbers the same picture the same way and a link needs nothing stored beside it.
/// <see cref="Part"/> is the package part it is stored in (DOCX/XLSX/PPTX/OFD); <see cref="Page"/> the page it is
/// drawn on (PDF/OFD). <see cref="CanOpen"/> says whether the picture itself can be served, or only its file.
/// </summary>
public sealed record EmbeddedPicture(int Number, string? Part, int? Page, bool CanOpen);

/// <summary>
/// The pictures of one file: how many (<see cref="Count"/>), on which pages, and the first <see cref="MaxListed"/> of
/// them. No picture is decoded to find this: a count, part names and page numbers are enough to send the file to a
/// person, and a file with ten thousand pictures costs ten thousand counts, not ten thousand images.
/// </summary>
public sealed record PictureInventory(int Count, IReadOnlyList<int> Pages, IReadOnlyList<EmbeddedPicture> Listed)
{
    /// <summary>Pictures linked one by one from the review queue; the count goes on past it.</summary>
    public const int MaxListed = 100;

    /// <summary>Page numbers named in a finding's message; the rest are summed up as "等".</summary>
    public const int MaxPagesNamed = 20;

    public static PictureInventory None { get; } = new(0, [], []);

    public bool HasPictures => Count > 0;

    /// <summary>The file is itself one picture (a JPEG or PNG attachment).</summary>
    public static PictureInventory WholeFile { get; } = new(1, [], [new EmbeddedPicture(1, null, null, CanOpen: true)]);

    /// <summary>"第1、3页，共4张" for paged files, "共4张" for the others.</summary>
    public string Describe()
    {
        var count = Count.ToString(CultureInfo.InvariantCulture);
        if (Pages.Count == 0) return $"共{count}张";
        var named = string.Join("、", Pages.Take(MaxPagesNamed).Select(p => p.ToString(CultureInfo.InvariantCulture)));
        var more = Pages.Count > MaxPagesNamed ? "等" : "";
        return $"第{named}页{more}，共{count}张";
    }
}

/// <summary>Counts pictures as a reader meets them, keeping the first <see cref="PictureInventory.MaxListed"/> and each page once.</summary>
public sealed class PictureTally(bool canOpen)
{
    private readonly List<int> _pages = [];
    private readonly List<EmbeddedPicture> _listed = [];
    private int _count;

    public int Count => _count;

    /// <summary>Adds <paramref name="pictures"/> drawn on <paramref name="page"/>; pages are expected in order.</summary>
    public void AddOnPage(int page, int pictures)
    {
        if (pictures <= 0) return;
        if (_pages.Count == 0 || _pages[^1] != page) _pages.Add(page);
        for (var i = 0; i < pictures && _listed.Count < PictureInventory.MaxListed; i++)
            _listed.Add(new EmbeddedPicture(_count + i + 1, null, page, canOpen));
        _count += pictures;
    }

    public void AddPart(string part)
    {
        _count++;
        if (_listed.Count < PictureInventory.MaxListed) _listed.Add(new EmbeddedPicture(_count, part, null, canOpen));
    }

    public PictureInventory ToInventory() => _count == 0 ? PictureInventory.None : new(_count, _pages.ToList(), _listed.ToList());
}

/// <summary>The pictures of one attachment of an item version, kept with its compliance record for the review queue.</summary>
public sealed record AttachmentPictures(string AttachmentId, string Source, PictureInventory Pictures);
