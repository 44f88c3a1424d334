using Azure.Data.Tables;
using Disclosure.Adapters.Settings;
using Disclosure.Adapters.Storage;
using Disclosure.Import;
using Disclosure.Items;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Functions.Import;

public static class ImportServices
{
    /// <summary>
    /// 历史导入 (tools/Disclosure.Import uses this composition root too): the catalogue import, its progress checkpoints,
    /// the 索引号 continuation, and the office's setting for imported items with findings (read by the compliance check).
    /// </summary>
    public static IServiceCollection AddCatalogueImport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedSettings<ImportOptions>(configuration, ImportOptions.Section);
        services.AddSingleton<IImportCheckpoints, TableImportCheckpoints>();
        services.AddSingleton<IIndexNumberContinuation>(sp => new TableIndexNumberAllocator(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton<CatalogueImport>();
        return services;
    }
}
