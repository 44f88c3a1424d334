using Disclosure.Adapters.Storage;
using Microsoft.Extensions.Logging;

namespace Disclosure.Adapters.Tests.Storage;

public class ExpectedStorageAnswersTests
{
    private static readonly EventId ErrorResponse = new(8, "ErrorResponse");

    private static KeyValuePair<string, object?>[] Event(int status) =>
        [new("requestId", "r-1"), new("status", status), new("reasonPhrase", "x"), new("headers", "")];

    [Theory]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(412)]
    public void An_answer_the_stores_ask_for_is_not_a_warning(int status)
        => Assert.Equal(LogLevel.Debug, ExpectedStorageAnswers.LevelOf(LogLevel.Warning, ErrorResponse, Event(status)));

    [Theory]
    [InlineData(403)]
    [InlineData(500)]
    [InlineData(503)]
    public void A_storage_fault_stays_a_warning(int status)
        => Assert.Equal(LogLevel.Warning, ExpectedStorageAnswers.LevelOf(LogLevel.Warning, ErrorResponse, Event(status)));

    [Fact]
    public void Other_azure_sdk_warnings_keep_their_level()
        => Assert.Equal(LogLevel.Warning, ExpectedStorageAnswers.LevelOf(LogLevel.Warning, new EventId(7, "ResponseDelay"), Event(404)));
}
