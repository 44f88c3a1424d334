using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.LocalHost.Functions;

/// <summary>A <c>[Function]</c> method of the app and the trigger it declares, found by reflection.</summary>
public sealed record FunctionEntry(string Name, Type Class, MethodInfo Method, ParameterInfo TriggerParameter, Attribute Trigger)
{
    public override string ToString() => $"{Name} ({Trigger.GetType().Name.Replace("Attribute", "")})";
}

/// <summary>
/// Every function of the app assembly, read from its attributes: routes, queue names and schedules are written once,
/// in the function classes, and served from there.
/// </summary>
public sealed class FunctionCatalog(IReadOnlyList<FunctionEntry> functions)
{
    public IReadOnlyList<FunctionEntry> All { get; } = functions;

    public IEnumerable<(FunctionEntry Entry, HttpTriggerAttribute Http)> Http =>
        All.Where(f => f.Trigger is HttpTriggerAttribute).Select(f => (f, (HttpTriggerAttribute)f.Trigger));

    public IEnumerable<(FunctionEntry Entry, QueueTriggerAttribute Queue)> Queues =>
        All.Where(f => f.Trigger is QueueTriggerAttribute).Select(f => (f, (QueueTriggerAttribute)f.Trigger));

    public IEnumerable<(FunctionEntry Entry, TimerTriggerAttribute Timer)> Timers =>
        All.Where(f => f.Trigger is TimerTriggerAttribute).Select(f => (f, (TimerTriggerAttribute)f.Trigger));

    public static FunctionCatalog Discover(Assembly assembly)
    {
        var functions = new List<FunctionEntry>();
        foreach (var type in assembly.GetExportedTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                if (function is null) continue;
                var triggers = method.GetParameters()
                    .SelectMany(p => p.GetCustomAttributes().Where(IsTrigger).Select(a => (p, a)))
                    .ToList();
                if (triggers.Count != 1)
                    throw new InvalidOperationException($"Function '{function.Name}' must have exactly one trigger parameter; found {triggers.Count}.");
                var (parameter, trigger) = triggers[0];
                if (trigger is not (HttpTriggerAttribute or QueueTriggerAttribute or TimerTriggerAttribute))
                    throw new NotSupportedException(
                        $"Function '{function.Name}' uses {trigger.GetType().Name}, which the local host does not run yet. Add it to the local host before using it.");
                functions.Add(new FunctionEntry(function.Name, type, method, parameter, trigger));
            }
        }
        var duplicate = functions.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Two functions are named '{duplicate.Key}'.");
        return new FunctionCatalog(functions.OrderBy(f => f.Name, StringComparer.Ordinal).ToList());
    }

    private static bool IsTrigger(Attribute a) => a.GetType().Name.EndsWith("TriggerAttribute", StringComparison.Ordinal);
}
