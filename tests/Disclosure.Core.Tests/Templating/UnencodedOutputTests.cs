using System.Text.RegularExpressions;
using Disclosure.Publishing;
using Disclosure.Workbench;

namespace Disclosure.Tests.Templating;

/// <summary>
/// The workbench's and the portal's templates are written HTML-encoded; each renderer lets exactly one value through
/// unencoded, by a filter of its own that only takes what the renderer made safe. Liquid's <c>raw</c> would bypass that.
/// </summary>
public class UnencodedOutputTests
{
    [Theory]
    [InlineData("Disclosure.Workbench.", WorkbenchPages.RenderedBodyFilter)]
    [InlineData("Disclosure.Publishing.", PortalTemplates.SanitizedBodyFilter)]
    public void Templates_print_unencoded_only_through_their_renderer_s_filter_and_only_once(string resourcePrefix, string filter)
    {
        var assembly = typeof(WorkbenchPages).Assembly;
        var templates = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal) && n.EndsWith(".liquid", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(templates);
        var uses = 0;
        foreach (var name in templates)
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            var source = reader.ReadToEnd();
            Assert.DoesNotMatch(@"\|\s*raw\b", source);
            uses += Regex.Matches(source, @"\|\s*" + filter + @"\b").Count;
        }
        Assert.Equal(1, uses);
    }
}
