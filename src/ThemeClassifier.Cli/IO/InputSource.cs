using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    private ReplayReader? _replay;
    private List<InputRecord>? _twitter;

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
            else if (format == InputFormat.Twitter)
            {
                source._twitter = source.ReadTwitter();
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
        InputFormat.Twitter => _twitter!.ToAsyncEnumerable(),
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

    /// <summary>Parses one JSON object: fields in order, numbers kept as written, nothing may follow it, no field twice.</summary>
    /// <exception cref="JsonException">It is not one valid JSON object.</exception>
    public static JsonObject ParseObject(string json)
    {
        return JsonNode.Parse(json) is JsonObject o ? Checked(o) : throw new JsonException("not an object");
    }

    /// <summary>Reads the fields of a parsed object, so that a name given twice is found now.</summary>
    /// <exception cref="JsonException">A field appears twice.</exception>
    private static JsonObject Checked(JsonObject o)
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
        if (trimmed.StartsWith('[') && trimmed[1..].TrimStart().StartsWith('{') && trimmed.Contains("\"data\"", StringComparison.Ordinal))
        {
            return InputFormat.Twitter; // an array of API responses
        }

        if (trimmed.StartsWith('{'))
        {
            var firstLine = trimmed.Split('\n', 2)[0].Trim();
            try
            {
                var o = ParseObject(firstLine);
                return o.ContainsKey("data") && FindTextColumn([.. o.Select(p => p.Key)], textColumn) < 0 ? InputFormat.Twitter : InputFormat.Jsonl;
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
        _replay = new ReplayReader(_reader);
        _csv = CsvReader.Create(_replay, CsvOptions.Reader(delimiter, _malformed), leaveOpen: true);
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

    private InputRecord Record(int line, JsonObject o)
    {
        var names = o.Select(p => p.Key).ToArray();
        var index = FindTextColumn(names, _textColumn);
        if (index < 0)
        {
            return new InputRecord(line, o, null, $"field '{_textColumn ?? "text"}' missing");
        }

        return o[names[index]] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? new InputRecord(line, o, value.GetValue<string>(), null)
            : new InputRecord(line, o, null, $"field '{names[index]}' must be a string");
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

            InputRecord record;
            try
            {
                record = Record(lineNumber, ParseObject(line.TrimStart('\uFEFF')));
            }
            catch (JsonException ex)
            {
                record = InputRecord.Malformed(lineNumber, $"not a valid JSON object: {ex.Message}");
            }

            yield return record;
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

            yield return new InputRecord(lineNumber, new JsonObject { ["line"] = lineNumber, ["text"] = line }, line, null);
        }
    }

    /// <summary>
    /// CSV records. A record with broken quoting or the wrong number of fields is an error line at its start line. If
    /// it ran over several lines (a quote that never closes swallows the lines after it), or any record runs over more
    /// than <see cref="CsvOptions.MaxLinesPerRecord"/> lines or <see cref="CsvOptions.MaxRecordBytes"/> bytes, it is
    /// reported at its start line and reading starts again on the next line, so those lines are read as records.
    /// </summary>
    private async IAsyncEnumerable<InputRecord> ReadCsvAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var offset = 0L; // lines before the current CsvReader's first line
        while (true)
        {
            var csv = _csv!;
            long restartAt = 0;
            InputRecord? record = null;
            bool more;
            try
            {
                more = await csv.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CsvFormatException ex) when (ex.LineNumber > 0)
            {
                record = InputRecord.Malformed((int)(ex.LineNumber + offset), $"malformed CSV row: longer than {CsvOptions.MaxRecordBytes / 1024} KiB (a quote that never closes?)");
                restartAt = ex.LineNumber + offset + 1;
                more = true;
            }

            if (!more)
            {
                yield break;
            }

            if (record is null)
            {
                var line = csv.LineNumber + offset;
                var lines = LineCount(csv);
                var problem = _malformed.Remove(csv.LineNumber, out var reason) ? $"malformed CSV row: {reason}"
                    : csv.FieldCount != _csvHeader.Length ? $"malformed CSV row: {csv.FieldCount} field(s), the header has {_csvHeader.Length}"
                    : lines > CsvOptions.MaxLinesPerRecord ? $"malformed CSV row: runs over {lines} lines (a quote that never closes?)"
                    : null;
                if (problem is not null)
                {
                    record = InputRecord.Malformed((int)line, lines > 1 ? $"{problem}; the {lines - 1} line(s) after it are read again as rows" : problem);
                    restartAt = lines > 1 ? line + 1 : 0;
                }
                else
                {
                    _replay!.Release(line);
                    var fields = new JsonObject();
                    for (var i = 0; i < _csvHeader.Length; i++)
                    {
                        fields[_csvHeader[i]] = csv.GetString(i) ?? string.Empty;
                    }

                    record = new InputRecord((int)line, fields, (string?)fields[_csvHeader[_csvTextIndex]], null);
                }
            }

            if (restartAt > 0)
            {
                var separator = csv.Separator;
                csv.Dispose();
                _malformed.Clear();
                _replay!.Rewind(restartAt);
                _csv = CsvReader.Create(_replay, CsvOptions.Reader(separator.ToString(), _malformed) with { HasHeader = false }, leaveOpen: true);
                offset = restartAt - 1;
            }

            yield return record;
        }
    }

    /// <summary>How many lines the current record spans.</summary>
    private static int LineCount(CsvReader csv)
    {
        var raw = csv.RawRecord;
        return 1 + raw.Count((byte)'\n') + raw.Count((byte)'\r') - raw.Count("\r\n"u8);
    }

    /// <summary>
    /// Reads the whole input as Twitter API v2 responses (one, several concatenated, or an array of them) and checks
    /// every page before any post is tagged: each must be an object whose <c>data</c> is an array of post objects, or,
    /// for an empty page, have no <c>data</c> and <c>meta.result_count</c> 0.
    /// </summary>
    /// <returns>The posts in order; invalid JSON ends them with one error record where it breaks.</returns>
    /// <exception cref="InputException">A page of the wrong shape.</exception>
    private List<InputRecord> ReadTwitter()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(_reader.ReadToEnd().TrimStart('\uFEFF'));
        var records = new List<InputRecord>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        var lines = new LineCounter(bytes);
        var page = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        ReadPage(ref reader, ++page, lines, records);
                    }
                }
                else
                {
                    ReadPage(ref reader, ++page, lines, records);
                }
            }
        }
        catch (JsonException ex)
        {
            records.Add(InputRecord.Malformed((int)(ex.LineNumber ?? 0) + 1, $"not a valid Twitter API response: {ex.Message}"));
        }

        return records;
    }

    private void ReadPage(ref Utf8JsonReader reader, int page, LineCounter lines, List<InputRecord> records)
    {
        var where = $"{Name}:{lines.At(reader.TokenStartIndex)}: Twitter API response {page}";
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InputException($"{where} is not an object (expected {{\"data\":[…],\"meta\":…}})");
        }

        var hasData = false;
        long? resultCount = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "data")
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new InputException($"{where}: 'data' must be an array of posts, not {(reader.TokenType == JsonTokenType.StartObject ? "an object" : reader.TokenType.ToString().ToLowerInvariant())}");
                }

                hasData = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var line = lines.At(reader.TokenStartIndex);
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new InputException($"{Name}:{line}: an element of 'data' is not a post object");
                    }

                    var post = JsonObject.Create(JsonElement.ParseValue(ref reader))!;
                    try
                    {
                        records.Add(Record(line, Checked(post)));
                    }
                    catch (JsonException ex)
                    {
                        records.Add(InputRecord.Malformed(line, $"not a valid post: {ex.Message}"));
                    }
                }
            }
            else if (name == "meta" && reader.TokenType == JsonTokenType.StartObject)
            {
                var meta = JsonElement.ParseValue(ref reader);
                resultCount = meta.TryGetProperty("result_count", out var count) && count.TryGetInt64(out var n) ? n : null;
            }
            else
            {
                reader.Skip();
            }
        }

        if (!hasData && resultCount != 0)
        {
            throw new InputException($"{where} has no 'data' array of posts (only an empty page, with meta.result_count 0, may have none)");
        }
    }

    /// <summary>1-based line numbers of byte offsets, counted forward (offsets asked in increasing order).</summary>
    private sealed class LineCounter(byte[] bytes)
    {
        private long _offset;
        private int _line = 1;

        public int At(long offset)
        {
            _line += bytes.AsSpan((int)_offset, (int)(offset - _offset)).Count((byte)'\n');
            _offset = offset;
            return _line;
        }
    }
}
