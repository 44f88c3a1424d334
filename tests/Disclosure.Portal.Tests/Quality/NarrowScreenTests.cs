using Disclosure.Tests.Shared;
using Xunit.Abstractions;

namespace Disclosure.Portal.Tests.Quality;

/// <summary>
/// The portal on a 375×812 phone (the width most phones report): no page scrolls sideways, every metadata label sits
/// by its value (no more than one line between them), and on a desktop no short word in a table splits over two lines.
/// </summary>
public class NarrowScreenTests(RenderedSampleSite site, ITestOutputHelper output) : IClassFixture<RenderedSampleSite>
{
    [Fact]
    public async Task Every_portal_page_type_fits_a_375_px_phone_with_labels_beside_their_values()
    {
        var pages = site.EveryPageType().Where(p => p != "/no-such-page.html").ToList();

        var phone = await NarrowScreen.CheckAsync(site.Server.BaseUrl, pages, 375, 812);
        var desktop = await NarrowScreen.CheckAsync(site.Server.BaseUrl, pages, 1280, 900);

        Assert.Equal(pages.Count, phone.Count);
        var problems = phone.Concat(desktop).SelectMany(c => c.Problems()).ToList();
        foreach (var problem in problems) output.WriteLine(problem);
        Assert.Empty(problems);
    }
}
