using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Publishing;

namespace Disclosure.Workbench;

[PageModel]
public sealed record PublicationProblemRow(string What, string Reason);

/// <summary>What one 立即发布 run did, as the person who pressed the button reads it: pages written and removed, what was left out and why, when and how long.</summary>
[PageModel]
public sealed record PublicationResultModel(
    int ItemsPublished, int ItemsWithdrawn, int ItemsExpired, int ItemsChangedOnSite, bool FullRender,
    int PagesWritten, int PagesRemoved, IReadOnlyList<PublicationProblemRow> Problems, string StartedAt, string Duration)
{
    public const string Template = "publication-result";
    public const string Title = "立即发布的结果";

    public static PublicationResultModel Build(PublicationResult result, DateTimeOffset started, DateTimeOffset finished) => new(
        result.ItemsPublished, result.ItemsWithdrawn, result.ItemsExpired, result.ItemsChangedOnSite, result.FullRender,
        result.BlobsWritten, result.BlobsDeleted,
        [
            .. result.Skipped.Select(s => new PublicationProblemRow("信息 " + s.ItemId, s.Reason)),
            .. (result.PagesKept ?? []).Select(p => new PublicationProblemRow("页面 " + p.Path, p.Reason)),
        ],
        started.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        (finished - started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " 秒");
}
