using Disclosure.Intake;

namespace Disclosure.Inspection.AnnualReport;

/// <summary>
/// What an administrator enters for one year's report: the figures the catalogue cannot know (applications, reviews,
/// lawsuits, fees), optional overrides of the catalogue's 双公示 counts, and the edited text of sections 一, 五 and 六.
/// One record per year; saving again replaces it (PUT semantics, so a retried save is harmless).
/// </summary>
public sealed record AnnualReportFigures
{
    public required int Year { get; init; }

    /// <summary>
    /// Table 三, keyed by row. Empty means "not entered": the report prints 未填, not zeros. Once any row is entered, a
    /// missing row counts as zeros (a body lists the rows that have figures).
    /// </summary>
    public IReadOnlyDictionary<ApplicationRow, ApplicantCounts> Applications { get; init; } = new Dictionary<ApplicationRow, ApplicantCounts>();

    /// <summary>Table 四: 行政复议. Null: not entered (printed 未填); an entered block of zeros prints zeros.</summary>
    public OutcomeCounts? Reconsideration { get; init; }
    /// <summary>Table 四: 行政诉讼 — 未经复议直接起诉. Null: not entered.</summary>
    public OutcomeCounts? LitigationDirect { get; init; }
    /// <summary>Table 四: 行政诉讼 — 复议后起诉. Null: not entered.</summary>
    public OutcomeCounts? LitigationAfterReconsideration { get; init; }

    /// <summary>Table 二, 第二十条第（五）项: entered 行政许可 decisions; null means "count the catalogue".</summary>
    public int? LicensingDecisions { get; init; }
    /// <summary>Table 二, 第二十条第（六）项: entered 行政处罚 decisions; null means "count the catalogue".</summary>
    public int? PenaltyDecisions { get; init; }
    /// <summary>Table 二, 第二十条第（六）项: entered 行政强制 decisions; null means "count the catalogue".</summary>
    public int? EnforcementDecisions { get; init; }
    /// <summary>Table 二, 第二十条第（八）项: 行政事业性收费 in 万元. Only an administrator knows it; null prints 未填.</summary>
    public decimal? AdministrativeFeesTenThousandYuan { get; init; }

    /// <summary>
    /// Section 六: 信息处理费 (国办函〔2020〕109号) — how many fee notices were issued and how much was collected, in 元.
    /// Null: not entered, so the draft cannot say "未收取" on the bureau's behalf.
    /// </summary>
    public int? ProcessingFeeNotices { get; init; }
    public decimal? ProcessingFeeYuan { get; init; }

    /// <summary>Edited text of sections 一, 五 and 六; a null entry means "use the draft generated from the year's records".</summary>
    public ReportTexts Texts { get; init; } = new();

    public string? UpdatedBy { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>
    /// Every save that changed a figure: who, when, which figures from what to what, oldest first. Kept in the same
    /// record so a save and its audit line are one write (one ETag); what a client sends here is ignored.
    /// </summary>
    public IReadOnlyList<FiguresSave> History { get; init; } = [];

    /// <summary>
    /// How many of the oldest saves were moved out of <see cref="History"/> into archived parts of
    /// <see cref="FiguresHistory.SavesPerArchivedPart"/> each (<see cref="IFiguresHistoryArchive"/>), so the record stays
    /// small however often the figures are saved: the save numbered n (from 1) is in part (n − 1) / that size while
    /// n ≤ this count, in <see cref="History"/> after it. What a client sends here is ignored, as for the history.
    /// </summary>
    public int HistoryArchived { get; init; }

    /// <summary>
    /// The same figures with JSON nulls read as "nothing entered": a body may send <c>"applications": null</c> or a
    /// null row, and the rules must see an empty table, not crash. Table 四's blocks stay null: null is "未填", not 0.
    /// </summary>
    public AnnualReportFigures Normalized() => this with
    {
        Applications = (Applications ?? new Dictionary<ApplicationRow, ApplicantCounts>())
            .Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value),
        Texts = (Texts ?? new ReportTexts()).Normalized(),
        History = History ?? [],
    };
}

/// <summary>The bureau's own words for the sections the format leaves to it. Null = not yet written (the draft is used).</summary>
public sealed record ReportTexts
{
    public string? OverviewProactive { get; init; }      // 一（一）主动公开
    public string? OverviewOnRequest { get; init; }      // 一（二）依申请公开
    public string? OverviewManagement { get; init; }     // 一（三）政府信息管理
    public string? OverviewPlatform { get; init; }       // 一（四）平台建设
    public string? OverviewOversight { get; init; }      // 一（五）监督保障
    public string? ProblemsAndImprovements { get; init; } // 五
    public string? OtherMatters { get; init; }           // 六

