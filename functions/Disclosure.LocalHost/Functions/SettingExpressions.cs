using System.Text.RegularExpressions;

namespace Disclosure.LocalHost.Functions;

/// <summary>Resolves <c>%Setting%</c> in trigger attributes from configuration, as the Functions host's name resolver does.</summary>
public static partial class SettingExpressions
{
    public static string Resolve(string expression, IConfiguration configuration)
        => Pattern().Replace(expression, m =>
        {
            var name = m.Groups[1].Value;
            return configuration[name] ?? configuration[name.Replace("__", ":")]
                ?? throw new InvalidOperationException($"Setting '{name}' used in a trigger attribute is not configured.");
        });

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Pattern();
}
