using Disclosure.Integration.Tests.Support;
using Microsoft.Extensions.Options;

namespace Disclosure.Integration.Tests.Foundation;

/// <summary>The local host's own switches are checked before anything starts, with the message the validated sections give.</summary>
public class LocalHostSettingsTests
{
    [Theory]
    [InlineData("LocalHost__ListenBeyondLoopback")]
    [InlineData("Disclosure__SeedSampleData")]
    public async Task A_switch_that_is_not_true_or_false_stops_the_local_host_naming_it(string setting)
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestHosts.StartAsync(new Dictionary<string, string?> { [setting.Replace("__", ":")] = "yes" }, runQueues: false));

        Assert.Contains($"设置 {setting} 无效：应为true 或 false。(Setting {setting} is invalid: expected true or false.)", refused.Message);
    }

    [Fact]
    public async Task A_wrong_value_of_a_validated_section_stops_the_local_host_too()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestHosts.StartAsync(new Dictionary<string, string?> { ["Smtp:Port"] = "abc" }, runQueues: false));

        Assert.Contains("设置 Smtp__Port 无效", refused.Message);
    }
}
