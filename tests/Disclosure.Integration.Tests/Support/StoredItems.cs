using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Items;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Support;

/// <summary>
/// Items written straight to the host's store in the state a test needs (published, waiting for review…), with the one
/// audit entry that put them there: for tests of what lists and pages show, without running intake and the checks.
/// </summary>
internal static class StoredItems
{
    /// <param name="action">The audit action that left the item in <paramref name="state"/> (e.g. <see cref="AuditAction.Published"/>).</param>
    /// <param name="year">The year of its 索引号 and 成文日期 (2 November).</param>
    /// <param name="at">When it was submitted and last changed; now by default.</param>
    /// <param name="shape">Further fields of the item (dates of publication…).</param>
    public static async Task<DisclosureItem> WriteAsync(IServiceProvider services, string title, string department, string column, ItemState state, string action,
        int year = 2026, DateTimeOffset? at = null, Func<DisclosureItem, DisclosureItem>? shape = null)
    {
        var items = services.GetRequiredService<IItemStore>();
        var catalogue = services.GetRequiredService<CatalogueSettings>();
        var when = at ?? DateTimeOffset.UtcNow;
        var number = await services.GetRequiredService<IIndexNumberAllocator>().NextAsync(catalogue.Agency.IssuerCode, year);
        var item = new DisclosureItem
        {
            Id = Guid.NewGuid().ToString("N"), IndexNumber = number, Title = title, ColumnCode = column, Genre = "通知", Publisher = catalogue.Agency.Name,
            DepartmentCode = department, FormedOn = new DateOnly(year, 11, 2), State = state, SubmittedBy = "赵科员", SubmittedAt = when, UpdatedAt = when,
        };
        item = shape?.Invoke(item) ?? item;
        await items.CreateAsync(item, ItemChange.Of(new AuditEntry { ItemId = item.Id, EventId = action, At = when, Actor = "系统", Action = action, To = state }));
        return item;
    }
}
