using Azure.Core;

namespace Disclosure.Adapters.Language;

/// <summary>
/// Settings section <c>Language</c> (environment: <c>Language__Endpoint</c>, <c>Language__Key</c>). An empty endpoint
/// means the cloud detector is not used. An empty key means Entra ID: the app's managed identity needs the
/// "Cognitive Services User" role on the Language resource.
/// </summary>
public sealed class LanguageOptions
{
    public const string SectionName = "Language";

    /// <summary>e.g. https://my-language.cognitiveservices.azure.com</summary>
    public string? Endpoint { get; set; }
    public string? Key { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Endpoint);
}

/// <summary>
/// Pipeline options of the Language client. The defaults suit a queue-triggered check: a handful of retries with
/// exponential back-off, and the service's Retry-After on 429 is honoured by Azure.Core's retry policy.
/// </summary>
public sealed class LanguageClientOptions : ClientOptions
{
    public LanguageClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromSeconds(1);
        Retry.MaxDelay = TimeSpan.FromSeconds(60);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        // The texts are exactly the personal data we are looking for: never write them to logs.
        Diagnostics.IsLoggingContentEnabled = false;
    }
}
