using System.Text.Json;
using System.Text.Json.Nodes;

namespace ThemeClassifier.Records;

/// <summary>Twitter API v2 search responses; the one format read whole (and checked) before the first record is returned.</summary>
internal sealed class TwitterRecordReader : StreamRecordReader
{
    private readonly List<Record> _records;

    /// <exception cref="RecordsException">A page of the wrong shape.</exception>
    public TwitterRecordReader(string name, TextReader reader, Stream? stream, string? textColumn)
        : base(name, reader, stream, RecordFormat.Twitter, textColumn)
    {
        _records = ReadTwitter();
    }

    public override IAsyncEnumerable<Record> ReadAsync(CancellationToken cancellationToken = default) => _records.ToAsyncEnumerable();

    /// <summary>
    /// Reads the whole input as Twitter API v2 responses (one, several concatenated, or an array of them) and checks
    /// every page before any post is tagged: each must be an object whose <c>data</c> is an array of post objects, or,
    /// for an empty page, have no <c>data</c> and <c>meta.result_count</c> 0.
    /// </summary>
    /// <returns>The posts in order; invalid JSON ends them with one error record where it breaks.</returns>
    /// <exception cref="RecordsException">A page of the wrong shape.</exception>
    private List<Record> ReadTwitter()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Reader.ReadToEnd().TrimStart('\uFEFF'));
        var records = new List<Record>();
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
            records.Add(Record.Malformed((int)(ex.LineNumber ?? 0) + 1, $"not a valid Twitter API response: {ex.Message}"));
        }

        return records;
    }

    private void ReadPage(ref Utf8JsonReader reader, int page, LineCounter lines, List<Record> records)
    {
        var where = $"{Name}:{lines.At(reader.TokenStartIndex)}: Twitter API response {page}";
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RecordsException($"{where} is not an object (expected {{\"data\":[…],\"meta\":…}})");
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
                    throw new RecordsException($"{where}: 'data' must be an array of posts, not {(reader.TokenType == JsonTokenType.StartObject ? "an object" : reader.TokenType.ToString().ToLowerInvariant())}");
                }

                hasData = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var line = lines.At(reader.TokenStartIndex);
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new RecordsException($"{Name}:{line}: an element of 'data' is not a post object");
                    }

                    var post = JsonObject.Create(JsonElement.ParseValue(ref reader))!;
                    try
                    {
                        records.Add(Record.FromFields(line, JsonLinesRecordReader.Checked(post), TextColumn));
                    }
                    catch (JsonException ex)
                    {
                        records.Add(Record.Malformed(line, $"not a valid post: {ex.Message}"));
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
            throw new RecordsException($"{where} has no 'data' array of posts (only an empty page, with meta.result_count 0, may have none)");
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
