using Disclosure.Adapters.Documents;
using Disclosure.Adapters.Language;
using Disclosure.Compliance;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Adapters.Tests.Documents;

public class DocumentServicesTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddDocumentServices(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public void Without_a_language_endpoint_only_the_extractor_is_registered_and_the_cloud_detector_is_off()
    {
        using var services = Build(new() { ["Language:Endpoint"] = "", ["Language:Key"] = "k" });
        Assert.IsType<DocumentTextExtractor>(services.GetRequiredService<ITextExtractor>());
        Assert.Null(services.GetService<ICloudPiiDetector>());
    }

    [Fact]
    public void With_a_language_endpoint_the_cloud_detector_is_the_language_client()
    {
        using var services = Build(new() { ["Language:Endpoint"] = "https://kjj-language.cognitiveservices.azure.com/", ["Language:Key"] = "k" });
        Assert.IsType<LanguagePiiClient>(services.GetRequiredService<ICloudPiiDetector>());
        Assert.Equal("https://kjj-language.cognitiveservices.azure.com/", services.GetRequiredService<LanguageOptions>().Endpoint);
    }

    [Fact]
    public void Document_budgets_have_defaults_and_are_bound_from_the_documents_section()
    {
        using var defaults = Build([]);
        Assert.Equal(64L * 1024 * 1024, defaults.GetRequiredService<DocumentBudgets>().MaxPartBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.GetRequiredService<DocumentBudgets>().MaxDuration);

        using var configured = Build(new() { ["Documents:MaxPages"] = "5", ["Documents:MaxDuration"] = "00:00:30" });
        var budgets = configured.GetRequiredService<DocumentBudgets>();
        Assert.Equal(5, budgets.MaxPages);
        Assert.Equal(TimeSpan.FromSeconds(30), budgets.MaxDuration);
        Assert.Equal(10_000_000, budgets.MaxChars);
    }

    [Fact]
    public async Task The_registered_extractor_reads_under_the_configured_budgets()
    {
        using var services = Build(new() { ["Documents:MaxPages"] = "1" });
        var pdf = DocumentBuilders.Pdf(["Page one"], ["Page two"]);

        var result = await services.GetRequiredService<ITextExtractor>().ExtractAsync(new MemoryStream(pdf), "application/pdf", default);

        Assert.Contains("超过 1 页", result.IncompleteReason);
    }
}
