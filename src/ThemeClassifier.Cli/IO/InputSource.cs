using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ThemeClassifier.Cli.Infrastructure;

namespace ThemeClassifier.Cli.IO;

/// <summary>
/// An open input of posts, read lazily record by record (bounded memory). The format is detected from the file
/// extension, else from the first bytes; a CSV's text column is resolved on open, so a missing one fails before any
/// output.
/// </summary>
internal sealed class InputSource : IDisposable
{
    /// <summary>Column or field names taken as the post's text, in order of preference (case-insensitive).</summary>
    public static readonly IReadOnlyList<string> TextColumnNames = ["text", "Tweet text", "full_text", "tweet", "content", "body", "message", "post"];

    private const int SniffChars = 1 << 16;
    private readonly TextReader _reader;
    private readonly Stream? _stream;
    private readonly string? _textColumn;
    private CsvReader? _csv;
    private int _csvTextIndex = -1;
    private string[] _csvHeader = [];
    private readonly Dictionary<long, string> _malformed = [];

    private InputSource(string name, TextReader reader, Stream? stream, InputFormat format, string? textColumn)
    {
        Name = name;
        _reader = reader;
        _stream = stream;
        Format = format;
        _textColumn = textColumn;
    }

    /// <summary>The file name, or "stdin".</summary>
    public string Name { get; }

    /// <summary>The format read.</summary>
    public InputFormat Format { get; }

    /// <summary>Bytes of a file input, for progress; null for stdin.</summary>
    public long? Length => _stream is { CanSeek: true } s ? s.Length : null;

    /// <summary>Bytes read so far of a file input.</summary>
    public long Position => _stream is { CanSeek: true } s ? s.Position : 0;

