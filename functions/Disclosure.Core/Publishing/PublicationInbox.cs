using Disclosure.Items;

namespace Disclosure.Publishing;

/// <summary>
/// Notes of the items whose state can change what the site shows (待发布, 已撤回), so a run for a change (立即发布, an
/// approved withdrawal) reads those items alone (issue 19: on Azure Tables a query on <c>State</c>, which is not a key,
/// reads every item's row). The store writes an item's note <b>before</b> it commits the change that puts the item in
/// such a state, naming the ETag of the row the change replaces: whoever sees the state can see the note, and a note
/// whose change is not committed yet, or failed, is harmless (the run reads the item, finds it still at that ETag, and
/// keeps the note). A run removes a note once it has read the item past it. Until a run that read every item (the
/// nightly one) has said the notes are complete, runs list items by state as before.
/// </summary>
public interface IPublicationInbox
{
    Task<PublicationNotes> ListNotesAsync(CancellationToken ct);

    /// <summary>Removes each note unless it was written again since it was listed (its <see cref="PublicationNote.ETag"/> changed).</summary>
    Task RemoveNotesAsync(IEnumerable<PublicationNote> notes, CancellationToken ct);

    /// <summary>
    /// After a run that read every item: notes <paramref name="stillWaiting"/> (待发布 items it could not publish yet, which
    /// may have entered that state before notes were made), then says the notes are complete from now on.
    /// </summary>
    Task MarkNotesCompleteAsync(IEnumerable<DisclosureItem> stillWaiting, CancellationToken ct);
}

/// <summary>
/// One item noted: the ETag of the item's row that the noted change replaces (<paramref name="Replaces"/>: "" for a new
/// item; null for a note of a state already committed), when, and the note's own version (<paramref name="ETag"/>: a note
/// written again has another).
/// </summary>
public sealed record PublicationNote(string ItemId, string? Replaces, DateTimeOffset NotedAt, string ETag)
{
    /// <summary>The states whose items can make the site differ from the manifest's copies: a change into one is noted.</summary>
    public static readonly IReadOnlyList<ItemState> States = [ItemState.ReadyToPublish, ItemState.Withdrawn];

    /// <summary>The noted change is not committed (yet, or ever) as far as <paramref name="stored"/>, read after the note was listed, shows.</summary>
    public bool Uncommitted(StoredItem? stored) => Replaces is not null && (stored is null ? Replaces.Length == 0 : stored.ETag == Replaces);
}

/// <summary>The notes as listed, and whether they are complete (every item that entered 待发布 or 已撤回 since the last run is among them).</summary>
public sealed record PublicationNotes(IReadOnlyList<PublicationNote> Notes, bool Complete)
{
    public static PublicationNotes None { get; } = new([], false);
}
