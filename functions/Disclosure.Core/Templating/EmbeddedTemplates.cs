using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using Fluid;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Disclosure.Templating;

/// <summary>
/// The one way this assembly writes HTML: Liquid templates embedded in the assembly, each parsed once and cached, and
/// written through an HTML encoder, so every value is encoded unless a feature's own filter lets one typed value through.
/// The <c>raw</c> filter is removed and an unknown filter is an error; a template reaches only the members of the view
/// types its feature registers (Fluid's member access strategy), nothing else of the domain.
/// </summary>
/// <remarks>
/// A template is named by its path in this project without the extension (<c>Workbench/Templates/layout</c>): the path
/// is also how one template renders another (<c>{% render 'Inspection/Templates/table', table: t %}</c>), which is how
/// templates share a layout or a partial instead of copying it. Each feature keeps one instance (its encoder, its view
/// types, its parser when it adds a tag); the instance's cache lives as long as the feature's renderer.
/// </remarks>
internal sealed class EmbeddedTemplates
{
    private const string Extension = ".liquid";
    private readonly FluidParser _parser;
    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new(StringComparer.Ordinal);

    /// <param name="encoder">Writes every value a template prints (see <see cref="TemplateEncoders"/>).</param>
    /// <param name="viewTypes">The only types whose public properties templates may read.</param>
    /// <param name="parser">A parser with the feature's own tags; a plain one when null.</param>
    public EmbeddedTemplates(TextEncoder encoder, IEnumerable<Type> viewTypes, FluidParser? parser = null)
    {
        Encoder = encoder;
        _parser = parser ?? new FluidParser();
        Options = new TemplateOptions { StrictFilters = true, FileProvider = ResourceFiles.Instance };
        Options.Filters.Remove("raw");
        foreach (var type in viewTypes) Options.MemberAccessStrategy.Register(type);
    }

    /// <summary>Filters and settings; a feature adds its one typed unencoded output here before the first render.</summary>
    public TemplateOptions Options { get; }

    public TextEncoder Encoder { get; }

    /// <summary>The parsed template at <paramref name="path"/> (e.g. <c>Notifications/Templates/message</c>).</summary>
    public IFluidTemplate Get(string path) => _parsed.GetOrAdd(path, Parse);

    /// <summary>Renders <paramref name="path"/> with the model's properties as the template's variables.</summary>
    public string Render(string path, object model) => Get(path).Render(new TemplateContext(model, Options), Encoder);

    /// <summary>The text of an embedded file by its path in this project, extension included (<c>Publishing/Templates/site.css</c>).</summary>
    public static string ReadText(string path)
    {
        using var stream = Open(path) ?? throw new InvalidOperationException($"模板文件 {path} 未嵌入程序集");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private IFluidTemplate Parse(string path) => _parser.TryParse(ReadText(path + Extension), out var template, out var error)
        ? template
        : throw new InvalidOperationException($"模板 {path}{Extension} 有语法错误：{error}");

    /// <summary>The build embeds <c>Folder/Templates/x.liquid</c> as <c>Disclosure.Folder.Templates.x.liquid</c> (the root namespace and the path).</summary>
    private static Stream? Open(string path) => typeof(EmbeddedTemplates).Assembly.GetManifestResourceStream(ResourceName(path));

    private static string ResourceName(string path) => "Disclosure." + path.TrimStart('/').Replace('/', '.');

    /// <summary>Lets <c>{% render %}</c> and <c>{% include %}</c> read other embedded templates by path.</summary>
    private sealed class ResourceFiles : IFileProvider
    {
        public static readonly ResourceFiles Instance = new();

        // Fluid asks on every render whether a partial changed; the file is opened only when it is read.
        public IFileInfo GetFileInfo(string subpath) =>
            typeof(EmbeddedTemplates).Assembly.GetManifestResourceInfo(ResourceName(subpath)) is not null
                ? new ResourceFile(subpath)
                : new NotFoundFileInfo(subpath);

        public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

        public IChangeToken Watch(string filter) => NullChangeToken.Singleton;
    }

    private sealed class ResourceFile(string path) : IFileInfo
    {
        public bool Exists => true;
        public long Length
        {
            get
            {
                using var stream = CreateReadStream();
                return stream.Length;
            }
        }
        public string? PhysicalPath => null;
        public string Name => Path.GetFileName(path);
        // Embedded files never change while the process runs: one fixed date keeps Fluid's partial cache valid.
        public DateTimeOffset LastModified => DateTimeOffset.UnixEpoch;
        public bool IsDirectory => false;
        public Stream CreateReadStream() => Open(path)!;
    }
}
