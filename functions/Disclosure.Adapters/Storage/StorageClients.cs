using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Disclosure.Work;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Adapters.Storage;

/// <summary>
/// Registers the three storage clients from the one <c>Storage</c> configuration section the Functions host also reads
/// for its triggers: a connection string locally (<c>Storage</c>), or service URIs with a managed identity in Azure
/// (<c>Storage__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>, <c>__credential</c>, <c>__clientId</c>).
/// </summary>
public static class StorageClients
{
    public static IServiceCollection AddDisclosureStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(WorkQueues.Connection);
        var connectionString = section.Value;
        if (string.IsNullOrWhiteSpace(connectionString) && !section.GetChildren().Any())
        {
            throw new InvalidOperationException(
                $"缺少存储配置：请设置 '{WorkQueues.Connection}'（连接字符串），或设置 '{WorkQueues.Connection}__blobServiceUri'、" +
                $"'{WorkQueues.Connection}__queueServiceUri'、'{WorkQueues.Connection}__tableServiceUri' 并使用托管标识。" +
                " (Missing storage setting 'Storage'.)");
        }

        // Registered before AddAzureClients, which only adds its own forwarder when none is there.
        services.AddSingleton(sp => ExpectedStorageAnswers.Forwarder(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.AddAzureClients(clients =>
        {
            if (!string.IsNullOrWhiteSpace(connectionString))
            {
                clients.AddBlobServiceClient(connectionString);
                clients.AddQueueServiceClient(connectionString).ConfigureOptions(o => o.MessageEncoding = QueueMessageEncoding.Base64);
                clients.AddTableServiceClient(connectionString);
            }
            else
            {
                var blobUri = RequiredUri(section, "blobServiceUri");
                var queueUri = RequiredUri(section, "queueServiceUri");
                var tableUri = RequiredUri(section, "tableServiceUri");
                clients.AddClient<BlobServiceClient, BlobClientOptions>((o, credential, _) => new BlobServiceClient(blobUri, credential, o));
                clients.AddClient<QueueServiceClient, QueueClientOptions>((o, credential, _) =>
                {
                    o.MessageEncoding = QueueMessageEncoding.Base64;
                    return new QueueServiceClient(queueUri, credential, o);
                });
                clients.AddClient<TableServiceClient, TableClientOptions>((o, credential, _) => new TableServiceClient(tableUri, credential, o));
                // credential / clientId keys follow the Functions identity-based connection format.
                clients.UseCredential(sp => sp.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(section));
            }
        });

        services.AddSingleton<IWorkQueue, StorageWorkQueue>();
        services.AddSingleton<StorageHealth>();
        return services;
    }

    private static Uri RequiredUri(IConfigurationSection section, string key)
        => Uri.TryCreate(section[key], UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"缺少存储配置 '{section.Path}__{key}'。(Missing setting '{section.Path}__{key}'.)");
}
