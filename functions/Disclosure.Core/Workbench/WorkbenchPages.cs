using System.Reflection;
using Disclosure.Templating;
using Fluid.Values;

namespace Disclosure.Workbench;

/// <summary>
/// The pages departments and reviewers use (forms, status, queues), rendered from Liquid templates
/// (<see cref="EmbeddedTemplates"/>) with HTML encoding on by default: a page's body reaches the layout unencoded only
/// through <see cref="RenderedBodyFilter"/>, and only as the <see cref="RenderedBody"/> this class rendered (and so encoded) itself.
/// </summary>
public sealed class WorkbenchPages
{
    /// <summary>The layout's one unencoded output: the page body this class rendered (and so encoded) itself.</summary>
    public const string RenderedBodyFilter = "rendered_page_body";

    private const string Folder = "Workbench/Templates/";
    private static readonly EmbeddedTemplates Templates = CreateTemplates();
    private static readonly Lazy<string> LayoutStyleSource = new(() => StyleSourceOf(
        Templates.Render(Folder + "layout", new LayoutModel("", new RenderedBody(""), new PageChrome("", "", "", false)))));

    /// <summary>
    /// The annual figures form's script (its live totals, a progressive enhancement): allowed by its hash
    /// on that page only (<see cref="ContentSecurityPolicyWithFiguresScript"/>), so nothing else runs there or anywhere.
    /// </summary>
    private static readonly Lazy<string> FiguresScriptSource = new(() => HashOfElement(Templates.Render(Folder + "figures-script", new object()), "script"));

    /// <summary>The status page's script (updates the state and the check's section in place while the check runs), allowed by its hash.</summary>
    private static readonly Lazy<string> StatusScriptSource = new(() => HashOfElement(Templates.Render(Folder + "status-script", new object()), "script"));

    /// <summary>Renders <paramref name="template"/> inside the shared layout.</summary>
    public string Render(string template, string title, object model, PageChrome chrome)
    {
        var body = Templates.Render(Folder + template, model);
        var layout = new LayoutModel(title, new RenderedBody(body), chrome);
        return Templates.Render(Folder + "layout", layout);
    }

    /// <summary>
    /// The Content-Security-Policy of every workbench page: nothing from elsewhere, no script, no framing, forms post only
    /// here; the layout's one inline style block is allowed by its hash, so an injected style or script would not run.
    /// </summary>
    public static string ContentSecurityPolicy =>
        $"default-src 'none'; style-src {LayoutStyleSource.Value}; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>
    /// <see cref="ContentSecurityPolicy"/> of the annual figures form, the one page with a script: that script alone, by its
    /// hash. Every other page keeps a policy without script-src (default-src 'none': no script at all).
    /// </summary>
    public static string ContentSecurityPolicyWithFiguresScript =>
        ContentSecurityPolicy.Replace("; img-src", $"; script-src {FiguresScriptSource.Value}; img-src", StringComparison.Ordinal);

    /// <summary>
    /// <see cref="ContentSecurityPolicy"/> of an item's status page: its one script by hash, and requests to this origin only
    /// (the script fetches the same page again to take the state and the check's section from it).
    /// </summary>
    public static string ContentSecurityPolicyWithStatusScript =>
        ContentSecurityPolicy.Replace("; img-src", $"; script-src {StatusScriptSource.Value}; connect-src 'self'; img-src", StringComparison.Ordinal);

    private static string StyleSourceOf(string html) => HashOfElement(html, "style");

    /// <summary>The CSP source of the first inline <c>&lt;element&gt;</c>'s text: its SHA-256, or 'none' when there is none.</summary>
    private static string HashOfElement(string html, string element)
    {
        var start = html.IndexOf($"<{element}>", StringComparison.Ordinal);
        var end = html.IndexOf($"</{element}>", StringComparison.Ordinal);
        if (start < 0 || end < start) return "'none'";
        var text = html[(start + element.Length + 2)..end];
        return $"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))}'";
    }

    private static EmbeddedTemplates CreateTemplates()
    {
        // Templates reach only the members of the page models declared with [PageModel], nothing else.
        var templates = new EmbeddedTemplates(TemplateEncoders.Html,
            typeof(WorkbenchPages).Assembly.GetTypes().Where(t => t.GetCustomAttribute<PageModelAttribute>() is not null));
        // Every string a page shows (what a person typed above all, shown again after a refusal) with each character the
        // input policy refuses as U+FFFD: a control character is invalid HTML even as a reference, and a bidirectional
        // override would reorder the page around it. One place, so no form can forget it.
        templates.Options.ValueConverters.Add(value => value is string text && Intake.InputText.ShownAgain(text) is var shown && !ReferenceEquals(shown, text)
            ? new StringValue(shown)
            : null);
        templates.Options.Filters.AddFilter(RenderedBodyFilter, (input, _, _) => ValueTask.FromResult<FluidValue>(
            input.ToObjectValue() is RenderedBody body ? new StringValue(body.Html, encode: false) : new StringValue(input.ToStringValue())));
        return templates;
    }
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
    /// <summary>Shows the review queue: reviewers, and leaders who sign a step of a review chain (条例第十七条).</summary>
    public bool TakesReviewSteps { get; init; }
    /// <summary>A page for the public (the application form): no one is signed in, and the workbench's navigation is not theirs.</summary>
    public bool IsPublic { get; init; }
}

[PageModel]
public sealed record LayoutModel(string Title, RenderedBody Body, PageChrome Chrome);

/// <summary>A page body rendered by <see cref="WorkbenchPages"/> from an encoding template; only this type may be printed unencoded.</summary>
public sealed record RenderedBody(string Html);

/// <summary>A short page that says one thing (an error a person can act on, a confirmation).</summary>
[PageModel]
public sealed record MessageModel(string Text, string LinkUrl = "", string LinkText = "");
