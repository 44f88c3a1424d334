using System.Globalization;
using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Lifecycle;

namespace Disclosure.Publishing;

/// <summary>Remembers that the sample data was seeded, so a store is seeded at most once.</summary>
public interface ISampleDataMarker
{
    Task<bool> ExistsAsync(CancellationToken ct);
    Task SetAsync(CancellationToken ct);
}

public enum SeedOutcome
{
    Seeded,
    AlreadySeeded,
    /// <summary>The store holds real items: sample data is never mixed into them.</summary>
    StoreNotEmpty,
}

public sealed record SeedResult(SeedOutcome Outcome, int ItemsSeeded, PublicationResult? Publication);

/// <summary>
/// A few clearly marked sample items (titles start with 【示例】) so that a newcomer who starts the local host sees a
/// portal at once (issue 2). They go through intake like any submission; the seeder then records itself as their
/// reviewer and publishes them. Idempotent: intake's idempotency keys make a repeated or concurrent seed create each
/// item once, and the marker is set only when everything is done.
/// </summary>
public sealed class SampleData(
    IntakeService intake, IItemStore items, ItemLifecycle lifecycle, PublicationService publication, ISampleDataMarker marker, CatalogueSettings catalogue, TimeProvider time)
{
    public const string TitlePrefix = "【示例】";
    private const string Actor = "系统（示例数据）";
    private static readonly Principal Seeder = Principal.System("sample-data", Actor) with { Roles = new HashSet<string>(StringComparer.Ordinal) { Role.SampleData } };

    public async Task<SeedResult> SeedAsync(CancellationToken ct)
    {
        if (await marker.ExistsAsync(ct)) return new SeedResult(SeedOutcome.AlreadySeeded, 0, null);
        await foreach (var existing in items.ListAsync(new ItemQuery(), ct))
        {
            if (!existing.Title.StartsWith(TitlePrefix, StringComparison.Ordinal)) return new SeedResult(SeedOutcome.StoreNotEmpty, 0, null);
        }

        var seeded = 0;
        var created = new Dictionary<string, DisclosureItem>(StringComparer.Ordinal);
        foreach (var (key, draft) in Drafts(created))
        {
            var who = new Principal(Actor, DepartmentOf(draft), new HashSet<string> { Role.Submitter, Role.Administrator });
            var result = await intake.SubmitAsync(who, draft, "sample-data-" + key, ct);
            if (result is not IntakeResult.Accepted accepted)
                throw new InvalidOperationException($"示例信息“{draft.Title}”未通过报送校验：{Describe(result)}");
            created[key] = accepted.Item;
            await ApproveAsync(accepted.Item.Id, ct);
            seeded++;
        }
        var run = await publication.PublishAsync(PublicationTrigger.SampleData, null, ct);
        if (run.AlreadyRunning) run = await WaitAndPublishAsync(ct);
        await marker.SetAsync(ct);
        return new SeedResult(SeedOutcome.Seeded, seeded, run);
    }

    private async Task<PublicationResult> WaitAndPublishAsync(CancellationToken ct)
    {
        // Another host is seeding at the same moment; its run may have started before our last item was ready.
        for (var attempt = 0; attempt < 30; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), time, ct);
            var run = await publication.PublishAsync(PublicationTrigger.SampleData, null, ct);
            if (!run.AlreadyRunning) return run;
        }
        return PublicationResult.Busy;
    }

    /// <summary>The sample skips the compliance check's queue: the seeder is the reviewer of its own sample text.</summary>
    private async Task ApproveAsync(string itemId, CancellationToken ct)
    {
        var outcome = await lifecycle.MoveAsync(itemId, Seeder, item => item.State is ItemState.Submitted or ItemState.Checking or ItemState.AwaitingReview
            ? ItemLifecycle.Move(item, ItemState.ReadyToPublish, AuditAction.ReviewApproved) with
            {
                EventId = $"sample-approved-v{item.Version}",
                Details = new Dictionary<string, string> { ["说明"] = "示例数据，由系统直接登记为审核通过，仅用于演示" },
            }
            // A second host (or the compliance check) moved it on.
            : ItemLifecycle.Stop("already past review"), ct);
        if (outcome is LifecycleOutcome<DisclosureItem>.NotFound) throw new InvalidOperationException($"示例信息 {itemId} 不存在");
    }

    private string DepartmentOf(SubmissionDraft draft) =>
        catalogue.FindColumn(draft.Column)?.ResponsibleDepartment ?? catalogue.Departments[0].Code;

    private static string Describe(IntakeResult result) => result switch
    {
        IntakeResult.Invalid invalid => string.Join("；", invalid.Errors.Select(e => $"{e.Field}: {e.Message}")),
        _ => result.GetType().Name,
    };

    private IEnumerable<(string Key, SubmissionDraft Draft)> Drafts(IReadOnlyDictionary<string, DisclosureItem> created)
    {
        var today = ChinaTime.Today(time);
        string Day(int daysBack) => today.AddDays(-daysBack).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var year = today.Year.ToString(CultureInfo.InvariantCulture);

        yield return ("functions", new SubmissionDraft
        {
            Title = TitlePrefix + "市科学技术局主要职责",
            Column = "jgzn", Genre = "机构职能", Attribute = "主动公开", FormedOn = Day(9),
            Keywords = "机构职能 主要职责", Summary = "本局主要职责和内设机构（示例数据，非真实信息）。",
            Body = "本条为示例数据，用于演示政府信息公开平台，不是真实的政府信息。\n\n一、贯彻落实国家和省关于科技创新的方针政策。\n二、拟订全市科技发展规划和年度计划并组织实施。\n三、统筹推进全市科技创新体系建设。",
        });
        yield return ("policy", new SubmissionDraft
        {
            Title = TitlePrefix + "市科技计划项目管理办法",
            Column = "zcfg", Genre = "行政规范性文件", Attribute = "主动公开", FormedOn = Day(8),
            DocumentNumber = $"市科发〔{year}〕1号",
            Keywords = "科技计划 项目管理", Summary = "规范市级科技计划项目的申报、立项、实施和验收（示例数据）。",
            Body = "本条为示例数据，不是真实的政府信息。\n\n第一条 为规范市级科技计划项目管理，制定本办法。\n第二条 项目申报单位应当在本市注册，具有独立法人资格。\n第三条 项目实行合同管理，按期组织验收。",
        });
        yield return ("interpretation", new SubmissionDraft
        {
            Title = TitlePrefix + "《市科技计划项目管理办法》政策解读",
            Column = "zcjd", Genre = "解读", Attribute = "主动公开", FormedOn = Day(7),
            Relation = "解读", RelatedItem = created.TryGetValue("policy", out var policy) ? policy.IndexNumber.ToString() : "",
            Keywords = "政策解读 科技计划", Summary = "解读项目管理办法的出台背景和主要内容（示例数据）。",
            Body = "本条为示例数据，不是真实的政府信息。\n\n一、出台背景：进一步规范项目管理，提高财政资金使用效益。\n二、主要内容：明确申报条件、立项程序和验收要求。",
        });
        yield return ("notice", new SubmissionDraft
        {
            Title = TitlePrefix + $"关于组织申报{year}年度市科技计划项目的通知",
            Column = "kjxm", Genre = "通知", Attribute = "主动公开", FormedOn = Day(5),
            DocumentNumber = $"市科发〔{year}〕2号",
            Keywords = "项目申报 科技计划", Summary = "组织申报年度市科技计划项目（示例数据）。",
            Body = "本条为示例数据，不是真实的政府信息。\n\n各有关单位：现组织申报年度市科技计划项目，请按申报指南要求通过网上系统提交材料。",
        });
        yield return ("news", new SubmissionDraft
        {
            Title = TitlePrefix + "市科学技术局召开科技创新工作会议",
            Column = "gzdt", Genre = "动态", Attribute = "主动公开", FormedOn = Day(3),
            Keywords = "工作动态", Summary = "部署年度科技创新重点工作（示例数据）。",
            Body = "本条为示例数据，不是真实的政府信息。\n\n会议总结了上一年度科技工作，部署了本年度重点任务。",
        });
        yield return ("on-request", new SubmissionDraft
        {
            Title = TitlePrefix + "科技项目评审专家名单（依申请公开）",
            Column = "kjxm", Genre = "公示", Attribute = "依申请公开", FormedOn = Day(5),
            Keywords = "评审专家", Summary = "依申请公开的示例：登记在案，不在平台公开。",
            Body = "本条为示例数据，不是真实的政府信息。依申请公开的信息不在公开平台上发布。",
        });
    }
}
