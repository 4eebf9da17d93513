using Newtonsoft.Json.Linq;

namespace ThemeClassifier.Cli.IO;

/// <summary>One record of an input: its fields as read (in order), its text, or why it could not be read.</summary>
/// <param name="Line">The 1-based line (or row) number where the record starts.</param>
/// <param name="Fields">The record's fields, kept in the output; empty for an unreadable record.</param>
/// <param name="Text">The post's text; null when the record is malformed.</param>
/// <param name="Error">Why the record could not be read; null when it was.</param>
internal sealed record InputRecord(int Line, JObject Fields, string? Text, string? Error)
{
    public static InputRecord Malformed(int line, string error) => new(line, [], null, error);

    /// <summary>The record's id (an <c>id</c>-like field), or null.</summary>
    public string? Id =>
        IdFields.Select(f => Fields.Properties().FirstOrDefault(p => string.Equals(p.Name, f, StringComparison.OrdinalIgnoreCase))?.Value)
            .FirstOrDefault(v => v is { Type: JTokenType.String or JTokenType.Integer })?.ToString();

    private static readonly string[] IdFields = ["id", "id_str", "tweet id", "tweet_id", "post_id"];
}

/// <summary>The input formats <c>themes tag</c> and <c>themes suggest</c> read.</summary>
internal enum InputFormat
{
    /// <summary>Detect from the file extension, else from the content.</summary>
    Auto,

    /// <summary>JSON lines with a <c>text</c> field.</summary>
    Jsonl,

    /// <summary>CSV with a header row.</summary>
    Csv,

    /// <summary>Plain text, one post a line.</summary>
    Text,

    /// <summary>A Twitter API v2 search response: <c>{"data":[{"id","text",…}]}</c> (one or more, concatenated).</summary>
    Twitter,
}
