namespace ThemeClassifier.Data;

/// <summary>One theme of the codebook: what an analyst codes a post as.</summary>
/// <param name="Id">Stable id, such as <c>psychological-safety</c>. Models and users' pipelines depend on it.</param>
/// <param name="Name">Short human title.</param>
/// <param name="Description">The definition an analyst codes by; the model uses it as training signal too.</param>
/// <param name="Keywords">Words and short phrases characteristic of the theme (may be empty).</param>
/// <param name="ReportHeadings">The headings of the source report that map to this theme (may be empty).</param>
public sealed record Theme(
    string Id,
    string Name,
    string Description,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<string> ReportHeadings)
{
    /// <summary>Inclusion criteria: when to code a post with this theme (may be empty). The model uses them as anchors.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>
    /// Exclusion criteria: when not to, usually naming the theme to code instead (may be empty). The model measures
    /// how close a post is to them, evidence against the theme.
    /// </summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Posts that look like this theme but are another one (may be empty); evidence against the theme too.</summary>
    public IReadOnlyList<CounterExample> CounterExamples { get; init; } = [];
}

/// <summary>A post that looks like one theme but is coded as another.</summary>
/// <param name="Text">The post.</param>
/// <param name="ThemeId">The theme it is coded as (another theme of the codebook).</param>
public sealed record CounterExample(string Text, string ThemeId);
