namespace Disclosure.Compliance;

/// <summary>
/// A personal-data entity the cloud detector reported. <see cref="Offset"/> and <see cref="Length"/> are UTF-16
/// positions in the ORIGINAL text of the source named <see cref="Source"/> (the <see cref="TextSource.Name"/>), even
/// when the text had to be sent in several pieces.
/// </summary>
public sealed record CloudPiiEntity(string Source, string Category, int Offset, int Length, double Confidence);

/// <summary>A source (or a piece of it) the detector could not analyse; the local rules still ran on it.</summary>
public sealed record CloudPiiFailure(string Source, string Code, string Message);

public sealed record CloudPiiResult(IReadOnlyList<CloudPiiEntity> Entities, IReadOnlyList<CloudPiiFailure> Failures)
{
    public static CloudPiiResult Empty { get; } = new([], []);

    /// <summary>True when every source was analysed; otherwise the failures say which were not.</summary>
    public bool IsComplete => Failures.Count == 0;
}

/// <summary>
/// An optional second opinion on personal data (validation.md, "Cloud detector"). It adds findings; it never replaces
/// the local rules, which stay on whether or not a detector is configured.
/// </summary>
public interface ICloudPiiDetector
{
    /// <exception cref="CloudPiiDetectorException">The service refused the whole request or could not be reached after retries.</exception>
    Task<CloudPiiResult> DetectAsync(IReadOnlyList<TextSource> sources, CancellationToken cancellationToken);
}

/// <summary>
/// The cloud detector failed as a whole. <see cref="IsConfigurationError"/>: the endpoint or credential is wrong and an
/// operator must fix the settings (retrying will not help). <see cref="IsTransient"/>: throttling or a service outage
/// outlasted the retries; the queue message may be retried later.
/// </summary>
public sealed class CloudPiiDetectorException(string message, string? errorCode, bool isConfigurationError, bool isTransient, Exception? inner = null)
    : Exception(message, inner)
{
    public string? ErrorCode { get; } = errorCode;
    public bool IsConfigurationError { get; } = isConfigurationError;
    public bool IsTransient { get; } = isTransient;
}
