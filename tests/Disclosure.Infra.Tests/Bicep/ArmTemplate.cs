using System.Text.Json.Nodes;

namespace Disclosure.Infra.Tests.Bicep;

/// <summary>Read-only navigation of a compiled ARM template (the JSON that bicep build writes).</summary>
public sealed class ArmTemplate(JsonObject root, ArmTemplate? parent = null, JsonObject? moduleParameters = null)
{
    public JsonObject Root { get; } = root;

    /// <summary>Resources, whether the template lists them as an array or (languageVersion 2.0) by symbolic name.</summary>
    public IEnumerable<JsonObject> Resources => Root["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject named => named.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };

    public IEnumerable<JsonObject> ResourcesOfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The nested template of the module deployed under <paramref name="deploymentName"/>.</summary>
    public ArmTemplate Module(string deploymentName)
    {
        var deployment = ResourcesOfType("Microsoft.Resources/deployments")
            .SingleOrDefault(r => (string?)r["name"] == deploymentName)
            ?? throw new KeyNotFoundException($"No module deployment named '{deploymentName}'");
        var properties = deployment["properties"]!.AsObject();
        return new ArmTemplate(properties["template"]!.AsObject(), this, properties["parameters"]?.AsObject());
    }

    public IEnumerable<string> ModuleNames =>
        ResourcesOfType("Microsoft.Resources/deployments").Select(r => (string)r["name"]!);

    public JsonObject Variable(string name) =>
        Root["variables"]?[name] as JsonObject
        ?? throw new KeyNotFoundException($"No object variable '{name}' (was it turned into an expression?)");

    /// <summary>
    /// The value a parameter gets when every parameter is left at its default: follows
    /// <c>[parameters('x')]</c> from a module up through its parents to a default value.
    /// Returns null when the chain ends in anything but a plain parameter reference or a literal.
    /// </summary>
    public JsonNode? DefaultValueOf(string parameter)
    {
        if (moduleParameters?[parameter]?["value"] is JsonNode passed)
        {
            if (passed is JsonValue v && v.TryGetValue<string>(out var text) && text.StartsWith('['))
            {
                var reference = System.Text.RegularExpressions.Regex.Match(text, @"^\[parameters\('([^']+)'\)\]$");
                return reference.Success ? parent?.DefaultValueOf(reference.Groups[1].Value) : null;
            }

            return passed;
        }

        var value = Root["parameters"]?[parameter]?["defaultValue"];
        return value is JsonValue literal && literal.TryGetValue<string>(out var s) && s.StartsWith('[') ? null : value;
    }
}
