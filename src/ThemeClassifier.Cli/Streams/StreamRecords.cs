using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using ThemeClassifier.Records;
using ThemeClassifier.Prediction;

namespace ThemeClassifier.Cli.Streams;

/// <summary>
/// Turns stream entries into records and back: an input entry into a record (or the reason it is malformed), a tagged
/// record into the fields of its output entry, and a malformed entry into its dead-letter entry.
/// </summary>
internal static class StreamRecords
{
    /// <summary>The output field holding the id of the input entry a result (or dead letter) comes from.</summary>
    public const string SourceIdField = "source_id";

    /// <summary>The dead-letter field saying why the entry could not be tagged.</summary>
    public const string ReasonField = "reason";

    /// <summary>At most this many fields an entry may have (each becomes an argument of the script that writes the result).</summary>
    public const int MaxFields = 1_000;

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>The record an input entry holds (its fields as strings, in order), or why it cannot be tagged.</summary>
    /// <param name="entry">The entry read from the input stream.</param>
    /// <param name="textField">The field holding the post.</param>
    /// <param name="maxTextLength">The longest post accepted, in characters.</param>
    public static (Record? Record, string? Reason) Read(StreamEntry entry, string textField, int maxTextLength)
    {
        if (entry.IsNull || entry.Values is not { Length: > 0 } values)
        {
            return (null, "the entry has no fields (deleted from the stream before it was tagged)");
        }

        if (values.Length > MaxFields)
        {
            return (null, $"the entry has {values.Length:N0} fields; at most {MaxFields:N0} are accepted");
        }

        var fields = new JsonObject();
        foreach (var field in values)
        {
            if (Utf8(field.Name) is not { } name)
            {
                return (null, "a field name is not valid UTF-8");
            }

            if (Utf8(field.Value) is not { } value)
            {
                return (null, $"field '{name}' is not valid UTF-8");
            }

            if (!fields.TryAdd(name == SourceIdField ? Kept(values, name) : name, value))
            {
                return (null, $"field '{name}' appears twice");
            }
        }

        if (fields[textField]?.GetValue<string>() is not { } text)
        {
            return (null, $"field '{textField}' missing");
        }

        return text.Length > maxTextLength
            ? (null, $"field '{textField}' is {text.Length:N0} characters long; at most {maxTextLength:N0} are accepted (--max-text-length)")
            : (new Record(0, fields, text, null), null);
    }

    /// <summary>The fields of a result: the record's fields as strings, <c>themes</c> and <c>scores</c> as JSON, and <see cref="SourceIdField"/>.</summary>
    public static RedisValue[] Tagged(Record record, ThemePrediction prediction, IReadOnlyList<string> themeIds, RedisValue sourceId)
    {
        using var line = JsonDocument.Parse(JsonLinesRecordWriter.Format(record, prediction, themeIds));
        var fields = new List<RedisValue>(2 * record.Fields.Count + 6);
        foreach (var property in line.RootElement.EnumerateObject())
        {
            fields.Add(property.Name);
            fields.Add(property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText());
        }

        fields.Add(SourceIdField);
        fields.Add(sourceId);
        return [.. fields];
    }

    /// <summary>The fields of a dead letter: <see cref="SourceIdField"/>, <see cref="ReasonField"/>, then the entry's own fields byte for byte
    /// (one named like ours is kept as <c>input_NAME</c>).</summary>
    public static RedisValue[] Dead(StreamEntry entry, string reason)
    {
        var values = entry.IsNull || entry.Values is null ? [] : entry.Values;
        var fields = new List<RedisValue>(2 * values.Length + 4) { SourceIdField, entry.Id, ReasonField, reason };
        foreach (var field in values.Take(MaxFields))
        {
            var name = (string?)field.Name;
            fields.Add(name is SourceIdField or ReasonField ? Kept(values, name) : field.Name);
            fields.Add(field.Value);
        }

        return [.. fields];
    }

    private static string? Utf8(RedisValue value)
    {
        try
        {
            return value.IsNull ? string.Empty : StrictUtf8.GetString((byte[])value!);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The name an input field that clashes with ours is kept under: <c>input_NAME</c> (prefixed again while taken).</summary>
    private static string Kept(NameValueEntry[] values, string name)
    {
        var kept = "input_" + name;
        while (values.Any(v => (string?)v.Name == kept))
        {
            kept = "input_" + kept;
        }

        return kept;
    }
}
