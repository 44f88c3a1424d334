using System.Net;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Disclosure.Integration.Tests.Intake;

/// <summary>
/// Storage that fails part-way: a proxy in front of Azurite's table service that answers 503 to the one request that
/// would store the item (the entity-group transaction), after its blobs were written and its 索引号 allocated.
/// </summary>
public class StorageFailureTests
{
    private sealed class FailingTableProxy : IAsyncDisposable
    {
        private readonly WebApplication _app;
        public int Port { get; }
        public volatile bool FailTransactions = true;

        private FailingTableProxy(WebApplication app, int port) { _app = app; Port = port; }

        public static async Task<FailingTableProxy> StartAsync(Uri tableEndpoint)
        {
            var port = Azurite.FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var app = builder.Build();
            var upstream = new HttpClient { BaseAddress = new Uri($"{tableEndpoint.Scheme}://{tableEndpoint.Authority}") };
            FailingTableProxy? proxy = null;
            app.Run(async context =>
            {
                if (proxy!.FailTransactions && context.Request.Path.Value!.EndsWith("$batch", StringComparison.Ordinal))
                {
                    context.Response.StatusCode = 503;
                    return;
                }
                var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
                if (context.Request.ContentLength > 0 || context.Request.Headers.ContainsKey("Transfer-Encoding"))
                    forward.Content = new StreamContent(context.Request.Body);
                foreach (var h in context.Request.Headers)
                {
                    if (h.Key is "Host") continue;
                    if (!forward.Headers.TryAddWithoutValidation(h.Key, h.Value.ToArray())) forward.Content?.Headers.TryAddWithoutValidation(h.Key, h.Value.ToArray());
                }
                using var answer = await upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead);
                context.Response.StatusCode = (int)answer.StatusCode;
                foreach (var h in answer.Headers.Concat(answer.Content.Headers))
                    if (h.Key is not ("Transfer-Encoding" or "Connection")) context.Response.Headers[h.Key] = h.Value.ToArray();
                await answer.Content.CopyToAsync(context.Response.Body);
            });
            await app.StartAsync();
            proxy = new FailingTableProxy(app, port);
            return proxy;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_storage_failure_in_the_middle_of_a_submission_leaves_no_orphan_blob_row_or_message_and_the_retry_succeeds_once()
    {
        await using var azurite = await Azurite.StartAsync();
        var endpoints = Azurite.Endpoints(azurite.ConnectionString);
        await using var proxy = await FailingTableProxy.StartAsync(endpoints[2]);
        var connection = azurite.ConnectionString.Replace($"127.0.0.1:{endpoints[2].Port}", $"127.0.0.1:{proxy.Port}");
        await using var host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Storage"] = connection }, runQueues: false);

        var body = Submissions.Valid("存储故障时的提交");
        body["attachments"] = new[] { new { fileName = "附件.pdf", contentBase64 = Convert.ToBase64String(Submissions.Pdf()) } };
        using var failed = await host.Client().SendAsync(Submissions.Json(body, idempotencyKey: "retry-me"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.NotNull(failed.Headers.RetryAfter);
        var blobs = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("items");
        Assert.Empty(await blobs.GetBlobsAsync().ToListAsync());
        var queue = new QueueServiceClient(azurite.ConnectionString).GetQueueClient("compliance-checks");
        Assert.False(await queue.ExistsAsync() && (await queue.PeekMessagesAsync(10)).Value.Length > 0);
        var items = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString).GetTableClient("items");
        Assert.Empty(await items.QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync());

        proxy.FailTransactions = false;
        using var retried = await host.Client().SendAsync(Submissions.Json(body, idempotencyKey: "retry-me"));
        using var repeated = await host.Client().SendAsync(Submissions.Json(body, idempotencyKey: "retry-me"));

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        var first = await Submissions.JsonOf(retried);
        Assert.Equal(first.GetProperty("id").GetString(), (await Submissions.JsonOf(repeated)).GetProperty("id").GetString());
        Assert.EndsWith("-00001", first.GetProperty("indexNumber").GetString()); // the number taken by the failed attempt is reused, not skipped
        Assert.Equal(2, (await blobs.GetBlobsAsync().ToListAsync()).Count); // body + attachment of the one stored item
        Assert.Single((await queue.PeekMessagesAsync(10)).Value);
    }
}
