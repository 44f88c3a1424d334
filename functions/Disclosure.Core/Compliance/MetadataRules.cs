using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Items;

namespace Disclosure.Compliance;

/// <summary>
/// Checks of an item's catalogue data (validation.md, catalogue.md): 文号 format, dates, the column, related items
/// (政策解读 → policy, 修订/废止 → original) and Art. 26 timeliness. Register as a singleton.
/// </summary>
public sealed partial class MetadataRules(CatalogueSettings settings, WorkingDayCalendar calendar, TimeProvider time, IItemDirectory directory)
{
    public const string DocumentNumberSource = "文号";
    public const string FormedOnSource = "成文日期";
    public const string ColumnSource = "栏目";
    public const string RelationSource = "关联文件";

    private readonly TimelinessRule _timeliness = new(new Deadlines.ItemDeadlines(settings, calendar), time);

    public async Task<IReadOnlyList<ComplianceFinding>> CheckAsync(DisclosureItem item, CancellationToken cancellationToken)
    {
        var findings = new List<ComplianceFinding>();
        CheckDocumentNumber(item, findings);
        CheckDates(item, findings);
        var column = settings.FindColumn(item.ColumnCode);
        if (column is null)
        {
            findings.Add(new(RuleIds.UnknownColumn, Severity.Block, ColumnSource, 0, item.ColumnCode.Length, item.ColumnCode,
                FindingTexts.UnknownColumn(item.ColumnCode), FindingTexts.UnknownColumnAdvice));
        }
        var related = await CheckRelationAsync(item, column, findings, cancellationToken).ConfigureAwait(false);
        // A 政策解读 is due with its policy: the policy's publication date is where its deadline starts.
        findings.AddRange(_timeliness.Check(item, item.Relation == Relation.Interprets ? related?.PublishedOn : null));
        return findings;
    }

    /// <summary>
    /// GB/T 9704-2012: <c>机关代字〔年份〕序号号</c>. The usual mistakes (other brackets, a leading zero, 第) are named so
    /// the department knows what to fix; they are warnings (review), as the document itself is already issued.
    /// </summary>
    internal static void CheckDocumentNumber(DisclosureItem item, List<ComplianceFinding> findings)
    {
        var original = item.DocumentNumber?.Trim();
        if (string.IsNullOrEmpty(original)) return;
        // Full-width digits are the same number; the brackets 〔〕 are not compatibility characters and survive NFKC.
        var number = original.Normalize(NormalizationForm.FormKC);
        void Warn(string message) => findings.Add(new(RuleIds.DocumentNumber, Severity.Review, DocumentNumberSource, 0, original.Length,
            original, message, FindingTexts.DocumentNumberAdvice));

        var match = WellFormed().Match(number);
        if (match.Success)
        {
            var year = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (year != item.FormedOn.Year) Warn(FindingTexts.DocumentNumberYear(original, item.FormedOn.Year));
            return;
        }
        var loose = Loose().Match(number);
        if (!loose.Success)
        {
            Warn(FindingTexts.DocumentNumberMalformed(original));
            return;
        }
        if (loose.Groups["open"].Value != "〔" || loose.Groups["close"].Value != "〕") Warn(FindingTexts.DocumentNumberBrackets(original));
        if (loose.Groups["di"].Success) Warn(FindingTexts.DocumentNumberDi(original));
        if (loose.Groups["serial"].Value.StartsWith('0')) Warn(FindingTexts.DocumentNumberLeadingZero(original));
    }

    private void CheckDates(DisclosureItem item, List<ComplianceFinding> findings)
    {
        var today = ChinaTime.Today(time);
        if (item.FormedOn > today)
        {
            findings.Add(new(RuleIds.FormedInFuture, Severity.Block, FormedOnSource, 0, 0, FindingTexts.Date(item.FormedOn),
                FindingTexts.FormedInFuture(item.FormedOn, today), FindingTexts.FormedInFutureAdvice));
        }
        if (item.PublishedOn is { } published && item.FormedOn > published)
        {
            findings.Add(new(RuleIds.FormedAfterPublished, Severity.Block, FormedOnSource, 0, 0, FindingTexts.Date(item.FormedOn),
                FindingTexts.FormedAfterPublished(item.FormedOn, published), FindingTexts.FormedAfterPublishedAdvice));
        }
    }

