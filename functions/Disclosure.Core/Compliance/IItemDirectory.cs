using Disclosure.Items;

namespace Disclosure.Compliance;

/// <summary>What the metadata rules need to know about an item another item refers to.</summary>
/// <param name="DepartmentCode">The department responsible for it (责任处室): a relation from another department goes to a reviewer.</param>
/// <param name="PublishedOn">When it was (first) published: a 政策解读 is due with its policy (Deadlines).</param>
public sealed record ItemReference(string Id, string Title, string ColumnCode, ItemState State, string DepartmentCode, DateOnly? PublishedOn = null);

/// <summary>Looks up items by id; storage implements it, so the rules stay free of it.</summary>
public interface IItemDirectory
{
    Task<ItemReference?> FindAsync(string itemId, CancellationToken cancellationToken);
}
