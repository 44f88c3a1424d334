using Disclosure.Items;

namespace Disclosure.Compliance;

/// <summary>What the metadata rules need to know about an item another item refers to.</summary>
public sealed record ItemReference(string Id, string Title, string ColumnCode, ItemState State);

/// <summary>Looks up items by id; storage implements it, so the rules stay free of it.</summary>
public interface IItemDirectory
{
    Task<ItemReference?> FindAsync(string itemId, CancellationToken cancellationToken);
}
