using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Disclosure.Templating;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Disclosure.Publishing;

/// <summary>
/// Sanitized body HTML of an item, as the caller stores it after sanitizing. It is the only value a template may write
/// unencoded, and only through the <c>sanitized_body_html</c> filter (<see cref="PortalTemplates.SanitizedBodyFilter"/>).
/// </summary>
public sealed class SanitizedBodyHtml
{
    internal SanitizedBodyHtml(string html) => Html = html;

    internal string Html { get; }

    public override string ToString() => Html;
}

/// <summary>
/// The Fluid templates of the portal (embedded <c>Publishing/Templates/*.liquid</c>), parsed once through
/// <see cref="EmbeddedTemplates"/>: output is HTML-encoded by default and no template can print a user string unencoded.
/// One layout (<c>layout.liquid</c>) wraps every page; it calls <c>{% page_content %}</c> where the page goes.
/// </summary>
internal sealed class PortalTemplates
{
    public const string SanitizedBodyFilter = "sanitized_body_html";

    /// <summary>The portal's encoder (<see cref="TemplateEncoders.Portal"/>): the renderer encodes plain-text bodies with it too.</summary>
    public static readonly HtmlEncoder Encoder = TemplateEncoders.Portal;

    private const string Folder = "Publishing/Templates/";
    private const string ContentKey = "portal.page-template";
    private readonly EmbeddedTemplates _templates;
    private readonly IFluidTemplate _layout;

    public PortalTemplates()
    {
        var parser = new FluidParser();
        parser.RegisterEmptyTag("page_content", RenderPageContent);
        _templates = new EmbeddedTemplates(Encoder, PortalViewTypes.All, parser);
        _templates.Options.Filters.AddFilter(SanitizedBodyFilter, SanitizedBody);
        _layout = _templates.Get(Folder + "layout");
    }

    /// <summary>Renders <paramref name="pageTemplate"/> inside the layout with <c>site</c> and <c>page</c> in scope.</summary>
    public byte[] Render(string pageTemplate, SiteView site, object page)
    {
        var template = _templates.Get(Folder + pageTemplate);
        var options = _templates.Options;
        var context = new TemplateContext(options);
        context.SetValue("site", FluidValue.Create(site, options));
        context.SetValue("page", FluidValue.Create(page, options));
        context.AmbientValues[ContentKey] = template;
        // One buffer per thread, reused: pages are rendered by the thousand and the copy to a string is not needed.
        var buffer = t_buffer ??= new StringBuilder(32 * 1024);
        buffer.Clear();
        using (var writer = new StringWriter(buffer, CultureInfo.InvariantCulture))
        {
            var pending = _layout.RenderAsync(writer, Encoder, context);
            if (!pending.IsCompletedSuccessfully) pending.AsTask().GetAwaiter().GetResult();
        }
        return ToUtf8(buffer);
    }

    [ThreadStatic]
    private static StringBuilder? t_buffer;

    private static byte[] ToUtf8(StringBuilder text)
    {
        var count = 0;
        foreach (var chunk in text.GetChunks()) count += Utf8.GetByteCount(chunk.Span);
        var bytes = new byte[count];
        var encoder = Utf8.GetEncoder();
        var written = 0;
        foreach (var chunk in text.GetChunks())
            written += encoder.GetBytes(chunk.Span, bytes.AsSpan(written), flush: false);
        written += encoder.GetBytes(ReadOnlySpan<char>.Empty, bytes.AsSpan(written), flush: true);
        return written == count ? bytes : bytes[..written];
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>An asset beside the templates (<c>site.css</c>, <c>site.js</c>).</summary>
    internal static string ReadResource(string fileName) => EmbeddedTemplates.ReadText(Folder + fileName);

    private static ValueTask<Completion> RenderPageContent(TextWriter writer, TextEncoder encoder, TemplateContext context)
    {
        var template = (IFluidTemplate)context.AmbientValues[ContentKey];
        var pending = template.RenderAsync(writer, encoder, context);
        return pending.IsCompletedSuccessfully ? new ValueTask<Completion>(Completion.Normal) : Await(pending);

        static async ValueTask<Completion> Await(ValueTask pending)
        {
            await pending;
            return Completion.Normal;
        }
    }

    /// <summary>
    /// The one way a body reaches a page unencoded: only a <see cref="SanitizedBodyHtml"/> passes through raw; any
    /// other value given to the filter is encoded like everything else.
    /// </summary>
    private static ValueTask<FluidValue> SanitizedBody(FluidValue input, FilterArguments arguments, TemplateContext context) =>
        input.ToObjectValue() is SanitizedBodyHtml body
            ? new StringValue(body.Html, encode: false)
            : new StringValue(input.ToStringValue());
}