    /// <summary>
    /// The texts as kept: pasted control characters removed and line endings made one (they go into the HTML and the
    /// DOCX, whose XML writer throws on U+0001).
    /// </summary>
    public ReportTexts Normalized()
    {
        static string? Keep(string? text) => text is null ? null : InputText.Normalize(text);
        return this with
        {
            OverviewProactive = Keep(OverviewProactive), OverviewOnRequest = Keep(OverviewOnRequest), OverviewManagement = Keep(OverviewManagement),
            OverviewPlatform = Keep(OverviewPlatform), OverviewOversight = Keep(OverviewOversight),
            ProblemsAndImprovements = Keep(ProblemsAndImprovements), OtherMatters = Keep(OtherMatters),
        };
    }
}

/// <summary>One row of table 三 across its applicant columns. <see cref="Total"/> may be entered; if it is, it must equal the sum.</summary>
public sealed record ApplicantCounts
{
    public int NaturalPersons { get; init; }              // 自然人
    public int Businesses { get; init; }                  // 商业企业
    public int ResearchInstitutions { get; init; }        // 科研机构
    public int PublicWelfareOrganisations { get; init; }  // 社会公益组织
    public int LegalServiceProviders { get; init; }       // 法律服务机构
    public int OtherOrganisations { get; init; }          // 其他
    /// <summary>总计 as entered (optional). The report always prints the computed sum.</summary>
    public int? Total { get; init; }

    public ApplicantCounts() { }

    public ApplicantCounts(int naturalPersons, int businesses, int researchInstitutions, int publicWelfareOrganisations, int legalServiceProviders, int otherOrganisations, int? total = null)
    {
        NaturalPersons = naturalPersons;
        Businesses = businesses;
        ResearchInstitutions = researchInstitutions;
        PublicWelfareOrganisations = publicWelfareOrganisations;
        LegalServiceProviders = legalServiceProviders;
        OtherOrganisations = otherOrganisations;
        Total = total;
    }

    /// <summary>The six applicant columns in the order of the national format.</summary>
    public int this[ApplicantColumn column] => column switch
    {
        ApplicantColumn.NaturalPersons => NaturalPersons,
        ApplicantColumn.Businesses => Businesses,
        ApplicantColumn.ResearchInstitutions => ResearchInstitutions,
        ApplicantColumn.PublicWelfareOrganisations => PublicWelfareOrganisations,
        ApplicantColumn.LegalServiceProviders => LegalServiceProviders,
        ApplicantColumn.OtherOrganisations => OtherOrganisations,
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    public int ComputedTotal => NaturalPersons + Businesses + ResearchInstitutions + PublicWelfareOrganisations + LegalServiceProviders + OtherOrganisations;
}

/// <summary>The applicant columns of table 三 (总计 is derived).</summary>
public enum ApplicantColumn
{
    NaturalPersons,
    Businesses,
    ResearchInstitutions,
    PublicWelfareOrganisations,
    LegalServiceProviders,
    OtherOrganisations,
}

/// <summary>
/// The rows of table 三. Leaf rows carry figures; <see cref="Withheld"/>, <see cref="Unavailable"/>, <see cref="NotProcessed"/>
/// and <see cref="OtherHandling"/> are the parent rows (三)(四)(五)(六) — the format prints no figures for them, but an entered
/// subtotal is checked against its sub-rows. <see cref="ResultTotal"/> is (七) 总计.
/// </summary>
public enum ApplicationRow
{
    NewThisYear,                    // 一
    CarriedOver,                    // 二
    Disclosed,                      // 三（一）
    PartlyDisclosed,                // 三（二）
    Withheld,                       // 三（三）
    WithheldStateSecret,
    WithheldForbiddenByLaw,
    WithheldSecurityAndStability,
    WithheldThirdPartyRights,
    WithheldInternalAffairs,
    WithheldProcessInformation,
    WithheldEnforcementCaseFiles,
    WithheldAdministrativeQuery,
    Unavailable,                    // 三（四）
    UnavailableNotHeld,
    UnavailableNeedsCreation,
    UnavailableStillUnclear,
    NotProcessed,                   // 三（五）
    NotProcessedPetition,
    NotProcessedRepeated,
    NotProcessedPublication,
    NotProcessedExcessive,
    NotProcessedConfirmation,
    OtherHandling,                  // 三（六）
    OtherNoClarification,
    OtherFeeUnpaid,
    OtherOther,
    ResultTotal,                    // 三（七）
    CarriedForward,                 // 四
}

/// <summary>One block of table 四. <see cref="Total"/> may be entered; if it is, it must equal the sum of the four outcomes.</summary>
public sealed record OutcomeCounts
{
    public int Upheld { get; init; }     // 结果维持
    public int Corrected { get; init; }  // 结果纠正
    public int Other { get; init; }      // 其他结果
    public int Pending { get; init; }    // 尚未审结
    public int? Total { get; init; }     // 总计 as entered

    public OutcomeCounts() { }

    public OutcomeCounts(int upheld, int corrected, int other, int pending, int? total = null)
    {
        Upheld = upheld;
        Corrected = corrected;
        Other = other;
        Pending = pending;
        Total = total;
    }

    public int ComputedTotal => Upheld + Corrected + Other + Pending;
}
