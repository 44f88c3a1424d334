namespace Disclosure.Items;

/// <summary>
/// The one 有效性 of a document. The portal, the catalogue and the annual report all ask this, so they cannot disagree
/// (issue 15). It is derived from what the record can show — a published repeal (废止) or revision (修订) instrument
/// pointing at the document, and its 有效期 — as of a date:
/// <list type="number">
/// <item>repealed by an instrument made on or before that date: 废止;</item>
/// <item>otherwise revised by one: 已修订;</item>
/// <item>otherwise past the last day of its 有效期: 失效 (国办发〔2017〕47号: an expired document is marked as such);</item>
/// <item>otherwise 有效.</item>
/// </list>
/// The stored <see cref="DisclosureItem.Validity"/> is only the submitter's statement. It is believed only where the
/// record has nothing to say: a 废止 or 已修订 statement with no instrument in the catalogue, a 失效 statement with no
/// 有效期. Where the record has evidence, the evidence wins both ways — a document stated 有效 after its 有效期 is 失效,
/// and one stated 废止 whose instrument is dated after the date asked about was still 有效 on it.
/// </summary>
public static class ItemValidity
{
    /// <param name="item">The document.</param>
    /// <param name="repealedOn">成文日期 of the earliest published instrument repealing it, if any.</param>
    /// <param name="amendedOn">成文日期 of the earliest published instrument revising it, if any.</param>
    /// <param name="asOf">The day asked about (today for the portal, 31 December for the report); null: today, with the 有效期 unknown to the caller.</param>
    public static Validity Derive(DisclosureItem item, DateOnly? repealedOn, DateOnly? amendedOn, DateOnly? asOf)
    {
        ArgumentNullException.ThrowIfNull(item);
        // A statement this build does not know (a damaged or newer record) is not silently read as 有效.
        if (!Enum.IsDefined(item.Validity))
            throw new ArgumentOutOfRangeException(nameof(item), item.Validity, $"信息 {item.Id} 的有效性无法识别");
        if (repealedOn is { } repealed && (asOf is null || repealed <= asOf)) return Validity.Repealed;
        if (amendedOn is { } amended && (asOf is null || amended <= asOf)) return Validity.Amended;
        if (item.ValidUntil is { } until && asOf is { } day && day > until) return Validity.Expired;

        return item.Validity switch
        {
            Validity.Repealed when repealedOn is null => Validity.Repealed,
            Validity.Amended when amendedOn is null => Validity.Amended,
            Validity.Expired when item.ValidUntil is null => Validity.Expired,
            _ => Validity.InForce,
        };
    }

    /// <summary>
    /// The statement says 有效 but the derived 有效性 does not: the page already shows the derived value, but the
    /// department's record is wrong and the self-inspection lists it.
    /// </summary>
    public static bool StatedInForceButLapsed(DisclosureItem item, DateOnly? repealedOn, DateOnly? amendedOn, DateOnly asOf) =>
        item.Validity == Validity.InForce && Derive(item, repealedOn, amendedOn, asOf) != Validity.InForce;

    /// <summary>The 有效期 has ended by <paramref name="asOf"/> (its last day is still in force).</summary>
    public static bool PastValidUntil(DisclosureItem item, DateOnly asOf) => item.ValidUntil is { } until && asOf > until;
}
