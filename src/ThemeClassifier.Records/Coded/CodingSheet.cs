using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;

namespace ThemeClassifier.Records;

/// <summary>
/// A file of posts to hand-code (what <c>themes suggest</c> writes and <see cref="CodedRecords"/> reads back): columns
/// <c>id</c>, <c>text</c>, <c>themes</c> first, then context and hints. In CSV (UTF-8 with a byte order mark, so Excel
/// reads it as UTF-8) an all-digit id over 15 digits is written <c>="…"</c> so that Excel keeps it as text; in xlsx
/// every cell is a text cell, the header row is frozen, and a second sheet lists the codebook's themes; in JSON lines
/// <c>themes</c> is an array and <c>margin</c> a number.
/// </summary>
public static class CodingSheet
{
    /// <summary>Writes the rows (one value per column; <c>themes</c> as ids joined by <c>;</c>) in <paramref name="format"/>.</summary>
    /// <param name="stream">The file's stream (closed when done).</param>
    /// <param name="format">Csv, Jsonl or Xlsx.</param>
    /// <param name="columns">The header: id, text, themes, then any others.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="themes">The codebook's themes (id, name, definition), listed on a second sheet of a workbook.</param>
    public static void Write(Stream stream, RecordFormat format, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<(string Id, string Name, string Definition)> themes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(themes);
        switch (format)
        {
            case RecordFormat.Xlsx:
                using (stream)
                {
                    XlsxRecordWriter.Save(stream, new Dictionary<string, object>
                    {
                        ["to code"] = rows.Select(r => XlsxRecordWriter.Row(columns, [.. r])).ToList(),
                        ["themes"] = themes.Select(t => XlsxRecordWriter.Row(["theme", "name", "definition"], [t.Id, t.Name, t.Definition])).ToList(),
                    });
                }

                break;
            case RecordFormat.Csv:
                using (var writer = new StreamWriter(stream, new UTF8Encoding(true)))
                using (var csv = CsvWriter.Create(writer, CsvOptions.Writer, leaveOpen: true))
                {
                    csv.WriteHeader([.. columns]);
                    foreach (var row in rows)
                    {
                        csv.WriteRecord(row.Select((v, i) => columns[i] == "id" ? CodedRecords.ForSpreadsheet(v) : v).ToArray());
                    }
                }

                break;
            default:
                using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
                {
                    var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
                    foreach (var row in rows)
                    {
                        using var buffer = new MemoryStream();
                        using (var json = new Utf8JsonWriter(buffer, options))
                        {
                            json.WriteStartObject();
                            for (var i = 0; i < columns.Count; i++)
                            {
                                if (columns[i] == "themes")
                                {
                                    json.WriteStartArray("themes");
                                    foreach (var t in row[i].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                                    {
                                        json.WriteStringValue(t);
                                    }

                                    json.WriteEndArray();
                                }
                                else if (columns[i] == "margin" && double.TryParse(row[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                                {
                                    json.WriteNumber("margin", number);
                                }
                                else
                                {
                                    json.WriteString(columns[i], row[i]);
                                }
                            }

                            json.WriteEndObject();
                        }

                        writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                    }
                }

                break;
        }
    }
}
