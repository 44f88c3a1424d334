using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Disclosure.Adapters.Settings;

/// <summary>
/// Binds a settings section through <see cref="IOptions{TOptions}"/> and checks it when the host starts
/// (<c>ValidateOnStart</c>), so a mistyped port or URL stops start-up instead of surfacing at the first e-mail. Every
/// message names the setting as it is written in app settings and environment variables (<c>Smtp__Port</c>), in Chinese
/// and English. The value itself is also registered, for the classes that take it directly.
/// </summary>
public static class ValidatedSettings
{
    public static IServiceCollection AddValidatedSettings<T>(
        this IServiceCollection services, IConfiguration configuration, string section, Action<SettingRules<T>>? rules = null)
        where T : class, new()
    {
        var checks = new SettingRules<T>(section);
        rules?.Invoke(checks);
        services.AddOptions<T>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<T>>(new CheckedBinding<T>(configuration.GetSection(section)));
        services.AddSingleton<IValidateOptions<T>>(checks);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services;
    }

    /// <summary><c>Smtp:Port</c> → <c>Smtp__Port</c>: the form operators type into app settings and the environment.</summary>
    public static string SettingName(string configurationPath) => configurationPath.Replace(":", "__", StringComparison.Ordinal);

    public static string Invalid(string setting, string chinese, string english)
        => $"设置 {setting} 无效：{chinese}。(Setting {setting} is invalid: {english}.)";
}

/// <summary>
/// Binds the section; when a value cannot be converted (<c>Smtp__Port=abc</c>), names every such setting and the type it
/// should have, instead of the binder's one English sentence about the first of them.
/// </summary>
internal sealed class CheckedBinding<T>(IConfigurationSection section) : IConfigureOptions<T> where T : class, new()
{
    public void Configure(T options)
    {
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException)
        {
            var failures = UnreadableSettings().ToList();
            if (failures.Count == 0) failures.Add(ValidatedSettings.Invalid(ValidatedSettings.SettingName(section.Path), "无法读取", "cannot be read"));
            throw new OptionsValidationException(Options.DefaultName, typeof(T), failures);
        }
    }

    /// <summary>Binds each value on its own, so every unreadable one is found; the values are not repeated (one may be a secret).</summary>
    private IEnumerable<string> UnreadableSettings()
    {
        foreach (var (path, value) in section.AsEnumerable())
        {
            if (value is null || path == section.Path) continue;
            var alone = new ConfigurationBuilder().AddInMemoryCollection([new(path, value)]).Build().GetSection(section.Path);
            string? failure = null;
            try
            {
                alone.Bind(new T());
            }
            catch (InvalidOperationException)
            {
                var (chinese, english) = Expected(TypeAt(path));
                failure = ValidatedSettings.Invalid(ValidatedSettings.SettingName(path), "应为" + chinese, "expected " + english);
            }
            if (failure is not null) yield return failure;
        }
    }

    /// <summary>The type a path below the section binds to: properties by name, dictionary values by key, list elements by index.</summary>
    private Type? TypeAt(string path)
    {
        Type? type = typeof(T);
        foreach (var segment in path[(section.Path.Length + 1)..].Split(':'))
        {
            if (type is null) return null;
            var dictionary = type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)));
            if (dictionary is not null) type = dictionary.GetGenericArguments()[1];
            else if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && int.TryParse(segment, out _))
                type = type.IsArray ? type.GetElementType() : type.GetGenericArguments().FirstOrDefault();
            else type = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
        }
        return type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
    }

    private static (string Chinese, string English) Expected(Type? type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => ("整数", "a whole number"),
        _ when type == typeof(bool) => ("true 或 false", "true or false"),
        _ when type == typeof(TimeSpan) => ("时间间隔，格式如 00:00:30", "a time span such as 00:00:30"),
        _ when type == typeof(Uri) => ("完整网址", "an absolute URL"),
        { IsEnum: true } => ("以下之一：" + string.Join("、", Enum.GetNames(type)), "one of " + string.Join(", ", Enum.GetNames(type))),
        _ => ("可识别的值", "a value of type " + (type?.Name ?? "unknown")),
    };
}

/// <summary>The checks of one section beyond its types: ranges, addresses, non-empty names.</summary>
public sealed class SettingRules<T>(string section) : IValidateOptions<T> where T : class
{
    private readonly List<Func<T, IEnumerable<string>>> _rules = [];

    /// <param name="property">The setting below the section, as written after <c>__</c> (<c>Port</c>, <c>Targets__wecom__Url</c>).</param>
    public SettingRules<T> Require(string property, Func<T, bool> isValid, string chinese, string english)
    {
        _rules.Add(o => isValid(o) ? [] : [ValidatedSettings.Invalid($"{section}__{property}", chinese, english)]);
        return this;
    }

    /// <summary>A rule for each element of a list or dictionary; <paramref name="name"/> gives the element's setting below the section.</summary>
    public SettingRules<T> RequireEach<TElement>(Func<T, IEnumerable<TElement>> elements, Func<TElement, int, string> name, Func<TElement, bool> isValid, string chinese, string english)
    {
        _rules.Add(o => elements(o).Select((e, i) => (e, i)).Where(x => !isValid(x.e))
            .Select(x => ValidatedSettings.Invalid($"{section}__{name(x.e, x.i)}", chinese, english)));
        return this;
    }

    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = _rules.SelectMany(rule => rule(options)).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool IsAbsoluteHttpUrl(string? value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>Enough to catch a name where an address belongs; the mail server has the last word.</summary>
    public static bool LooksLikeMailbox(string? value)
        => value is { Length: >= 3 } && value.IndexOf('@') is > 0 and var at && at < value.Length - 1 && !value.Any(char.IsWhiteSpace);
}
