using ThemeClassifier.Reporting;

namespace ThemeClassifier.Records;

/// <summary>
/// A post's place in a chat, written beside its themes as the fields <c>question</c>, <c>role</c>, <c>language</c>
/// and <c>skipped</c>. A skipped post is written with no themes; its scores are kept, so nothing is hidden.
/// </summary>
/// <param name="Question">The question the post asks or answers (<c>Q4</c>); null when it belongs to none.</param>
/// <param name="Role">Host question, answer or other (a retweet has the role of what it repeats).</param>
/// <param name="Language">The post's language, ISO 639-1 (<c>en</c>, <c>es</c>); null when unknown (short or ambiguous text).</param>
/// <param name="Skipped">Why the post is given no themes (<c>host question</c>, <c>not English (es)</c>); null when it is themed.</param>
public sealed record PostContext(string? Question, ChatRole Role, string? Language, string? Skipped)
{
    /// <summary>The output field names, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> FieldNames = ["question", "role", "language", "skipped"];

    /// <summary>The output values, as <see cref="FieldNames"/>: unknown values are empty strings.</summary>
    public IReadOnlyList<string> Values =>
        [Question ?? string.Empty, Role.ToString().ToLowerInvariant(), Language ?? string.Empty, Skipped ?? string.Empty];
}
