namespace Disclosure.Compliance;

/// <summary>Stable rule identifiers: they are stored with findings and named in configuration, so never rename one.</summary>
public static class RuleIds
{
    public const string ResidentId = "pii.resident-id";
    public const string ResidentIdLegacy = "pii.resident-id-legacy";
    public const string ResidentIdUnverified = "pii.resident-id-unverified";
    public const string Mobile = "pii.mobile";
    public const string Landline = "pii.landline";
    public const string BankCard = "pii.bank-card";
    public const string Passport = "pii.passport";
    public const string Email = "pii.email";
    public const string IndividualBusinessCode = "pii.individual-business-code";

    public const string SecrecyMarking = "secrecy.marking";
    public const string RestrictedPhrase = "secrecy.restricted-phrase";
    public const string AttributeMismatch = "secrecy.attribute-mismatch";
    public const string SensitiveWord = "words.sensitive";

    public const string ExtractionFailed = "extraction.unreadable";
    /// <summary>An attachment carries pictures: the text rules cannot see what they show, a person must (Art. 17).</summary>
    public const string EmbeddedPictures = "pictures.embedded";

    public const string DocumentNumber = "meta.document-number";
    public const string FormedInFuture = "meta.formed-date-future";
    public const string FormedAfterPublished = "meta.formed-after-published";
    public const string UnknownColumn = "meta.column-unknown";
    public const string RelationRequired = "meta.relation-required";
    public const string RelatedItemMissing = "meta.related-item-missing";
    public const string RelatedItemUnsuitable = "meta.related-item-unsuitable";
    /// <summary>A 解读, 修订 or 废止 of another department's item: it changes what that department published.</summary>
    public const string RelatedItemOfOtherDepartment = "meta.related-item-other-department";

    public const string Timeliness = "timeliness.art26";
    public const string CalendarMissing = "timeliness.calendar-missing";

    /// <summary>Rules a column may never soften (Art. 14: state secrets are never published).</summary>
    public static readonly IReadOnlySet<string> NeverSoftened = new HashSet<string> { SecrecyMarking, ResidentId };

    /// <summary>
    /// Findings that send an item to a reviewer whatever their severity says: one department may not, on its own,
    /// declare another department's document 废止 or 修订, nor speak for it in a 解读; and nobody but a person can see
    /// what a picture shows.
    /// </summary>
    public static readonly IReadOnlySet<string> AlwaysToReviewer = new HashSet<string> { RelatedItemOfOtherDepartment, EmbeddedPictures };
}
