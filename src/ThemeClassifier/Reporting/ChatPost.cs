namespace ThemeClassifier.Reporting;

/// <summary>
/// One post of a chat export with its themes: what <see cref="ChatSummary"/> counts. Only <see cref="Text"/> is
/// required; the export's other columns (author, time, likes, impressions, link) make more of the summary possible.
/// </summary>
public sealed record ChatPost
{
    /// <summary>The post as written, retweet prefix included.</summary>
    public required string Text { get; init; }

    /// <summary>The export's id, if any.</summary>
    public string? Id { get; init; }

    /// <summary>Who posted it (<c>@handle</c>); for a retweet, who retweeted.</summary>
    public string? Author { get; init; }

    /// <summary>When it was posted.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>Likes, when the export has them.</summary>
    public long? Likes { get; init; }

    /// <summary>Impressions (reach), when the export has them.</summary>
    public long? Impressions { get; init; }

    /// <summary>A link to the post.</summary>
    public Uri? Link { get; init; }

    /// <summary>The export's <c>question</c> column (<c>Q2</c>), when present: it assigns the post to a question.</summary>
    public string? Question { get; init; }

    /// <summary>The themes the model gave the post (those passing their thresholds), best first; empty for none.</summary>
    public IReadOnlyList<string> Themes { get; init; } = [];

    /// <summary>Every theme's probability for the post.</summary>
    public IReadOnlyDictionary<string, float> Scores { get; init; } = new Dictionary<string, float>();
}
