namespace Disclosure.Compliance;

/// <summary>A match in the normalised text, before it is mapped back to the original and named after its source.</summary>
internal readonly record struct Hit(string RuleId, Severity Severity, int Start, int End, string Masked, string Message, string Advice);

internal static class Mask
{
    public static string Middle(ReadOnlySpan<char> value, int keepStart, int keepEnd)
    {
        if (value.Length <= keepStart + keepEnd) return new string('*', value.Length);
        return string.Concat(value[..keepStart], new string('*', value.Length - keepStart - keepEnd), value[^keepEnd..]);
    }

    public static string DigitsOnly(ReadOnlySpan<char> value)
    {
        Span<char> buffer = stackalloc char[value.Length];
        var count = 0;
        foreach (var c in value)
        {
            if (c is >= '0' and <= '9') buffer[count++] = c;
        }
        return new string(buffer[..count]);
    }
}
