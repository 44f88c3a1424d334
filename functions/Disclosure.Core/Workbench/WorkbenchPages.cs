using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Fluid.Values;

namespace Disclosure.Workbench;

/// <summary>
/// The pages departments and reviewers use (forms, status, queues), rendered from Liquid templates with HTML encoding
/// on by default: a value reaches a page unencoded only through the template's explicit <c>raw</c> filter.
/// </summary>
public sealed class WorkbenchPages
{
    private static readonly FluidParser Parser = new();
    // Encodes markup characters (< > & " ') but leaves Chinese readable; HtmlEncoder.Default would escape every CJK character.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly ConcurrentDictionary<string, IFluidTemplate> Templates = new();
    /// <summary>The layout's one unencoded output: the page body this class rendered (and so encoded) itself.</summary>
    public const string RenderedBodyFilter = "rendered_page_body";

    private readonly TemplateOptions _options = new() { StrictFilters = true };

    public WorkbenchPages()
    {
        _options.Filters.Remove("raw");
        _options.Filters.AddFilter(RenderedBodyFilter, (input, _, _) => ValueTask.FromResult<FluidValue>(
            input.ToObjectValue() is RenderedBody body ? new StringValue(body.Html, encode: false) : new StringValue(input.ToStringValue())));
        // Templates reach only the members of the page models declared here, nothing else.
        foreach (var type in typeof(WorkbenchPages).Assembly.GetTypes().Where(t => t.GetCustomAttribute<PageModelAttribute>() is not null))
            _options.MemberAccessStrategy.Register(type);
    }

    /// <summary>Renders <paramref name="template"/> inside the shared layout.</summary>
    public string Render(string template, string title, object model, PageChrome chrome)
    {
        var body = Template(template).Render(new TemplateContext(model, _options), Encoder);
        var layout = new LayoutModel(title, new RenderedBody(body), chrome);
        return Template("layout").Render(new TemplateContext(layout, _options), Encoder);
    }

    private static IFluidTemplate Template(string name) => Templates.GetOrAdd(name, n =>
    {
        var resource = $"Disclosure.Workbench.Templates.{n}.liquid";
        using var stream = typeof(WorkbenchPages).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Template {resource} is not embedded.");
        using var reader = new StreamReader(stream);
        return Parser.TryParse(reader.ReadToEnd(), out var parsed, out var error)
            ? parsed
            : throw new InvalidOperationException($"Template {n}: {error}");
    });
}

/// <summary>Marks a type whose public properties page templates may read.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PageModelAttribute : Attribute;

/// <summary>Who is signed in and what the navigation offers them.</summary>
[PageModel]
public sealed record PageChrome(string AgencyName, string UserName, string DepartmentName, bool IsReviewer)
{
    /// <summary>Shows the administration links (the outbox).</summary>
    public bool IsAdministrator { get; init; }
}

[PageModel]
public sealed record LayoutModel(string Title, RenderedBody Body, PageChrome Chrome);

/// <summary>A page body rendered by <see cref="WorkbenchPages"/> from an encoding template; only this type may be printed unencoded.</summary>
public sealed record RenderedBody(string Html);

/// <summary>A short page that says one thing (an error a person can act on, a confirmation).</summary>
[PageModel]
public sealed record MessageModel(string Text, string LinkUrl = "", string LinkText = "");
