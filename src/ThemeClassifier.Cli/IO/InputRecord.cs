using System.Text.Json;
using System.Text.Json.Nodes;

namespace ThemeClassifier.Cli.IO;

/// <summary>One record of an input: its fields as read (in order), its text, or why it could not be read.</summary>
/// <param name="Line">The 1-based line (or row) number where the record starts.</param>
/// <param name="Fields">The record's fields, kept in the output (numbers as written); empty for an unreadable record.</param>
/// <param name="Text">The post's text; null when the record is malformed.</param>
/// <param name="Error">Why the record could not be read; null when it was.</param>
internal sealed record InputRecord(int Line, JsonObject Fields, string? Text, string? Error)
{
    public static InputRecord Malformed(int line, string error) => new(line, [], null, error);

    /// <summary>The record's id (an <c>id</c>-like field holding a string or a number), or null.</summary>
    public string? Id =>
        IdFields.Select(f => Fields.FirstOrDefault(p => string.Equals(p.Key, f, StringComparison.OrdinalIgnoreCase)).Value)
            .FirstOrDefault(v => v is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number)?.ToString();

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

    /// <summary>Twitter API v2 search responses: <c>{"data":[{"id","text",…}]}</c>, one or several (concatenated, or in an array).</summary>
    Twitter,
}
