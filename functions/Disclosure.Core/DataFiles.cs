namespace Disclosure;

/// <summary>Where the data files shipped with the app (catalogue, calendar, plan, word lists) are found at run time.</summary>
public static class DataFiles
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "data");
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
}
