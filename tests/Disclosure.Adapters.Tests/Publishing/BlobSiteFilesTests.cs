using System.Diagnostics;
using System.Net.Sockets;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Disclosure.Adapters.Publishing;
using Disclosure.Publishing.Search;

namespace Disclosure.Adapters.Tests.Publishing;

/// <summary>Against a real Azurite blob service on 127.0.0.1 (node_modules/.bin/azurite-blob, in-memory).</summary>
public sealed class BlobSiteFilesTests : IAsyncLifetime
{
    private Process? _azurite;
    private BlobContainerClient _container = null!;

    public async Task InitializeAsync()
    {
        var root = FindRoot();
        var port = FreePort();
        var start = new ProcessStartInfo(Path.Combine(root, "node_modules", ".bin", "azurite-blob"))
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--inMemoryPersistence", "--skipApiVersionCheck", "--silent" })
            start.ArgumentList.Add(arg);
        _azurite = Process.Start(start)!;
        var connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        _container = new BlobServiceClient(connection).GetBlobContainerClient("$web");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _container.CreateIfNotExistsAsync();
                return;
            }
            catch (Exception) when (attempt < 100)
            {
                await Task.Delay(200);
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_azurite is { HasExited: false }) _azurite.Kill(entireProcessTree: true);
        _azurite?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_index_writer_updates_an_index_kept_in_blob_storage()
    {
        var source = new BlobSiteFiles(_container);
        var writer = new SearchIndexWriter(new SearchIndexOptions { ShardCount = 16 });
        var first = new SearchDocument("a1", "关于组织申报科技创新券的通知", "市科发〔2025〕3号", "113301000024820810/2025-00001", new DateOnly(2025, 3, 1), "通知公告", "/items/a1.html", "申报材料请于三月底前报送。");
        var second = first with { ItemId = "a2", Title = "年度科技成果登记公告", DocumentNumber = null, IndexNumber = "113301000024820810/2025-00002", Url = "/items/a2.html", Body = "成果登记" };

        Assert.Null(await source.ReadAsync(SearchIndexFormat.ManifestPath, default));
        await Upload((await writer.UpdateAsync(source, [first], [], default)).Files);
        await Upload((await writer.UpdateAsync(source, [second], [], default)).Files);

        var reader = new SearchIndexReader(source);
        Assert.Equal(["/items/a2.html", "/items/a1.html"], (await reader.SearchAsync("科技")).Hits.Select(h => h.Meta.Url));
        Assert.Equal(["/items/a1.html"], (await reader.SearchAsync("料请")).Hits.Select(h => h.Meta.Url));
    }

    private async Task Upload(IEnumerable<Disclosure.Publishing.SiteFile> files)
    {
        foreach (var file in files)
        {
            await _container.GetBlobClient(file.Path).UploadAsync(new BinaryData(file.Content), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = file.ContentType, CacheControl = file.CacheControl },
            });
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "package.json"))) return dir.FullName;
        throw new InvalidOperationException("package.json not found");
    }
}
