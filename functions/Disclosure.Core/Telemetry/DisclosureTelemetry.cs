using System.Diagnostics;
using Disclosure.Items;

namespace Disclosure.Telemetry;

/// <summary>
/// Traces and metrics of an item's journey (intake, check, review, publication). Tags carry the item's id and 索引号
/// only: never a title, a name or anything an applicant wrote, since telemetry leaves the agency's storage.
/// <para>Each step runs on a different request or queue message, so the steps of one item share one trace: its trace
/// id is the item's id (a 32-hex GUID), and the request or message that did the work is a link. Application Insights
/// then shows the journey as one end-to-end transaction without the queue messages carrying trace context.</para>
/// </summary>
public static class DisclosureTelemetry
{
    public const string Name = "Disclosure";
    public const string ItemIdTag = "item.id";
    public const string IndexNumberTag = "item.index_number";

    public static readonly ActivitySource Source = new(Name);
    // Every instrument of the meter Disclosure is on the host's meter factory (ItemMetrics, PublicationMetrics, the
    // operations gauges), so that one host's listener or exporter sees that host's work only.

    /// <summary>One step of an item's journey: <c>item.intake</c>, <c>item.check</c>, <c>item.review</c>, <c>item.publication</c>.</summary>
    public static Activity? StartItemStep(string step, string itemId, IndexNumber? indexNumber = null)
    {
        if (!Source.HasListeners()) return null;
        var caller = Activity.Current;
        var links = caller is null ? null : new[] { new ActivityLink(caller.Context) };
        var parent = JourneyOf(itemId) is { } journey ? journey : caller?.Context ?? default;
        var activity = Source.StartActivity(step, ActivityKind.Internal, parent, links: links);
        activity?.SetTag(ItemIdTag, itemId);
        if (indexNumber is not null) activity?.SetTag(IndexNumberTag, indexNumber.ToString());
        return activity;
    }

    /// <summary>Adds the 索引号 once the step knows it (intake allocates it, the check reads it).</summary>
    public static void TagIndexNumber(this Activity? activity, IndexNumber number) => activity?.SetTag(IndexNumberTag, number.ToString());

    /// <summary>The journey's context: trace id = item id, a span id fixed by the id too so that every step has the same parent.</summary>
    private static ActivityContext? JourneyOf(string itemId)
    {
        if (itemId.Length != 32 || !itemId.All(char.IsAsciiHexDigitLower)) return null;
        var span = ActivitySpanId.CreateFromString(itemId.AsSpan(0, 16));
        return new ActivityContext(ActivityTraceId.CreateFromString(itemId), span, ActivityTraceFlags.Recorded);
    }
}
