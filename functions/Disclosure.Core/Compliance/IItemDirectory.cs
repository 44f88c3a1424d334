using Disclosure.Items;

namespace Disclosure.Compliance;

/// <summary>What the metadata rules need to know about an item another item refers to.</summary>
/// <param name="DepartmentCode">The department responsible for it (责任处室): a relation from another department goes to a reviewer.</param>
public sealed record ItemReference(string Id, string Title, string ColumnCode, ItemState State, string DepartmentCode);

/// <summary>Looks up items by id; storage implements it, so the rules stay free of it.</summary>
public interface IItemDirectory
{
    Task<ItemReference?> FindAsync(string itemId, CancellationToken cancellationToken);
}
