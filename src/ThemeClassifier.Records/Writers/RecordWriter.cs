using System.Text;

namespace ThemeClassifier.Records;

/// <summary>Creates the writer of a format: the one place output formats are chosen.</summary>
public static class RecordWriter
{
    /// <summary>The format to write <paramref name="path"/> in: <paramref name="format"/> when given, else its extension, else JSON lines.</summary>
    /// <exception cref="RecordsException">The format is one that is only read (text, Twitter).</exception>
    public static RecordFormat FormatFor(string path, RecordFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        var chosen = format != RecordFormat.Auto ? format : path == "-" ? RecordFormat.Jsonl : RecordFormats.FromExtension(path);
        return chosen switch
        {
            RecordFormat.Auto => RecordFormat.Jsonl,
            RecordFormat.Text or RecordFormat.Twitter => throw new RecordsException($"cannot write {chosen.ToString().ToLowerInvariant()}: write jsonl, csv or xlsx"),
            _ => chosen,
        };
    }

    /// <summary>A writer of <paramref name="format"/> (JSON lines, CSV or xlsx) into a file's stream; CSV gets a UTF-8 byte order mark so that Excel reads it as UTF-8.</summary>
    /// <param name="format">Jsonl, Csv or Xlsx.</param>
    /// <param name="stream">The file's stream, closed with the writer.</param>
    /// <param name="themeIds">The model's theme ids, in codebook order.</param>
    /// <param name="columns">The input's columns when known (<see cref="IRecordReader.Columns"/>): a table starts with them.</param>
    public static IRecordWriter Create(RecordFormat format, Stream stream, IReadOnlyList<string> themeIds, IReadOnlyList<string>? columns = null) => format switch
    {
        RecordFormat.Xlsx => new XlsxRecordWriter(stream, themeIds, columns),
        RecordFormat.Csv => new CsvRecordWriter(new StreamWriter(stream, new UTF8Encoding(true), 1 << 16), themeIds, columns, ownsWriter: true),
        _ => new OwnedJsonLinesWriter(new StreamWriter(stream, new UTF8Encoding(false), 1 << 16), themeIds),
    };

    /// <summary>A writer of <paramref name="format"/> onto a text stream such as standard output (no xlsx there).</summary>
    /// <exception cref="RecordsException">xlsx asked for.</exception>
    public static IRecordWriter Create(RecordFormat format, TextWriter writer, IReadOnlyList<string> themeIds, IReadOnlyList<string>? columns = null) => format switch
    {
        RecordFormat.Xlsx => throw new RecordsException("an .xlsx workbook cannot be written to standard output; name the file with --output"),
        RecordFormat.Csv => new CsvRecordWriter(writer, themeIds, columns, ownsWriter: false),
        _ => new JsonLinesRecordWriter(writer, themeIds),
    };

    /// <summary>JSON lines into a stream writer it closes.</summary>
    private sealed class OwnedJsonLinesWriter(StreamWriter writer, IReadOnlyList<string> themeIds) : IRecordWriter
    {
        private readonly JsonLinesRecordWriter _inner = new(writer, themeIds);

        public ValueTask WriteAsync(Record record, Prediction.ThemePrediction? prediction, CancellationToken cancellationToken = default) => _inner.WriteAsync(record, prediction, cancellationToken);

        public Task FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);

        public Task CompleteAsync(CancellationToken cancellationToken = default) => _inner.CompleteAsync(cancellationToken);

        public ValueTask DisposeAsync() => writer.DisposeAsync();
    }
}
