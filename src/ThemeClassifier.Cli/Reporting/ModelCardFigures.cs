namespace ThemeClassifier.Cli.Reporting;

/// <summary>
/// The external evaluation a model card (<c>MODEL.md</c>, written by <c>themes train --eval</c>) reports: the
/// figures a report's caveats quote, because the cross-validated ones are optimistic.
/// </summary>
/// <param name="Source">The labelled file the model was evaluated on.</param>
/// <param name="Posts">Posts evaluated.</param>
/// <param name="Top1">Top-1 as the card prints it (<c>66.1%</c>).</param>
/// <param name="MacroF1">Macro-F1 as the card prints it (<c>0.506</c>).</param>
internal sealed record ModelCardFigures(string Source, string Posts, string Top1, string MacroF1)
{
    private const string Heading = "## External evaluation:";

    /// <summary>The card beside a model file (<c>M.zip</c> → <c>M.md</c>), or the shipped model's card beside the tool.</summary>
    public static string CardPath(string? modelPath) => modelPath is null
        ? Path.Combine(AppContext.BaseDirectory, "themes-default.md")
        : Path.ChangeExtension(modelPath, ".md");

    /// <summary>The figures of the card at <paramref name="path"/>; null when there is no card or it has no external evaluation.</summary>
    public static ModelCardFigures? Read(string path) => File.Exists(path) ? Parse(File.ReadAllLines(path)) : null;

    /// <summary>The first table after the card's "External evaluation" heading: its header names the columns.</summary>
    public static ModelCardFigures? Parse(IReadOnlyList<string> lines)
    {
        var at = lines.ToList().FindIndex(l => l.StartsWith(Heading, StringComparison.Ordinal));
        if (at < 0)
        {
            return null;
        }

        var table = lines.Skip(at + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToArray();
        if (table.Length < 3)
        {
            return null;
        }

        static string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
        var header = Cells(table[0]);
        var values = Cells(table[2]);
        string? Value(string column) => Array.IndexOf(header, column) is var i and >= 0 && i < values.Length ? values[i] : null;
        var source = lines[at][Heading.Length..].Trim().Trim('`');
        return Value("Posts") is { } posts && Value("Top-1") is { } top1 && Value("Macro-F1") is { } macro
            ? new ModelCardFigures(Path.GetFileName(source), posts, top1, macro)
            : null;
    }
}