    /// <summary>Opens a file (or stdin for "-"), detects its format and, for CSV, finds the text column.</summary>
    /// <exception cref="InputException">The file is missing, or a CSV has no text column.</exception>
    public static InputSource Open(string path, TextReader stdin, InputFormat format, string? textColumn)
    {
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
                throw new InputException($"input file not found: {path}");
            }

            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            reader = new StreamReader(stream, new UTF8Encoding(false), true, 1 << 16);
            name = path;
        }

        try
        {
            if (format == InputFormat.Auto)
            {
                format = FromExtension(path);
            }

            if (format == InputFormat.Auto)
            {
                var buffer = new char[SniffChars];
                var read = reader.ReadBlock(buffer, 0, buffer.Length);
                var prefix = new string(buffer, 0, read);
                reader = new PrefixedTextReader(prefix, reader);
                format = Sniff(prefix, textColumn);
            }

            var source = new InputSource(name, reader, stream, format, textColumn);
            if (format == InputFormat.Csv)
            {
                source.OpenCsv(path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? "\t" : null);
            }

            return source;
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

    /// <summary>Reads the records lazily, in input order; malformed ones come back with an error.</summary>
    public IAsyncEnumerable<InputRecord> ReadAsync(CancellationToken cancellationToken = default) => Format switch
    {
        InputFormat.Jsonl => ReadJsonLinesAsync(cancellationToken),
        InputFormat.Csv => ReadCsvAsync(cancellationToken),
        InputFormat.Text => ReadTextAsync(cancellationToken),
        InputFormat.Twitter => ReadTwitterAsync(cancellationToken),
        _ => throw new InvalidOperationException("format not resolved"),
    };

    public void Dispose()
    {
        _csv?.Dispose();
        if (_stream is not null)
        {
            _reader.Dispose();
        }
    }

    /// <summary>Parses one JSON object exactly as written: dates stay strings, nothing may follow it.</summary>
    public static JObject ParseObject(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
        var o = JObject.Load(reader);
        if (reader.Read())
        {
            throw new JsonReaderException($"unexpected content after the object (position {reader.LinePosition})");
        }

        return o;
    }

    private static InputFormat FromExtension(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".jsonl" or ".ndjson" or ".jsonlines" => InputFormat.Jsonl,
            ".csv" or ".tsv" => InputFormat.Csv,
            ".txt" or ".text" => InputFormat.Text,
            _ => InputFormat.Auto,
        };
    }

    private static InputFormat Sniff(string prefix, string? textColumn)
    {
        var trimmed = prefix.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('{'))
        {
            var firstLine = trimmed.Split('\n', 2)[0].Trim();
            try
            {
                var o = ParseObject(firstLine);
                return o["data"] is JArray && o[textColumn ?? "text"] is null ? InputFormat.Twitter : InputFormat.Jsonl;
            }
            catch (JsonException)
            {
                // A pretty-printed document over several lines: an API response; else broken JSON lines.
                return trimmed.Contains("\"data\"", StringComparison.Ordinal) ? InputFormat.Twitter : InputFormat.Jsonl;
            }
        }

        var header = trimmed.Split('\n', 2)[0].TrimEnd('\r');
        var names = header.Split([',', '\t', ';']).Select(n => n.Trim().Trim('"').Trim()).ToArray();
        var wanted = textColumn is null ? TextColumnNames : [textColumn];
        return names.Length > 1 && names.Any(n => wanted.Contains(n, StringComparer.OrdinalIgnoreCase)) ? InputFormat.Csv : InputFormat.Text;
    }

    private void OpenCsv(string? delimiter)
    {
        _csv = CsvReader.Create(_reader, CsvOptions.Reader(delimiter, _malformed), leaveOpen: true);
        _csv.ReadHeader();
        if (_csv.Headers is not { Count: > 0 } header)
        {
            throw new InputException($"{Name}: the CSV has no header row");
        }

        _csvHeader = header.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        _csvTextIndex = FindTextColumn(_csvHeader, _textColumn);
        if (_csvTextIndex < 0)
        {
            var wanted = _textColumn is null ? $"text column (looked for {string.Join(", ", TextColumnNames)})" : $"column '{_textColumn}'";
            throw new InputException($"{Name}: no {wanted} in the CSV header [{string.Join(", ", _csvHeader)}]; name it with --text-column");
        }
    }

    private static int FindTextColumn(IReadOnlyList<string> names, string? textColumn)
    {
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

    private string? TextField(JObject o, out string? error)
    {
        error = null;
        var names = o.Properties().Select(p => p.Name).ToArray();
        var index = FindTextColumn(names, _textColumn);
        if (index < 0)
        {
            error = $"field '{_textColumn ?? "text"}' missing";
            return null;
        }

        var token = o[names[index]]!;
        if (token.Type != JTokenType.String)
        {
            error = $"field '{names[index]}' must be a string";
            return null;
        }

        return (string)token!;
    }

    private async IAsyncEnumerable<InputRecord> ReadJsonLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        while (await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JObject o;
            string? malformed = null;
            try
            {
                o = ParseObject(line.TrimStart('\uFEFF'));
            }
            catch (JsonException ex)
            {
                o = null!;
                malformed = $"not a valid JSON object: {ex.Message}";
            }

            if (malformed is not null)
            {
                yield return InputRecord.Malformed(lineNumber, malformed);
                continue;
            }

            var text = TextField(o, out var error);
            yield return new InputRecord(lineNumber, o, text, error);
        }
    }

    private async IAsyncEnumerable<InputRecord> ReadTextAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        while (await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                line = line.TrimStart('\uFEFF');
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return new InputRecord(lineNumber, new JObject { ["line"] = lineNumber, ["text"] = line }, line, null);
        }
    }

    private async IAsyncEnumerable<InputRecord> ReadCsvAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var csv = _csv!;
        while (true)
        {
            string? failure = null;
            bool more;
            try
            {
                more = await csv.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CsvFormatException ex)
            {
                failure = ex.Message.Split('\n')[0].Trim();
                more = false;
            }

            if (failure is not null)
            {
                yield return InputRecord.Malformed((int)Math.Max(1, csv.LineNumber), $"malformed CSV: {failure}");
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            var line = (int)csv.LineNumber;
            if (_malformed.Remove(line, out var reason))
            {
                yield return InputRecord.Malformed(line, $"malformed CSV row: {reason}");
                continue;
            }

            if (csv.FieldCount != _csvHeader.Length)
            {
                yield return InputRecord.Malformed(line, $"malformed CSV row: {csv.FieldCount} field(s), the header has {_csvHeader.Length}");
                continue;
            }

            var fields = new JObject();
            for (var i = 0; i < _csvHeader.Length; i++)
            {
                fields[_csvHeader[i]] = csv.GetString(i) ?? string.Empty;
            }

            yield return new InputRecord(line, fields, (string?)fields[_csvHeader[_csvTextIndex]], null);
        }
    }

    private async IAsyncEnumerable<InputRecord> ReadTwitterAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var json = new JsonTextReader(_reader)
        {
            SupportMultipleContent = true,
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
            CloseInput = false,
        };
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            InputRecord? record = null;
            string? error = null;
            var line = json.LineNumber;
            try
            {
                if (!json.Read())
                {
                    break;
                }

                line = json.LineNumber;
                if (json.TokenType == JsonToken.PropertyName && json.Depth == 1 && (string?)json.Value == "data")
                {
                    if (!json.Read() || json.TokenType != JsonToken.StartArray)
                    {
                        error = "'data' must be an array of posts";
                    }
                }
                else if (json.TokenType == JsonToken.StartObject && json.Depth == 2 && json.Path.StartsWith("data[", StringComparison.Ordinal))
                {
                    line = json.LineNumber;
                    var o = JObject.Load(json);
                    var text = TextField(o, out var textError);
                    record = new InputRecord(line, o, text, textError);
                }
                else if (json.TokenType == JsonToken.PropertyName && json.Depth == 1)
                {
                    json.Read();
                    json.Skip();
                }
            }
            catch (JsonException ex)
            {
                error = $"not a valid Twitter API response: {ex.Message}";
            }

            if (record is not null)
            {
                yield return record;
            }

            if (error is not null)
            {
                yield return InputRecord.Malformed(Math.Max(line, 1), error);
                yield break;
            }
        }
    }
}
