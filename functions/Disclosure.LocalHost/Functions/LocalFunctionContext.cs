using System.Collections.Immutable;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.LocalHost.Functions;

/// <summary>The parts of <see cref="FunctionContext"/> that functions read: ids, services, items, binding data, cancellation.</summary>
internal sealed class LocalFunctionContext(
    FunctionEntry function, IServiceProvider services, IReadOnlyDictionary<string, object?> bindingData, CancellationToken ct)
    : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();
    public override string FunctionId => function.Name;
    public override TraceContext TraceContext { get; } = new LocalTraceContext();
    public override BindingContext BindingContext { get; } = new LocalBindingContext(bindingData);
    public override RetryContext RetryContext { get; } = new NoRetry();
    public override IServiceProvider InstanceServices { get; set; } = services;
    public override FunctionDefinition FunctionDefinition { get; } = new LocalFunctionDefinition(function);
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override IInvocationFeatures Features => throw new NotSupportedException("The local host does not provide invocation features.");
    public override CancellationToken CancellationToken => ct;

    private sealed class LocalTraceContext : TraceContext
    {
        public override string TraceParent { get; } = $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01";
        public override string TraceState => "";
    }

    private sealed class LocalBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData => data;
    }

    private sealed class NoRetry : RetryContext
    {
        public override int RetryCount => 0;
        public override int MaxRetryCount => 0;
    }

    private sealed class LocalFunctionDefinition(FunctionEntry f) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters { get; } =
            [.. f.Method.GetParameters().Select(p => new FunctionParameter(p.Name!, p.ParameterType))];
        public override string PathToAssembly => f.Class.Assembly.Location;
        public override string EntryPoint => $"{f.Class.FullName}.{f.Method.Name}";
        public override string Id => f.Name;
        public override string Name => f.Name;
        public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;
        public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
