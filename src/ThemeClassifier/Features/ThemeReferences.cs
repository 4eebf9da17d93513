namespace ThemeClassifier.Features;

/// <summary>
/// What a post is compared with, per theme: the codebook's definitions and keyword phrases and the hand-coded
/// examples, as sentence vectors (one set per encoder) and as n-gram vectors. Immutable once built.
/// </summary>
internal sealed class ThemeReferences
{
    public ThemeReferences(
        IReadOnlyList<string> exampleIds,
        IReadOnlyList<string> exampleTexts,
        int[][] exampleThemes,
        int themeCount,
        string[][] keywords,
        float[][][] definitionVectors,
        float[][][][] anchorVectors,
        float[][][] exampleVectors,
        SparseVector[] definitionNGrams,
        SparseVector[] exampleNGrams,
        float[][][][] exclusionVectors,
        SparseVector[] exclusionNGrams)
    {
        ExclusionVectors = exclusionVectors;
        ExclusionNGramIndex = new SparseIndex(exclusionNGrams);
        ExampleIds = exampleIds;
        ExampleTexts = exampleTexts;
        ExampleThemes = exampleThemes;
        ThemeCount = themeCount;
        DefinitionVectors = definitionVectors;
        AnchorVectors = anchorVectors;
        ExampleVectors = exampleVectors;
        DefinitionNGrams = definitionNGrams;
        ExampleNGrams = exampleNGrams;
        ExampleNGramIndex = new SparseIndex(exampleNGrams);
        DefinitionNGramIndex = new SparseIndex(definitionNGrams);
        var phrases = keywords
            .SelectMany((phrases, t) => phrases.Where(p => p.Length > 0).Select(p => (Phrase: p, Theme: t)))
            .GroupBy(x => x.Phrase, StringComparer.Ordinal)
            .ToArray();
        _phrases = [.. phrases.Select(g => g.Key)];
        _phraseThemes = [.. phrases.Select(g => g.Select(x => x.Theme).Distinct().ToArray())];
        var byFirstChar = Enumerable.Range(0, _phrases.Length)
            .GroupBy(i => _phrases[i][0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(i => _phrases[i].Length).ThenBy(i => _phrases[i], StringComparer.Ordinal).ToArray());
        _byFirstChar = byFirstChar;

        // For a phrase's first two characters, when ASCII: the phrases starting with the first that can match there
        // (those of length 1 and those whose second character is the second), in the same order.
        _byAsciiPair = [.. Enumerable.Range(0, 128).Select(c0 => byFirstChar.TryGetValue((char)c0, out var phrases)
            ? Enumerable.Range(0, 128).Select(c1 => phrases.Where(i => _phrases[i].Length == 1 || _phrases[i][1] == c1).ToArray()).ToArray()
            : null)];
        _heads = [.. _phrases.Select(p => Head(p))];
        _headMasks = [.. _phrases.Select(p => p.Length >= 4 ? ulong.MaxValue : (1UL << (16 * p.Length)) - 1)];
        ThemeExamples = Enumerable.Range(0, themeCount)
            .Select(t => Enumerable.Range(0, exampleThemes.Length).Where(j => exampleThemes[j].Contains(t)).ToArray())
            .ToArray();
    }

    // Whether each ASCII character is a letter or digit (char.IsLetterOrDigit), looked up without a call.
    private static readonly bool[] AsciiLetterOrDigit = [.. Enumerable.Range(0, 128).Select(c => char.IsLetterOrDigit((char)c))];

    // The distinct keyword phrases and the themes of each.
    private readonly string[] _phrases;
    private readonly int[][] _phraseThemes;

    // The phrases' indices by first character, longest first; and [first][second] for two ASCII characters (null
    // when no phrase starts with the first), those of them that can match where the text has those two.
    private readonly Dictionary<char, int[]> _byFirstChar;
    private readonly int[][]?[] _byAsciiPair;

    // Each phrase's first four characters (all when shorter) as one number (Head), and the bits they fill in it.
    private readonly ulong[] _heads;
    private readonly ulong[] _headMasks;

    /// <summary>Ids of the hand-coded examples.</summary>
    public IReadOnlyList<string> ExampleIds { get; }

    /// <summary>Texts of the hand-coded examples, as coded.</summary>
    public IReadOnlyList<string> ExampleTexts { get; }

    /// <summary>Theme indices of each example, most central first.</summary>
    public int[][] ExampleThemes { get; }

    /// <summary>Example indices of each theme.</summary>
    public int[][] ThemeExamples { get; }

    /// <summary>Number of themes.</summary>
    public int ThemeCount { get; }

    /// <summary>[encoder][theme]: unit vector of the theme's definition.</summary>
    public float[][][] DefinitionVectors { get; }

    /// <summary>[encoder][theme][anchor]: unit vectors of the theme's name, definition sentences and keywords.</summary>
    public float[][][][] AnchorVectors { get; }

    /// <summary>[encoder][example]: unit vector of each example.</summary>
    public float[][][] ExampleVectors { get; }

    /// <summary>[theme]: n-gram vector of the theme's name, definition and keywords.</summary>
    public SparseVector[] DefinitionNGrams { get; }

    /// <summary>[example]: n-gram vector of each example.</summary>
    public SparseVector[] ExampleNGrams { get; }

    /// <summary>The example n-gram vectors as an inverted index, to score a post against all of them at once.</summary>
    public SparseIndex ExampleNGramIndex { get; }

    /// <summary>The theme definitions' n-gram vectors as an inverted index.</summary>
    public SparseIndex DefinitionNGramIndex { get; }

    /// <summary>[encoder][theme][text]: unit vectors of the theme's exclusion criteria and counter-examples.</summary>
    public float[][][][] ExclusionVectors { get; }

    /// <summary>[theme]: n-gram vectors of the exclusion criteria and counter-examples, as an inverted index.</summary>
    public SparseIndex ExclusionNGramIndex { get; }

    /// <summary>Number of encoders the vectors come from.</summary>
    public int EncoderCount => DefinitionVectors.Length;

    /// <summary>Number of distinct keyword phrases.</summary>
    public int KeywordCount => _phrases.Length;

    /// <summary>
    /// The keyword phrases of every theme found in the lower-case text, each once, in order of appearance:
    /// [theme] → phrases. A phrase matches where it starts at a word boundary, so "safe" also matches "safety";
    /// where phrases overlap, the longest wins.
    /// </summary>
    public List<string>[] MatchedKeywords(string lowerText)
    {
        var result = new List<string>[ThemeCount];
        for (var t = 0; t < ThemeCount; t++)
        {
            result[t] = [];
        }

        var seen = new bool[_phrases.Length];
        for (var position = 0; NextKeyword(lowerText, ref position) is var phrase and >= 0;)
        {
            if (!seen[phrase])
            {
                seen[phrase] = true;
                foreach (var t in _phraseThemes[phrase])
                {
                    result[t].Add(_phrases[phrase]);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// How many distinct keyword phrases of each theme the lower-case text contains, into <paramref name="counts"/>
    /// ([theme]), as <see cref="MatchedKeywords"/> finds them. <paramref name="seen"/> ([phrase]) is scratch space.
    /// </summary>
    public void KeywordCounts(ReadOnlySpan<char> lowerText, Span<int> counts, Span<bool> seen)
    {
        counts[..ThemeCount].Clear();
        seen[..KeywordCount].Clear();
        for (var position = 0; NextKeyword(lowerText, ref position) is var phrase and >= 0;)
        {
            if (!seen[phrase])
            {
                seen[phrase] = true;
                foreach (var t in _phraseThemes[phrase])
                {
                    counts[t]++;
                }
            }
        }
    }

    /// <summary>The text the definition vector of a theme is computed from.</summary>
    public static string DefinitionText(Data.Theme theme) => $"{theme.Name}. {theme.Description}";

    /// <summary>
    /// The short texts whose vectors stand for a theme: its name, each definition sentence, each keyword, each
    /// inclusion criterion.
    /// </summary>
    public static string[] AnchorTexts(Data.Theme theme) =>
        new[] { theme.Name }
            .Concat(theme.Description.Split(['.', ';', '!', '?'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Concat(theme.Keywords)
            .Concat(theme.Include)
            .Where(s => s.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();

    /// <summary>
    /// The next keyword phrase in the text at or after <paramref name="position"/> (left to right, non-overlapping,
    /// longest first at each place), moving <paramref name="position"/> past it; -1 when there is none.
    /// </summary>
    private int NextKeyword(ReadOnlySpan<char> lowerText, ref int position)
    {
        // A phrase matches only at a word start: the text's start, or after a character that is not a letter or digit.
        var afterWordChar = position > 0 && IsLetterOrDigit(lowerText[position - 1]);
        for (var start = position; start < lowerText.Length; start++)
        {
            var c = lowerText[start];
            var wordStart = !afterWordChar;
            afterWordChar = IsLetterOrDigit(c);
            if (!wordStart)
            {
                continue;
            }

            // Longest first; the second character rules most candidates out before a full comparison.
            var rest = lowerText[start..];
            int[]? candidates;
            if (c < 128 && rest.Length > 1 && rest[1] < 128)
            {
                candidates = _byAsciiPair[c]?[rest[1]];
            }
            else if (!_byFirstChar.TryGetValue(c, out candidates))
            {
                continue;
            }

            // With four characters left, a phrase's first four are compared at once, and the rest only when they agree.
            var head = rest.Length >= 4 ? Head(rest) : 0;
            foreach (var phrase in candidates ?? [])
            {
                var text = _phrases[phrase];
                if (text.Length <= rest.Length && (rest.Length >= 4
                    ? (head & _headMasks[phrase]) == _heads[phrase] && (text.Length <= 4 || rest[4..].StartsWith(text.AsSpan(4), StringComparison.Ordinal))
                    : (text.Length == 1 || text[1] == rest[1]) && rest.StartsWith(text, StringComparison.Ordinal)))
                {
                    position = start + text.Length;
                    return phrase;
                }
            }
        }

        position = lowerText.Length;
        return -1;
    }

    /// <summary>The first four characters of <paramref name="text"/> (all when shorter), 16 bits each, the first lowest.</summary>
    private static ulong Head(ReadOnlySpan<char> text)
    {
        var head = 0UL;
        for (var i = 0; i < Math.Min(4, text.Length); i++)
        {
            head |= (ulong)text[i] << (16 * i);
        }

        return head;
    }

    private static bool IsLetterOrDigit(char c) => c < 128 ? AsciiLetterOrDigit[c] : char.IsLetterOrDigit(c);

    /// <summary>The texts that speak against a theme: its exclusion criteria and counter-examples.</summary>
    public static string[] ExclusionTexts(Data.Theme theme) =>
        theme.Exclude.Concat(theme.CounterExamples.Select(c => c.Text)).Where(s => s.Length > 0).ToArray();

    /// <summary>The text the exclusion n-gram vector of a theme is computed from.</summary>
    public static string ExclusionNGramText(Data.Theme theme) => string.Join(" ", ExclusionTexts(theme));

    /// <summary>The text the n-gram vector of a theme is computed from.</summary>
    public static string NGramText(Data.Theme theme) =>
        $"{theme.Name}. {theme.Description} {string.Join(". ", theme.Keywords)}";
}
