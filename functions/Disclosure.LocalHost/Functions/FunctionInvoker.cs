using System.Globalization;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.LocalHost.Functions;

/// <summary>
/// Calls a function the way the isolated worker does: a new instance per invocation, created from a DI scope, with the
/// trigger value, the cancellation token, a <see cref="FunctionContext"/> and route values bound to parameters.
/// </summary>
public sealed class FunctionInvoker(IServiceScopeFactory scopes)
{
    public async Task<object?> InvokeAsync(
        FunctionEntry function, object? triggerValue, IReadOnlyDictionary<string, object?> bindingData, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var target = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, function.Class);
        var context = new LocalFunctionContext(function, scope.ServiceProvider, bindingData, ct);
        var args = function.Method.GetParameters().Select(p => Bind(p, function, triggerValue, context, bindingData, ct)).ToArray();
        try
        {
            var result = function.Method.Invoke(target, args);
            return await Unwrap(result);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        finally
        {
            if (target is IAsyncDisposable ad) await ad.DisposeAsync();
            else if (target is IDisposable d) d.Dispose();
        }
    }

    private static object? Bind(ParameterInfo p, FunctionEntry f, object? trigger, FunctionContext context,
        IReadOnlyDictionary<string, object?> bindingData, CancellationToken ct)
    {
        if (p == f.TriggerParameter) return trigger;
        if (p.ParameterType == typeof(CancellationToken)) return ct;
        if (p.ParameterType == typeof(FunctionContext)) return context;
        if (p.Name is not null && bindingData.TryGetValue(p.Name, out var value) && value is not null)
        {
            var target = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
            if (target.IsInstanceOfType(value)) return value;
            var text = Convert.ToString(value, CultureInfo.InvariantCulture);
            return target == typeof(Guid) ? Guid.Parse(text!) : Convert.ChangeType(text, target, CultureInfo.InvariantCulture);
        }
        if (p.HasDefaultValue) return p.DefaultValue;
        if (!p.ParameterType.IsValueType || Nullable.GetUnderlyingType(p.ParameterType) is not null) return null;
        throw new InvalidOperationException($"Function '{f.Name}': cannot bind parameter '{p.Name}' of type {p.ParameterType.Name}.");
    }

    private static async Task<object?> Unwrap(object? result)
    {
        switch (result)
        {
            case Task task:
                await task;
                var type = task.GetType();
                return type.IsGenericType && type.GetProperty("Result") is { } r && r.PropertyType.Name != "VoidTaskResult" ? r.GetValue(task) : null;
            case ValueTask vt:
                await vt;
                return null;
            default:
                if (result?.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(ValueTask<>))
                    return await (Task<object?>)typeof(FunctionInvoker).GetMethod(nameof(AwaitValueTask), BindingFlags.NonPublic | BindingFlags.Static)!
                        .MakeGenericMethod(t.GetGenericArguments()[0]).Invoke(null, [result])!;
                return result;
        }
    }

    private static async Task<object?> AwaitValueTask<T>(ValueTask<T> task) => await task;
}
