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
        SparseVector[] exampleNGrams)
    {
        ExampleIds = exampleIds;
        ExampleTexts = exampleTexts;
        ExampleThemes = exampleThemes;
        ThemeCount = themeCount;
        Keywords = keywords;
        DefinitionVectors = definitionVectors;
        AnchorVectors = anchorVectors;
        ExampleVectors = exampleVectors;
        DefinitionNGrams = definitionNGrams;
        ExampleNGrams = exampleNGrams;
        ThemeExamples = Enumerable.Range(0, themeCount)
            .Select(t => Enumerable.Range(0, exampleThemes.Length).Where(j => exampleThemes[j].Contains(t)).ToArray())
            .ToArray();
    }

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

    /// <summary>Lower-case keyword phrases of each theme.</summary>
    public string[][] Keywords { get; }

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

    /// <summary>Number of encoders the vectors come from.</summary>
    public int EncoderCount => DefinitionVectors.Length;

    /// <summary>The text the definition vector of a theme is computed from.</summary>
    public static string DefinitionText(Data.Theme theme) => $"{theme.Name}. {theme.Description}";

    /// <summary>The short texts whose vectors stand for a theme: its name, each definition sentence, each keyword.</summary>
    public static string[] AnchorTexts(Data.Theme theme) =>
        new[] { theme.Name }
            .Concat(theme.Description.Split(['.', ';', '!', '?'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Concat(theme.Keywords)
            .Where(s => s.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();

    /// <summary>The text the n-gram vector of a theme is computed from.</summary>
    public static string NGramText(Data.Theme theme) =>
        $"{theme.Name}. {theme.Description} {string.Join(". ", theme.Keywords)}";
}
