using Disclosure.Adapters.Import;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Import;
using Disclosure.Intake;
using Disclosure.Items;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Adapters.Tests.Import;

/// <summary>The example the README points administrators at (tests/Examples/import) stays a file the import accepts whole.</summary>
public class ExampleCatalogueTests
{
    private static string Example(params string[] parts)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Disclosure.Functions.sln"))) root = root.Parent;
        return Path.Combine([root!.FullName, "tests", "Examples", "import", .. parts]);
    }

    private sealed class NoContinuation : IIndexNumberContinuation
    {
        public Task ContinueAfterAsync(string issuerCode, int year, int serial, CancellationToken ct = default) => Task.CompletedTask;
    }

    private sealed class NoCheckpoints : IImportCheckpoints
    {
        public Task<StoredCheckpoint?> GetAsync(string batch, CancellationToken ct = default) => Task.FromResult<StoredCheckpoint?>(null);
        public Task<string> SaveAsync(ImportCheckpoint checkpoint, string? etag, CancellationToken ct = default) => Task.FromResult("1");
    }

    [Fact]
    public async Task The_example_catalogue_passes_the_dry_run_and_imports_with_its_body_files_and_attachment()
    {
        var catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
        var items = new InMemoryItemStore();
        var import = new CatalogueImport(catalogue, new SubmissionValidator(catalogue, items, time), items, new ItemLifecycle(items, time), items,
            new NoContinuation(), new NoCheckpoints(), time);
        var admin = new Principal("张管理", "bgs", new HashSet<string> { Role.Administrator });
        var table = CatalogueFiles.OpenTable(Example("历史目录示例.csv"));
        var files = CatalogueFiles.OpenFiles(Example("files"));

        var dry = await import.DryRunAsync(table, files, admin, CancellationToken.None);
        var done = await import.ImportAsync(table, files, admin, null, CancellationToken.None);

        Assert.Empty(dry.Failures);
        Assert.Equal(3, done.Imported);
        var html = (await items.FindByIndexNumberAsync(new IndexNumber(catalogue.Agency.IssuerCode, 2020, 7)))!.Item;
        Assert.Equal(BodyFormat.Html, html.BodyFormat);
        Assert.Equal(Validity.Expired, html.Validity);
        var withAttachment = (await items.FindByIndexNumberAsync(new IndexNumber(catalogue.Agency.IssuerCode, 2019, 12)))!.Item;
        Assert.Equal("application/pdf", Assert.Single(withAttachment.Attachments).ContentType);
        Assert.Equal("市科发〔2019〕12号", withAttachment.DocumentNumber);
    }
}
