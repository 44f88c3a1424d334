using Disclosure.Adapters.Settings;
using Microsoft.Extensions.Options;

namespace Disclosure.LocalHost;

/// <summary>
/// The local host's own switches are read before the services exist (where to listen, whether to seed), so they are
/// checked here, first, with the same message as the validated sections: <c>LocalHost__ListenBeyondLoopback=yes</c>
/// stops start-up naming that setting instead of the binder's English sentence.
/// </summary>
public static class LocalHostSettings
{
    private static readonly string[] Switches = [LocalEdge.ListenBeyondLoopbackSetting, Seeding.SampleDataSeeder.Setting];

    public static void Check(IConfiguration configuration)
    {
        var failures = Switches
            .Where(s => configuration[s] is { Length: > 0 } value && !bool.TryParse(value, out _))
            .Select(s => ValidatedSettings.Invalid(ValidatedSettings.SettingName(s), "应为true 或 false", "expected true or false"))
            .ToList();
        if (failures.Count > 0) throw new OptionsValidationException(Options.DefaultName, typeof(LocalHostSettings), failures);
    }
}
