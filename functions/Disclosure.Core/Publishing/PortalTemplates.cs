using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
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
/// The Fluid templates of the portal (embedded <c>Publishing/Templates/*.liquid</c>), parsed once. Output is
/// HTML-encoded by default; the <c>raw</c> filter is removed so that no template can print a user string unencoded.
/// One layout (<c>layout.liquid</c>) wraps every page; it calls <c>{% page_content %}</c> where the page goes.
/// </summary>
internal sealed class PortalTemplates
{
    public const string SanitizedBodyFilter = "sanitized_body_html";

    /// <summary>
    /// Encodes the HTML-significant characters (&lt; &gt; &amp; quotes) but not Chinese text: <c>HtmlEncoder.Default</c>
    /// would write every Han character as a numeric reference, tripling page size and making the source unreadable.
    /// </summary>
    public static readonly HtmlEncoder Encoder = HtmlEncoder.Create(new TextEncoderSettings(UnicodeRanges.All));

    private const string ContentKey = "portal.page-template";
    private readonly TemplateOptions _options;
    private readonly IFluidTemplate _layout;
    private readonly ConcurrentDictionary<string, IFluidTemplate> _pages = new(StringComparer.Ordinal);
    private readonly FluidParser _parser;

    public PortalTemplates()
    {
        _parser = new FluidParser();
        _parser.RegisterEmptyTag("page_content", RenderPageContent);

        _options = new TemplateOptions { StrictFilters = true };
        _options.Filters.Remove("raw");
        _options.Filters.AddFilter(SanitizedBodyFilter, SanitizedBody);
        foreach (var type in PortalViewTypes.All) _options.MemberAccessStrategy.Register(type);

        _layout = Parse("layout");
    }

    /// <summary>Renders <paramref name="pageTemplate"/> inside the layout with <c>site</c> and <c>page</c> in scope.</summary>
    public byte[] Render(string pageTemplate, SiteView site, object page)
    {
        var template = _pages.GetOrAdd(pageTemplate, Parse);
        var context = new TemplateContext(_options);
        context.SetValue("site", FluidValue.Create(site, _options));
        context.SetValue("page", FluidValue.Create(page, _options));
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

    internal static string ReadResource(string fileName)
    {
        var name = "Disclosure.Publishing.Templates." + fileName;
        using var stream = typeof(PortalTemplates).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"门户模板 {fileName} 未嵌入程序集");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private IFluidTemplate Parse(string name)
    {
        var source = ReadResource(name + ".liquid");
        if (!_parser.TryParse(source, out var template, out var error))
            throw new InvalidOperationException($"门户模板 {name}.liquid 有语法错误：{error}");
        return template;
    }

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
