using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ThemeClassifier.Prediction;

namespace ThemeClassifier.Records;

/// <summary>
/// Builds the output line of a record. <c>themes</c>, <c>scores</c>, <c>relevance</c>, <c>error</c> and <c>line</c> are
/// ours: a tagged record gets <c>themes</c>, <c>scores</c> and <c>relevance</c> (an input's own are replaced, so
/// re-tagging a tagged file gives the same file); a record that could not be tagged gets <c>line</c> and <c>error</c>, and only such a record has an
/// <c>error</c>. A tagged record written with its <see cref="PostContext"/> also gets <c>question</c>, <c>role</c>,
/// <c>language</c> and <c>skipped</c> (strings, empty when unknown; a skipped record's <c>themes</c> are empty); an
/// input field of one of these names is dropped when it is null, empty or exactly our value (re-tagging gives the same
/// file) and kept as <c>input_NAME</c> otherwise. An input field that would be mistaken for ours (<c>error</c> always;
/// <c>line</c>, <c>themes</c>, <c>scores</c> and <c>relevance</c> on a record that could not be tagged) is kept as <c>input_NAME</c>.
/// Every other field is written as read; numbers keep their exact text.
/// </summary>
internal sealed class JsonLinesRecordWriter(TextWriter writer, IReadOnlyList<string> themeIds) : IRecordWriter
{
    /// <inheritdoc/>
    public ValueTask WriteAsync(Record record, ThemePrediction? prediction, PostContext? context, CancellationToken cancellationToken = default) =>
        new(writer.WriteLineAsync(Format(record, prediction, themeIds, context).AsMemory(), cancellationToken));

    /// <inheritdoc/>
    public Task FlushAsync(CancellationToken cancellationToken = default) => writer.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public Task CompleteAsync(CancellationToken cancellationToken = default) => writer.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record's fields plus <c>themes</c>, <c>scores</c> (codebook order, 4 decimals), <c>relevance</c> (4 decimals) and the <paramref name="context"/> fields when given, or <c>line</c> and <c>error</c>.</summary>
    public static string Format(Record record, ThemePrediction? prediction, IReadOnlyList<string> themeIds, PostContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var tagged = record.Error is null && prediction is not null;
        var chat = tagged && context is not null ? context.Values : null;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in record.Fields)
            {
                var chatIndex = chat is null ? -1 : IndexOf(PostContext.FieldNames, name);
                if ((tagged && IsOurs(name)) || (chatIndex >= 0 && Same(value, chat![chatIndex])))
                {
                    continue;
                }

                writer.WritePropertyName(name is "error" || chatIndex >= 0 || (!tagged && (name is "line" || IsOurs(name))) ? Kept(record.Fields, name) : name);
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }

            if (tagged)
            {
                writer.WriteStartArray("themes");
                foreach (var theme in context?.Skipped is null ? prediction!.Themes : [])
                {
                    writer.WriteStringValue(theme);
                }

                writer.WriteEndArray();
                writer.WriteStartObject("scores");
                foreach (var id in themeIds)
                {
                    writer.WriteNumber(id, Math.Round((double)prediction!.ProbabilityOf(id), 4));
                }

                writer.WriteEndObject();
                writer.WriteNumber("relevance", Math.Round((double)prediction!.Relevance, 4));
                for (var i = 0; i < (chat?.Count ?? 0); i++)
                {
                    writer.WriteString(PostContext.FieldNames[i], chat![i]);
                }
            }
            else
            {
                writer.WriteNumber("line", record.Line);
                writer.WriteString("error", record.Error ?? "no text");
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Whether a field is one of those a tagged record gets from the model (an input's own is replaced).</summary>
    internal static bool IsOurs(string name) => name is "themes" or "scores" or "relevance";

    /// <summary>Whether an input field says nothing ours does not: it is null, empty or exactly our value.</summary>
    private static bool Same(JsonNode? value, string ours) => value switch
    {
        null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is var text && (text.Length == 0 || text == ours),
        _ => false,
    };

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The name an input field that clashes with ours is kept under: <c>input_NAME</c> (prefixed again while taken).</summary>
    private static string Kept(JsonObject fields, string name)
    {
        var kept = "input_" + name;
        while (fields.ContainsKey(kept))
        {
            kept = "input_" + kept;
        }

        return kept;
    }
}
