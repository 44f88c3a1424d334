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

        // One browser for both viewports.
        var checks = await NarrowScreen.CheckAsync(site.Server.BaseUrl, pages, [NarrowScreen.Phone, NarrowScreen.Desktop]);
        var phone = checks.Where(c => c.Width == NarrowScreen.Phone.Width).ToList();
        var desktop = checks.Where(c => c.Width == NarrowScreen.Desktop.Width).ToList();

        Assert.Equal(pages.Count, phone.Count);
        var problems = phone.Concat(desktop).SelectMany(c => c.Problems()).ToList();
        foreach (var problem in problems) output.WriteLine(problem);
        Assert.Empty(problems);
    }
}
