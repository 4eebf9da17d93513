using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ThemeClassifier.Records;

/// <summary>JSON lines: one object a line with a text field; every field kept as read, numbers as written.</summary>
internal sealed class JsonLinesRecordReader(string name, TextReader reader, Stream? stream, string? textColumn)
    : StreamRecordReader(name, reader, stream, RecordFormat.Jsonl, textColumn)
{
    /// <summary>Parses one JSON object: fields in order, numbers kept as written, nothing may follow it, no field twice.</summary>
    /// <exception cref="JsonException">It is not one valid JSON object.</exception>
    public static JsonObject ParseObject(string json)
    {
        return JsonNode.Parse(json) is JsonObject o ? Checked(o) : throw new JsonException("not an object");
    }

    /// <summary>Reads the fields of a parsed object, so that a name given twice is found now.</summary>
    /// <exception cref="JsonException">A field appears twice.</exception>
    internal static JsonObject Checked(JsonObject o)
    {
        try
        {
            _ = o.Count;
            return o;
        }
        catch (ArgumentException ex)
        {
            throw new JsonException($"a field appears twice ({ex.Message.Split("Key:")[^1].Split(" (Parameter")[0].Trim()})");
        }
    }

    public override async IAsyncEnumerable<Record> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        while (await Reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            Record record;
            try
            {
                record = Record.FromFields(lineNumber, ParseObject(line.TrimStart('\uFEFF')), TextColumn);
            }
            catch (JsonException ex)
            {
                record = Record.Malformed(lineNumber, $"not a valid JSON object: {ex.Message}");
            }

            yield return record;
        }
    }
}
