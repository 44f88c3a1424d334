using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Items;

namespace Disclosure.Compliance;

/// <summary>
/// The local compliance rules over text (validation.md): personal data, classification markings, restricted-circulation
/// phrases, the disclosure attribute written in the text, and the bureau's sensitive words. Everything runs on the NFKC
/// form of each source in three passes (digits and ASCII letters; <c>@</c>; one Aho–Corasick pass for all phrases and
/// words) and is reported at offsets in the original text. Stateless after construction: register as a singleton.
/// </summary>
public sealed class LocalRuleSet
{
    private enum PhraseKind
    {
        Level,        // 绝密 / 机密 / 秘密: a marking only when a star follows
        LevelLabel,   // 密级：机密
        Restricted,   // 内部资料, 工作秘密, …
        OnRequest,    // 依申请公开
        Word,         // the bureau's list
    }

    private static readonly string[] Levels = ["绝密", "机密", "秘密"];
    private static readonly string[] RestrictedPhrases = ["内部资料", "工作秘密", "内部文件", "不予公开", "免予公开"];
    private const string LevelLabel = "密级";
    private const string OnRequestPhrase = "依申请公开";

    private readonly IReadOnlyList<string> _officialEmailDomains;
    private readonly TimeProvider _time;
    private readonly WordAutomaton _automaton;
    private readonly PhraseKind[] _kinds;
    private readonly string[] _phrases;
    private readonly Severity[] _wordSeverities;

    public LocalRuleSet(CatalogueSettings settings, SensitiveWordList words, TimeProvider time)
    {
        _officialEmailDomains = settings.Agency.OfficialEmailDomains.Select(d => d.Trim().TrimStart('@').TrimStart('.')).Where(d => d.Length > 0).ToList();
        _time = time;
        var phrases = new List<(string Text, PhraseKind Kind, Severity Severity)>();
        phrases.AddRange(Levels.Select(l => (l, PhraseKind.Level, Severity.Block)));
        phrases.Add((LevelLabel, PhraseKind.LevelLabel, Severity.Block));
        phrases.AddRange(RestrictedPhrases.Select(p => (p, PhraseKind.Restricted, Severity.Block)));
        phrases.Add((OnRequestPhrase, PhraseKind.OnRequest, Severity.Block));
        phrases.AddRange(words.Words.Select(w => (w.Word, PhraseKind.Word, w.Severity)));
        _phrases = phrases.Select(p => p.Text).ToArray();
        _kinds = phrases.Select(p => p.Kind).ToArray();
        _wordSeverities = phrases.Select(p => p.Severity).ToArray();
        _automaton = new WordAutomaton(_phrases);
    }

