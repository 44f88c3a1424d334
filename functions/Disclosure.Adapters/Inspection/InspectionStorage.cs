namespace Disclosure.Adapters.Inspection;

/// <summary>Where the inspection feature keeps its files: the reports container and the annual report's table.</summary>
public static class InspectionStorage
{
    public const string ReportsContainer = "reports";
    public const string AnnualReportsTable = "annualreports";
}
