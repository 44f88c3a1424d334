namespace Disclosure.Publishing;

/// <summary>
/// Notes of the items whose state can change what the site shows (待发布, 已撤回), made as the lifecycle moves them there,
/// so a run for a change (立即发布, an approved withdrawal) reads those items alone (issue 19: on Azure Tables a query on
/// <c>State</c>, which is not a key, reads every item's row). The store commits a note with the change that makes it (its
/// outbox), so no crash loses one; a run removes the notes it handled once its manifest is stored. Until a run that read
/// every item (the nightly one) has said the notes are complete, runs list items by state as before.
/// </summary>
public interface IPublicationInbox
{
    Task<PublicationNotes> ListNotesAsync(CancellationToken ct);

    /// <summary>Removes each note unless it was made again since it was listed (a new version of it).</summary>
    Task RemoveNotesAsync(IEnumerable<PublicationNote> notes, CancellationToken ct);

    /// <summary>
    /// After a run that read every item: notes <paramref name="stillWaiting"/> (待发布 items it could not publish yet, which
    /// may have entered that state before notes were made), then says the notes are complete from now on.
    /// </summary>
    Task MarkNotesCompleteAsync(IEnumerable<string> stillWaiting, CancellationToken ct);
}

/// <summary>One item noted, at the version of the note (a note made again has another).</summary>
public sealed record PublicationNote(string ItemId, string Version);

/// <summary>The notes as listed, and whether they are complete (every item that entered 待发布 or 已撤回 since the last run is among them).</summary>
public sealed record PublicationNotes(IReadOnlyList<PublicationNote> Notes, bool Complete)
{
    public static PublicationNotes None { get; } = new([], false);
}