    /// <summary>
    /// A column with <see cref="Column.RequiredRelation"/> (政策解读) demands that relation; any relation must name an item
    /// that exists (a 解读 is published with, and linked to, its policy: 国办发〔2017〕47号). Missing links block, since only
    /// the department can supply them; a doubtful target goes to the reviewer.
    /// </summary>
    private async Task<ItemReference?> CheckRelationAsync(DisclosureItem item, Column? column, List<ComplianceFinding> findings, CancellationToken ct)
    {
        void Add(string ruleId, Severity severity, string message, string advice)
            => findings.Add(new(ruleId, severity, RelationSource, 0, 0, item.RelatedItemId ?? "", message, advice));

        var required = column?.RequiredRelation ?? Relation.None;
        if (required != Relation.None && item.Relation != required)
        {
            Add(RuleIds.RelationRequired, Severity.Block, FindingTexts.RelationRequired(column!.Name, required.ToChinese()), FindingTexts.RelationRequiredAdvice);
            return null;
        }
        if (item.Relation == Relation.None) return null;
        if (string.IsNullOrWhiteSpace(item.RelatedItemId))
        {
            Add(RuleIds.RelationRequired, Severity.Block, FindingTexts.RelationTargetMissing(item.Relation.ToChinese()), FindingTexts.RelationRequiredAdvice);
            return null;
        }
        if (item.RelatedItemId == item.Id)
        {
            Add(RuleIds.RelatedItemUnsuitable, Severity.Block, FindingTexts.RelatedItemIsSelf, FindingTexts.RelatedItemUnsuitableAdvice);
            return null;
        }
        var target = await directory.FindAsync(item.RelatedItemId, ct).ConfigureAwait(false);
        if (target is null)
        {
            Add(RuleIds.RelatedItemMissing, Severity.Block, FindingTexts.RelatedItemMissing(item.RelatedItemId), FindingTexts.RelatedItemMissingAdvice);
            return null;
        }
        if (target.DepartmentCode != item.DepartmentCode)
            Add(RuleIds.RelatedItemOfOtherDepartment, Severity.Review, FindingTexts.RelatedItemOfOtherDepartment(item.Relation.ToChinese()), FindingTexts.RelatedItemOfOtherDepartmentAdvice);
        if (target.State == ItemState.Withdrawn)
            Add(RuleIds.RelatedItemUnsuitable, Severity.Review, FindingTexts.RelatedItemWithdrawn(target.Title), FindingTexts.RelatedItemUnsuitableAdvice);
        if (item.Relation == Relation.Interprets && settings.FindColumn(target.ColumnCode)?.RequiredRelation == Relation.Interprets)
            Add(RuleIds.RelatedItemUnsuitable, Severity.Review, FindingTexts.RelatedItemIsInterpretation(target.Title), FindingTexts.RelatedItemUnsuitableAdvice);
        return target;
    }

    [GeneratedRegex(@"^(.+?)〔([0-9]{4})〕([1-9][0-9]*)号$", RegexOptions.NonBacktracking)]
    private static partial Regex WellFormed();

    // The same shape with the usual substitutes for 〔〕 (after NFKC, full-width brackets are ASCII), 第 and leading zeros.
    [GeneratedRegex(@"^(?<issuer>.+?)(?<open>[〔\[(【])(?<year>[0-9]{4})(?<close>[〕\])】])(?<di>第)?(?<serial>[0-9]+)号$", RegexOptions.NonBacktracking)]
    private static partial Regex Loose();
}
