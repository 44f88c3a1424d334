using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Infra.Tests.Settings;

/// <summary>
/// The app settings that function triggers resolve at run time: every <c>%Name%</c> in a timer schedule or queue name,
/// and for every queue trigger connection the identity-based <c>&lt;Connection&gt;__queueServiceUri</c>.
/// A trigger whose setting is missing fails at host start in Azure, not in any local test.
/// </summary>
public static partial class TriggerSettings
{
    /// <summary>What the Functions host uses when a queue trigger names no connection.</summary>
    public const string DefaultConnection = "AzureWebJobsStorage";

    public static IReadOnlySet<string> RequiredBy(Assembly assembly) => RequiredBy(assembly.GetTypes());

    public static IReadOnlySet<string> RequiredBy(IEnumerable<Type> types)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
            | BindingFlags.Static | BindingFlags.DeclaredOnly;

        foreach (var parameter in types.SelectMany(t => t.GetMethods(all)).SelectMany(m => m.GetParameters()))
        {
            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
            {
                names.UnionWith(PercentNames(timer.Schedule));
            }

            if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queue)
            {
                names.UnionWith(PercentNames(queue.QueueName));
                var connection = string.IsNullOrEmpty(queue.Connection) ? DefaultConnection : queue.Connection;
                names.Add($"{connection}__queueServiceUri");
            }
        }

        return names;
    }

    private static IEnumerable<string> PercentNames(string? value) =>
        value is null ? [] : PercentName().Matches(value).Select(m => m.Groups[1].Value);

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex PercentName();
}
