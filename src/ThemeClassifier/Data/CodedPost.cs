namespace ThemeClassifier.Data;

/// <summary>A post with the themes a human coded it with: one training or evaluation record.</summary>
/// <param name="Id">Unique id of the record, such as <c>2023-01-31/q3-07</c>.</param>
/// <param name="Text">The post's text, verbatim.</param>
/// <param name="Themes">Theme ids, most central first; empty means the post is about none of the themes.</param>
public sealed record CodedPost(string Id, string Text, IReadOnlyList<string> Themes)
{
    /// <summary>The author's handle as printed, when known.</summary>
    public string? Author { get; init; }

    /// <summary>The chat question the post answers (<c>Q2</c>…), when known.</summary>
    public string? Question { get; init; }

    /// <summary>The report heading the post was filed under, when known.</summary>
    public string? Heading { get; init; }

    /// <summary>Where the record was read from: file and 1-based line number (empty when built in code).</summary>
    public SourceLocation Source { get; init; } = SourceLocation.None;
}

/// <summary>A file and 1-based line number, for error messages that an analyst can act on.</summary>
/// <param name="File">The file's path as it was given.</param>
/// <param name="Line">1-based line number; 0 when the whole file is meant.</param>
public sealed record SourceLocation(string File, int Line)
{
    /// <summary>No location: the record was built in code.</summary>
    public static SourceLocation None { get; } = new(string.Empty, 0);

    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}:{Line}" : File;
}
