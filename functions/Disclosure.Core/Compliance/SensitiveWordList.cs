using System.Globalization;
using System.Text;

namespace Disclosure.Compliance;

/// <summary>A word a bureau does not want published without a second look, and how much it weighs.</summary>
public sealed record SensitiveWord(string Word, Severity Severity);

/// <summary>
/// The bureau's own list of sensitive words (<c>Data/sensitive-words.txt</c>), edited without a code change. One word
/// per line, optionally followed by whitespace and a severity (<c>block</c>/<c>review</c>/<c>info</c>, or
/// <c>阻止</c>/<c>复核</c>/<c>提示</c>; default review); <c>#</c> starts a comment. Words are stored in NFKC form, as
/// the text they are matched against is.
/// </summary>
public sealed class SensitiveWordList
{
    public const string DefaultFileName = "sensitive-words.txt";

    public SensitiveWordList(IEnumerable<SensitiveWord> words)
    {
        var byWord = new Dictionary<string, SensitiveWord>(StringComparer.Ordinal);
        foreach (var w in words)
        {
            var word = w.Word.Trim().Normalize(NormalizationForm.FormKC);
            if (word.Length == 0) continue;
            // The same word listed twice keeps its strongest severity.
            if (!byWord.TryGetValue(word, out var existing) || existing.Severity < w.Severity)
                byWord[word] = w with { Word = word };
        }
        Words = [.. byWord.Values];
    }

    public IReadOnlyList<SensitiveWord> Words { get; }

    public static SensitiveWordList Empty { get; } = new([]);

    public static SensitiveWordList LoadDefault() => Load(DataFiles.Combine(DefaultFileName));

    public static SensitiveWordList Load(string path) => File.Exists(path) ? Parse(File.ReadAllText(path)) : Empty;

    public static SensitiveWordList Parse(string text)
    {
        var words = new List<SensitiveWord>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine;
            var hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            line = line.Trim();
            if (line.Length == 0) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 1)
            {
                words.Add(new SensitiveWord(parts[0], Severity.Review));
                continue;
            }
            var severity = ParseSeverity(parts[^1])
                ?? throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"敏感词表第{lineNumber}行：无法识别的严重程度“{parts[^1]}”（应为 block/review/info 或 阻止/复核/提示）"));
            words.Add(new SensitiveWord(string.Join(' ', parts[..^1]), severity));
        }
        return new SensitiveWordList(words);
    }

    private static Severity? ParseSeverity(string value) => value.ToLowerInvariant() switch
    {
        "block" or "阻止" => Severity.Block,
        "review" or "复核" => Severity.Review,
        "info" or "提示" => Severity.Info,
        _ => null,
    };
}
