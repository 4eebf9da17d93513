using System.Text.Json;
using System.Text.Json.Nodes;

namespace ThemeClassifier.Records;

/// <summary>One record of an input: its fields as read (in order), its text, or why it could not be read.</summary>
/// <param name="Line">The 1-based line (or row) number where the record starts.</param>
/// <param name="Fields">The record's fields, kept in the output (numbers as written); empty for an unreadable record.</param>
/// <param name="Text">The post's text; null when the record is malformed.</param>
/// <param name="Error">Why the record could not be read; null when it was.</param>
public sealed record Record(int Line, JsonObject Fields, string? Text, string? Error)
{
    /// <summary>Column or field names taken as the post's text, in order of preference (case-insensitive).</summary>
    public static readonly IReadOnlyList<string> TextColumnNames = ["text", "Tweet text", "full_text", "tweet", "content", "body", "message", "post"];

    /// <summary>Names taken as a record's id, in order of preference (case-insensitive).</summary>
    public static readonly IReadOnlyList<string> IdColumnNames = ["id", "id_str", "tweet id", "tweet_id", "post_id"];

    /// <summary>A record that could not be read, at <paramref name="line"/>.</summary>
    public static Record Malformed(int line, string error) => new(line, [], null, error);

    /// <summary>The record's id (an <c>id</c>-like field holding a string or a number), or null.</summary>
    public string? Id => Field(IdColumnNames);

    /// <summary>The first of the named fields (case-insensitive) that holds a string or a number, as text; null when none does.</summary>
    public string? Field(IEnumerable<string> names) =>
        names.Select(f => Fields.FirstOrDefault(p => string.Equals(p.Key, f, StringComparison.OrdinalIgnoreCase)).Value)
            .FirstOrDefault(v => v is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number) switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            { } v => v.ToJsonString(),
            null => null,
        };

    /// <summary>The index of the text column among <paramref name="names"/>: <paramref name="textColumn"/>, else the first of <see cref="TextColumnNames"/>; -1 when none.</summary>
    public static int FindTextColumn(IReadOnlyList<string> names, string? textColumn)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var wanted in textColumn is null ? TextColumnNames : [textColumn])
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i], wanted, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>A record of parsed fields: its text is the text field's string; without one, an error.</summary>
    public static Record FromFields(int line, JsonObject fields, string? textColumn)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var names = fields.Select(p => p.Key).ToArray();
        var index = FindTextColumn(names, textColumn);
        if (index < 0)
        {
            return new Record(line, fields, null, $"field '{textColumn ?? "text"}' missing");
        }

        return fields[names[index]] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? new Record(line, fields, value.GetValue<string>(), null)
            : new Record(line, fields, null, $"field '{names[index]}' must be a string");
    }
}
