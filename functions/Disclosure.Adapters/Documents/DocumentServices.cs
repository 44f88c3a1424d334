using Azure.Core;
using Disclosure.Adapters.Language;
using Disclosure.Compliance;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Adapters.Documents;

public static class DocumentServices
{
    /// <summary>
    /// Text extraction for the compliance checks (and the pictures a reviewer opens from the queue) under the <see cref="DocumentBudgets"/> of section <c>Documents</c>, and the cloud PII detector when <c>Language:Endpoint</c> is set.
    /// With no endpoint no <see cref="ICloudPiiDetector"/> is registered: consumers take it as optional
    /// (<c>IServiceProvider.GetService</c> or a nullable constructor parameter) and the local rules run alone.
    /// A <see cref="TokenCredential"/> registered in the container is used when no key is configured.
    /// </summary>
    public static IServiceCollection AddDocumentServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(DocumentBudgets.Section).Get<DocumentBudgets>() ?? new DocumentBudgets());
        services.AddSingleton<ITextExtractor>(provider => new DocumentTextExtractor(provider.GetRequiredService<DocumentBudgets>()));
        services.AddSingleton<IPictureReader>(provider => new DocumentPictureReader(provider.GetRequiredService<DocumentBudgets>()));

        var language = new LanguageOptions();
        configuration.GetSection(LanguageOptions.SectionName).Bind(language);
        if (language.IsEnabled)
        {
            services.AddSingleton(language);
            services.AddSingleton<ICloudPiiDetector>(provider =>
                new LanguagePiiClient(language, provider.GetService<TokenCredential>()));
        }
        return services;
    }
}
