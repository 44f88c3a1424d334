namespace Disclosure.Adapters.Documents;

internal static class Parsing
{
    /// <summary>
    /// The parsers read untrusted files and fail on malformed ones through many exception types (format, cast,
    /// index, null reference deep inside a library). Any of them means "a person must look", never a retry of the
    /// queue message; cancellation, a budget and running out of memory still propagate.
    /// </summary>
    public static bool IsUnreadableFile(Exception e) =>
        e is not (OperationCanceledException or OutOfMemoryException or BudgetExceededException);
}
