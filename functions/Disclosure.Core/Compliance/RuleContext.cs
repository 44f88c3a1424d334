using Disclosure.Catalogue;
using Disclosure.Items;

namespace Disclosure.Compliance;

/// <summary>What the text rules need to know about the item the text belongs to.</summary>
public sealed record RuleContext(DisclosureAttribute Attribute, Column? Column)
{
    public static RuleContext For(DisclosureItem item, CatalogueSettings settings)
        => new(item.Attribute, settings.FindColumn(item.ColumnCode));
}