    public IReadOnlyList<ComplianceFinding> Scan(IReadOnlyList<TextSource> sources, RuleContext context)
    {
        var today = ChinaTime.Today(_time);
        var findings = new List<ComplianceFinding>();
        var hits = new List<Hit>();
        var matches = new List<WordAutomaton.Match>();
        foreach (var source in sources)
        {
            if (string.IsNullOrEmpty(source.Text)) continue;
            hits.Clear();
            var normalized = NormalizedText.Create(source.Text);
            var text = normalized.Text;
            PersonalDataScanner.Scan(text, today, hits);
            EmailScanner.Scan(text, _officialEmailDomains, hits);
            matches.Clear();
            _automaton.FindAll(text, matches);
            foreach (var match in matches) AddPhraseHit(text, match, context, hits);

            hits.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.RuleId, b.RuleId));
            foreach (var hit in hits)
            {
                var offset = normalized.MapStart(hit.Start);
                var length = normalized.MapEnd(hit.End) - offset;
                findings.Add(Soften(new ComplianceFinding(hit.RuleId, hit.Severity, source.Name, offset, length, hit.Masked, hit.Message, hit.Advice), context.Column));
            }
        }
        return findings;
    }

    /// <summary>An attachment or body whose text could not be extracted could hold anything: a person must read it.</summary>
    public static ComplianceFinding Unextractable(UnextractableSource source)
        => new(RuleIds.ExtractionFailed, Severity.Review, source.Name, 0, 0, "", FindingTexts.Unextractable(source.Name, source.Reason), FindingTexts.UnextractableAdvice);

    /// <summary>A file with pictures always goes to a person: the rules read text only (Art. 17 保密审查 of what is published).</summary>
    public static ComplianceFinding Pictures(AttachmentPictures attachment)
        => new(RuleIds.EmbeddedPictures, Severity.Review, attachment.Source, 0, 0, "", FindingTexts.Pictures(attachment.Pictures), FindingTexts.PicturesAdvice);

    private void AddPhraseHit(string text, WordAutomaton.Match match, RuleContext context, List<Hit> hits)
    {
        var phrase = _phrases[match.Word];
        switch (_kinds[match.Word])
        {
            case PhraseKind.Level:
                var markingEnd = MarkingEnd(text, match.End);
                if (markingEnd > 0)
                {
                    var marking = text[match.Start..markingEnd];
                    hits.Add(new Hit(RuleIds.SecrecyMarking, Severity.Block, match.Start, markingEnd, marking, FindingTexts.Marking(marking), FindingTexts.MarkingAdvice));
                }
                break;
            case PhraseKind.LevelLabel:
                var labelEnd = LabelledLevelEnd(text, match.End);
                if (labelEnd > 0)
                {
                    var statement = text[match.Start..labelEnd];
                    hits.Add(new Hit(RuleIds.SecrecyMarking, Severity.Block, match.Start, labelEnd, statement, FindingTexts.Marking(statement), FindingTexts.MarkingAdvice));
                }
                break;
            case PhraseKind.Restricted when NamesStatutoryCategory(text, phrase, match.Start, match.End):
            case PhraseKind.OnRequest when NamesStatutoryCategory(text, phrase, match.Start, match.End):
                break;
            case PhraseKind.Restricted:
                hits.Add(new Hit(RuleIds.RestrictedPhrase, Severity.Block, match.Start, match.End, phrase, FindingTexts.RestrictedPhrase(phrase), FindingTexts.RestrictedPhraseAdvice));
                break;
            case PhraseKind.OnRequest when context.Attribute == DisclosureAttribute.Proactive:
                hits.Add(new Hit(RuleIds.AttributeMismatch, Severity.Block, match.Start, match.End, phrase, FindingTexts.AttributeMismatch, FindingTexts.AttributeMismatchAdvice));
                break;
            case PhraseKind.Word:
                hits.Add(new Hit(RuleIds.SensitiveWord, _wordSeverities[match.Word], match.Start, match.End, phrase, FindingTexts.SensitiveWord(phrase), FindingTexts.SensitiveWordAdvice));
                break;
        }
    }

    /// <summary>
    /// 不予公开, 免予公开 and 依申请公开 are also statutory categories (条例第三十六条 and 第五十条: the annual report's
    /// 一（二）依申请公开, table 三's row （三）不予公开, "不予公开3件"). Numbered like a heading or a table row
    /// (<c>(三)</c>, <c>三、</c>, <c>2.</c>), or followed by a count (<c>3件</c>), the phrase names a category; a label
    /// about the document itself is never numbered nor counted, so that still stops it.
    /// </summary>
    private static bool NamesStatutoryCategory(string s, string phrase, int start, int end)
        => Array.IndexOf(CategoryPhrases, phrase) >= 0 && (IsNumbered(s, start) || IsCounted(s, end));

    private static readonly string[] CategoryPhrases = ["不予公开", "免予公开", OnRequestPhrase];

    private static bool IsNumeral(char c) => char.IsAsciiDigit(c) || "一二三四五六七八九十".Contains(c);

    /// <summary><c>(三)</c> or <c>(3)</c> right before the phrase, or <c>三、</c> / <c>2.</c> at the start of its line.</summary>
    private static bool IsNumbered(string s, int start)
    {
        var p = start - 1;
        while (p >= 0 && s[p] == ' ') p--;
        if (p < 1) return false;
        var marker = s[p];
        var q = p - 1;
        while (q >= 0 && IsNumeral(s[q])) q--;
        if (q == p - 1) return false;
        return marker switch
        {
            ')' => q >= 0 && s[q] == '(',
            '、' or '.' => q < 0 || char.IsWhiteSpace(s[q]),
            _ => false,
        };
    }

    /// <summary>A number and a measure word right after the phrase: <c>3件</c>, <c>12 项</c>.</summary>
    private static bool IsCounted(string s, int end)
    {
        var q = SkipSpaces(s, end);
        var digits = q;
        while (q < s.Length && char.IsAsciiDigit(s[q])) q++;
        if (q == digits) return false;
        q = SkipSpaces(s, q);
        return q < s.Length && s[q] is '件' or '项' or '条' or '个';
    }

    /// <summary>
    /// A level is a marking (国家秘密标志) only with the star: <c>秘密★1年</c>, <c>机密★</c>, <c>绝密★长期</c>,
    /// <c>绝密★启用前</c> (exam papers). The white star and the asterisk (<c>＊</c> → <c>*</c>) are accepted too: they are
    /// what a keyboard or a font substitution produces for ★, and missing a marking costs far more than a second look.
    /// Returns the end of the marking with its period, or -1 when this is an ordinary word (秘密投票).
    /// </summary>
    private static int MarkingEnd(string s, int levelEnd)
    {
        var q = SkipSpaces(s, levelEnd);
        if (q >= s.Length || s[q] is not ('★' or '☆' or '*')) return -1;
        var end = q + 1;
        var period = PeriodEnd(s, SkipSpaces(s, end));
        return period > 0 ? period : end;
    }

    /// <summary><c>密级：机密</c> states the level in words; when the level carries a star the marking rule reports it instead.</summary>
    private static int LabelledLevelEnd(string s, int labelEnd)
    {
        var q = SkipSpaces(s, labelEnd);
        if (q >= s.Length || s[q] != ':') return -1;
        q = SkipSpaces(s, q + 1);
        if (q + 2 > s.Length || Array.IndexOf(Levels, s.Substring(q, 2)) < 0) return -1;
        return MarkingEnd(s, q + 2) > 0 ? -1 : q + 2;
    }

    /// <summary>保密期限: <c>1年</c>, <c>6个月</c>, <c>长期</c>, <c>启用前</c>, <c>十年</c>, or a date <c>2030年12月31日</c>.</summary>
    private static int PeriodEnd(string s, int q)
    {
        var span = s.AsSpan(q);
        if (span.StartsWith("长期")) return q + 2;
        if (span.StartsWith("启用前")) return q + 3;
        var r = q;
        while (r < s.Length && (char.IsAsciiDigit(s[r]) || "〇零一二三四五六七八九十两".Contains(s[r]))) r++;
        // A period is a few digits (30年, 2030年12月31日); a longer run is some other number written after the star.
        if (r == q || r - q > 4) return -1;
        var rest = s.AsSpan(r);
        if (rest.StartsWith("个月")) return r + 2;
        if (rest.Length > 0 && rest[0] is '月' or '天' or '日') return r + 1;
        if (rest.Length == 0 || rest[0] != '年') return -1;
        var yearEnd = r + 1;
        // A date of declassification: 2030年12月31日.
        var m = yearEnd;
        while (m < s.Length && char.IsAsciiDigit(s[m])) m++;
        if (m > yearEnd && m - yearEnd <= 2 && m < s.Length && s[m] == '月')
        {
            var d = m + 1;
            while (d < s.Length && char.IsAsciiDigit(s[d])) d++;
            if (d > m + 1 && d - m - 1 <= 2 && d < s.Length && s[d] == '日') return d + 1;
        }
        return yearEnd;
    }

    private static int SkipSpaces(string s, int i)
    {
        while (i < s.Length && s[i] == ' ') i++;
        return i;
    }

    /// <summary>A column may soften named rules from block to review (<see cref="Column.ReviewOnlyRules"/>), never Art. 14 ones.</summary>
    private static ComplianceFinding Soften(ComplianceFinding finding, Column? column)
    {
        if (finding.Severity != Severity.Block || column is null || column.ReviewOnlyRules.Count == 0) return finding;
        if (RuleIds.NeverSoftened.Contains(finding.RuleId) || !column.ReviewOnlyRules.Contains(finding.RuleId)) return finding;
        return finding with { Severity = Severity.Review, Advice = finding.Advice + FindingTexts.SoftenedByColumn };
    }
}
