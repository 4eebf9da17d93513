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
    IReadOnlyList<string> ReportHeadings);
