using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Publishing.Feeds;
using Disclosure.Publishing.Search;

namespace Disclosure.Publishing;

/// <summary>
/// Everything the site makes of one item, made where nobody sees it: its page, its feed entry and sitemap address, its
/// search entry. The publication runs it before it records 已发布, so an item is 已发布 only if the run can write its
/// page (issue 14); the run writes it next, and a run that stops part-way is completed by the next one. The render
/// queue runs it too, so an item that can never be published fails its message and becomes 发布失败.
/// </summary>
internal sealed class SiteEntryCheck(PortalRenderer renderer, CatalogueSettings catalogue)
{
    /// <param name="shown">The item as the portal would show it (<see cref="PublicCopy.Published"/>).</param>
    /// <param name="body">Its sanitized body.</param>
    /// <returns>Why the site cannot show it, or null.</returns>
    public string? Failure(DisclosureItem shown, string body)
    {
        try
        {
            var snapshot = new PortalSnapshot(catalogue, [shown], [], i => i.Id == shown.Id ? body : "");
            _ = renderer.RenderItemPages(snapshot, [shown.Id]).Single();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return PublicationFaultTexts.Page + e.Message;
        }
        try
        {
            new SiteSyndication(catalogue).Check(shown);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return PublicationFaultTexts.Feed + e.Message;
        }
        try
        {
            SearchIndexWriter.Check(SearchDocument.From(shown, catalogue, body));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return PublicationFaultTexts.Search + e.Message;
        }
        return null;
    }
}
