using Disclosure.Audit;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Tests.Compliance.Flow;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Intake;

/// <summary>
/// 关联信息 names an item by its 索引号 or id. An item another department has not yet published is none of this
/// department's business: relating to it must answer exactly as relating to an item that does not exist, or the form
/// tells anyone who tries numbers in turn what other departments are preparing.
/// </summary>
public class RelatedItemProbingTests
{
    private static readonly Principal Clerk = new("王科员", "xmc", new HashSet<string> { Role.Submitter });

    private static SubmissionDraft Amendment(string related) => new()
    {
        Title = "关于修订科技项目管理办法的通知", Column = "tzgg", Genre = "通知", FormedOn = "2026-11-20", Attribute = "主动公开",
        Body = "现将修订后的办法印发。", Relation = "修订", RelatedItem = related,
    };

    private static async Task<InMemoryItems> ItemsWith(params DisclosureItem[] items)
    {
        var store = new InMemoryItems();
        foreach (var item in items)
            await store.CreateAsync(item, new ItemChange(new AuditEntry { ItemId = item.Id, EventId = item.Id, Action = AuditAction.Submitted, Actor = "x", At = Now, To = item.State }, []));
        return store;
    }

    private static DisclosureItem OtherDepartments(string id, int serial, ItemState state, DateOnly? publishedOn = null) => Item(i => i with
    {
        Id = id, IndexNumber = new IndexNumber("113301000024820810", 2026, serial), DepartmentCode = "cwc", State = state, PublishedOn = publishedOn,
    });

    [Fact]
    public async Task Another_departments_unpublished_item_is_answered_like_one_that_does_not_exist()
    {
        var unpublished = OtherDepartments(new string('a', 32), 7, ItemState.AwaitingReview);
        var validator = new SubmissionValidator(Settings, await ItemsWith(unpublished), Clock());

        var (_, byNumber) = await validator.ValidateAsync(Amendment(unpublished.IndexNumber.ToString()), Clerk, CancellationToken.None);
        var (_, byAbsentNumber) = await validator.ValidateAsync(Amendment(new IndexNumber("113301000024820810", 2026, 8).ToString()), Clerk, CancellationToken.None);
        var (_, byId) = await validator.ValidateAsync(Amendment(unpublished.Id), Clerk, CancellationToken.None);
        var (_, byAbsentId) = await validator.ValidateAsync(Amendment(new string('b', 32)), Clerk, CancellationToken.None);

        static string Answer(IReadOnlyList<FieldError> errors, string asked)
            => errors.Single(e => e.Field == SubmissionFields.RelatedItem).Message.Replace(asked, "…");
        Assert.Equal(Answer(byAbsentNumber, new IndexNumber("113301000024820810", 2026, 8).ToString()), Answer(byNumber, unpublished.IndexNumber.ToString()));
        Assert.Equal(Answer(byAbsentId, new string('b', 32)), Answer(byId, unpublished.Id));
    }

    [Fact]
    public async Task Another_departments_published_item_and_the_departments_own_unpublished_one_can_be_related()
    {
        var published = OtherDepartments(new string('c', 32), 9, ItemState.Published, publishedOn: new DateOnly(2026, 11, 1));
        var own = Item(i => i with { Id = new string('d', 32), IndexNumber = new IndexNumber("113301000024820810", 2026, 10), State = ItemState.AwaitingReview });
        var validator = new SubmissionValidator(Settings, await ItemsWith(published, own), Clock());

        var (ofPublished, _) = await validator.ValidateAsync(Amendment(published.IndexNumber.ToString()), Clerk, CancellationToken.None);
        var (ofOwn, _) = await validator.ValidateAsync(Amendment(own.Id), Clerk, CancellationToken.None);

        Assert.Equal(published.Id, ofPublished?.RelatedItem?.Id);
        Assert.Equal(own.Id, ofOwn?.RelatedItem?.Id);
    }
}
