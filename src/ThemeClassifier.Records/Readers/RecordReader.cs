using System.Text;
using System.Text.Json;

namespace ThemeClassifier.Records;

/// <summary>
/// Opens an input of records: the one place formats are detected (from <c>--format</c>, else the file extension, else
/// the first bytes) and a file's text encoding is found (see <see cref="TextEncodings"/>).
/// </summary>
public static class RecordReader
{
    private const int SniffChars = 1 << 16;

    /// <summary>Opens a file (or <paramref name="stdin"/> for "-"), detects its format and, for CSV and xlsx, finds the text column.</summary>
    /// <param name="path">The file, or "-" for <paramref name="stdin"/>.</param>
    /// <param name="stdin">Standard input (already decoded).</param>
    /// <param name="format">The format, or <see cref="RecordFormat.Auto"/> to detect it.</param>
    /// <param name="textColumn">The column or field holding the post; null for the usual names (<see cref="Record.TextColumnNames"/>).</param>
    /// <param name="warn">Where warnings go, such as a guessed legacy encoding; null to drop them.</param>
    /// <exception cref="RecordsException">The file is missing, a CSV or workbook has no text column, a Twitter page has the wrong shape.</exception>
    public static IRecordReader Open(string path, TextReader stdin, RecordFormat format, string? textColumn, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(stdin);
        if (format == RecordFormat.Auto)
        {
            format = RecordFormats.FromExtension(path);
        }

        if (format == RecordFormat.Xlsx)
        {
            return path == "-" ? throw new RecordsException("an .xlsx workbook cannot be read from standard input; name the file") : new XlsxRecordReader(path, textColumn);
        }

        TextReader reader;
        Stream? stream = null;
        string name;
        if (path == "-")
        {
            reader = stdin;
            name = "stdin";
        }
        else
        {
            if (!File.Exists(path))
            {
                throw new RecordsException($"input file not found: {path}");
            }

            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            if (format == RecordFormat.Auto && TextEncodings.IsZip(stream))
            {
                stream.Dispose();
                return new XlsxRecordReader(path, textColumn);
            }

            reader = TextEncodings.OpenText(stream, path, warn);
            name = path;
        }

        try
        {
            if (format == RecordFormat.Auto)
            {
                var buffer = new char[SniffChars];
                var read = reader.ReadBlock(buffer, 0, buffer.Length);
                var prefix = new string(buffer, 0, read);
                reader = new PrefixedTextReader(prefix, reader);
                format = Sniff(prefix, textColumn);
            }

            return format switch
            {
                RecordFormat.Csv => new CsvRecordReader(name, reader, stream, textColumn, path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? "\t" : null),
                RecordFormat.Twitter => new TwitterRecordReader(name, reader, stream, textColumn),
                RecordFormat.Text => new PlainTextRecordReader(name, reader, stream),
                _ => new JsonLinesRecordReader(name, reader, stream, textColumn),
            };
        }
        catch
        {
            if (stream is not null)
            {
                reader.Dispose();
            }

            throw;
        }
    }

    private static RecordFormat Sniff(string prefix, string? textColumn)
    {
        var trimmed = prefix.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('[') && trimmed[1..].TrimStart().StartsWith('{') && trimmed.Contains("\"data\"", StringComparison.Ordinal))
        {
            return RecordFormat.Twitter; // an array of API responses
        }

        if (trimmed.StartsWith('{'))
        {
            var firstLine = trimmed.Split('\n', 2)[0].Trim();
            try
            {
                var o = JsonLinesRecordReader.ParseObject(firstLine);
                return o.ContainsKey("data") && Record.FindTextColumn([.. o.Select(p => p.Key)], textColumn) < 0 ? RecordFormat.Twitter : RecordFormat.Jsonl;
            }
            catch (JsonException)
            {
                // A pretty-printed document over several lines: an API response; else broken JSON lines.
                return trimmed.Contains("\"data\"", StringComparison.Ordinal) ? RecordFormat.Twitter : RecordFormat.Jsonl;
            }
        }

        var header = trimmed.Split('\n', 2)[0].TrimEnd('\r');
        var names = header.Split([',', '\t', ';']).Select(n => n.Trim().Trim('"').Trim()).ToArray();
        var wanted = textColumn is null ? Record.TextColumnNames : [textColumn];
        return names.Length > 1 && names.Any(n => wanted.Contains(n, StringComparer.OrdinalIgnoreCase)) ? RecordFormat.Csv : RecordFormat.Text;
    }
}
