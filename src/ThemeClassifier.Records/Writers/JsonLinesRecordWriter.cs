using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ThemeClassifier.Prediction;

namespace ThemeClassifier.Records;

/// <summary>
/// Builds the output line of a record. <c>themes</c>, <c>scores</c>, <c>error</c> and <c>line</c> are ours: a tagged
/// record gets <c>themes</c> and <c>scores</c> (an input's own are replaced, so re-tagging a tagged file gives the same
/// file); a record that could not be tagged gets <c>line</c> and <c>error</c>, and only such a record has an
/// <c>error</c>. An input field that would be mistaken for ours (<c>error</c> always; <c>line</c>, <c>themes</c> and
/// <c>scores</c> on a record that could not be tagged) is kept as <c>input_NAME</c>. Every other field is written as
/// read; numbers keep their exact text.
/// </summary>
public sealed class JsonLinesRecordWriter(TextWriter writer, IReadOnlyList<string> themeIds) : IRecordWriter
{
    /// <inheritdoc/>
    public ValueTask WriteAsync(Record record, ThemePrediction? prediction, CancellationToken cancellationToken = default) =>
        new(writer.WriteLineAsync(Format(record, prediction, themeIds).AsMemory(), cancellationToken));

    /// <inheritdoc/>
    public Task FlushAsync(CancellationToken cancellationToken = default) => writer.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public Task CompleteAsync(CancellationToken cancellationToken = default) => writer.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record's fields plus <c>themes</c> and <c>scores</c> (codebook order, 4 decimals), or <c>line</c> and <c>error</c>.</summary>
    public static string Format(Record record, ThemePrediction? prediction, IReadOnlyList<string> themeIds)
    {
        var tagged = record.Error is null && prediction is not null;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in record.Fields)
            {
                if (tagged && name is "themes" or "scores")
                {
                    continue;
                }

                writer.WritePropertyName(name is "error" || (!tagged && name is "line" or "themes" or "scores") ? Kept(record.Fields, name) : name);
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
                foreach (var theme in prediction!.Themes)
                {
                    writer.WriteStringValue(theme);
                }

                writer.WriteEndArray();
                writer.WriteStartObject("scores");
                foreach (var id in themeIds)
                {
                    writer.WriteNumber(id, Math.Round((double)prediction.ProbabilityOf(id), 4));
                }

                writer.WriteEndObject();
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
