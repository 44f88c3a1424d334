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
}
