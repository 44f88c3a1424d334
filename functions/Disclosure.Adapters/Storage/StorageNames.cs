namespace Disclosure.Adapters.Storage;

/// <summary>Tables and containers of the data account, named once.</summary>
public static class StorageNames
{
    public const string ItemsTable = "items";
    public const string AuditTable = "audit";
    public const string CountersTable = "counters";
    public const string IdempotencyTable = "idempotency";
    public const string LegacyAddressesTable = "legacyaddresses";
    /// <summary>Progress of catalogue imports (历史导入), one row per imported file, so an interrupted import resumes.</summary>
    public const string ImportsTable = "imports";
    /// <summary>The publication inbox (<c>IPublicationInbox</c>): a row per item noted 待发布 or 已撤回, and the completeness marker.</summary>
    public const string PublicationNotesTable = "publicationnotes";
    public const string ContentContainer = "items";
    /// <summary>Applicants' identity proofs: private, apart from item content and from the portal's <c>$web</c>.</summary>
    public const string ApplicantDocumentsContainer = "applicant-documents";
}
