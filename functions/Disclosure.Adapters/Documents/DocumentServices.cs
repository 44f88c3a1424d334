using Azure.Core;
using Disclosure.Adapters.Language;
using Disclosure.Adapters.Settings;
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
        services.AddValidatedSettings<DocumentBudgets>(configuration, DocumentBudgets.Section, rules => rules
            .Require(nameof(DocumentBudgets.MaxPartBytes), o => o.MaxPartBytes > 0, "应为正整数（字节）", "must be a positive number of bytes")
            .Require(nameof(DocumentBudgets.MaxTotalBytes), o => o.MaxTotalBytes >= o.MaxPartBytes, "不能小于 Documents__MaxPartBytes", "must not be less than Documents__MaxPartBytes")
            .Require(nameof(DocumentBudgets.MaxChars), o => o.MaxChars > 0, "应为正整数", "must be a positive number")
            .Require(nameof(DocumentBudgets.MaxPages), o => o.MaxPages > 0, "应为正整数", "must be a positive number")
            .Require(nameof(DocumentBudgets.MaxDepth), o => o.MaxDepth > 0, "应为正整数", "must be a positive number")
            .Require(nameof(DocumentBudgets.MaxPictureBytes), o => o.MaxPictureBytes > 0, "应为正整数（字节）", "must be a positive number of bytes")
            .Require(nameof(DocumentBudgets.MaxDuration), o => o.MaxDuration > TimeSpan.Zero, "应大于零", "must be greater than zero"));
        services.AddSingleton<ITextExtractor>(provider => new DocumentTextExtractor(provider.GetRequiredService<DocumentBudgets>()));
        services.AddSingleton<IPictureReader>(provider => new DocumentPictureReader(provider.GetRequiredService<DocumentBudgets>()));

        // Whether the detector exists is decided here, so the endpoint is read now; its value is checked at start-up.
        var enabled = !string.IsNullOrWhiteSpace(configuration[$"{LanguageOptions.SectionName}:{nameof(LanguageOptions.Endpoint)}"]);
        if (enabled)
        {
            services.AddValidatedSettings<LanguageOptions>(configuration, LanguageOptions.SectionName, rules => rules
                .Require(nameof(LanguageOptions.Endpoint), o => Uri.TryCreate(o.Endpoint, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps,
                    "应为语言服务的完整 https 网址", "must be the Language resource's absolute https URL"));
            services.AddSingleton<ICloudPiiDetector>(provider =>
                new LanguagePiiClient(provider.GetRequiredService<LanguageOptions>(), provider.GetService<TokenCredential>()));
        }
        return services;
    }
}
