using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CsvHelper;

namespace ThemeClassifier.Records;

/// <summary>
/// CSV with a header row: the separator (<c>,</c> <c>;</c> tab <c>|</c>) is detected, every column is kept (as
/// strings), quoted fields may run over several lines, rows of empty fields are skipped, and a malformed row is one
/// error record at its line, after which reading goes on (see <see cref="ReadAsync"/>).
/// </summary>
internal sealed class CsvRecordReader : StreamRecordReader
{
    private readonly Dictionary<long, string> _malformed = [];
    private ReplayReader? _replay;
    private CsvReader? _csv;
    private int _csvTextIndex = -1;
    private string[] _csvHeader = [];

    /// <exception cref="RecordsException">No header row, or no text column.</exception>
    public CsvRecordReader(string name, TextReader reader, Stream? stream, string? textColumn, string? delimiter)
        : base(name, reader, stream, RecordFormat.Csv, textColumn)
    {
        OpenCsv(delimiter);
    }

    public override IReadOnlyList<string>? Columns => _csvHeader;

    /// <summary>Reads the header and finds the text column.</summary>
    /// <exception cref="RecordsException">No header, or no text column.</exception>
    private void OpenCsv(string? delimiter)
    {
        _replay = new ReplayReader(Reader);
        _csv = CsvReader.Create(_replay, CsvOptions.Reader(delimiter, _malformed), leaveOpen: true);
        _csv.ReadHeader();
        if (_csv.Headers is not { Count: > 0 } header)
        {
            throw new RecordsException($"{Name}: the CSV has no header row");
        }

        _csvHeader = header.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        _csvTextIndex = Record.FindTextColumn(_csvHeader, TextColumn);
        if (_csvTextIndex < 0)
        {
            var wanted = TextColumn is null ? $"text column (looked for {string.Join(", ", Record.TextColumnNames)})" : $"column '{TextColumn}'";
            throw new RecordsException($"{Name}: no {wanted} in the CSV header [{string.Join(", ", _csvHeader)}]; name it with --text-column");
        }
    }

    /// <summary>
    /// CSV records. A record with broken quoting or the wrong number of fields is an error line at its start line. If
    /// it ran over several lines (a quote that never closes swallows the lines after it), or any record runs over more
    /// than <see cref="CsvOptions.MaxLinesPerRecord"/> lines or <see cref="CsvOptions.MaxRecordBytes"/> bytes, it is
    /// reported at its start line and reading starts again on the next line, so those lines are read as records.
    /// </summary>
    public override async IAsyncEnumerable<Record> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var offset = 0L; // lines before the current CsvReader's first line
        while (true)
        {
            var csv = _csv!;
            long restartAt = 0;
            Record? record = null;
            bool more;
            try
            {
                more = await csv.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CsvFormatException ex) when (ex.LineNumber > 0)
            {
                record = Record.Malformed((int)(ex.LineNumber + offset), $"malformed CSV row: longer than {CsvOptions.MaxRecordBytes / 1024} KiB (a quote that never closes?)");
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
                    record = Record.Malformed((int)line, lines > 1 ? $"{problem}; the {lines - 1} line(s) after it are read again as rows" : problem);
                    restartAt = lines > 1 ? line + 1 : 0;
                }
                else if (IsEmptyRow(csv))
                {
                    // A row of separators only (",,,,", as spreadsheets save trailing rows) holds no record.
                    _replay!.Release(line);
                    continue;
                }
                else
                {
                    _replay!.Release(line);
                    var fields = new JsonObject();
                    for (var i = 0; i < _csvHeader.Length; i++)
                    {
                        fields[_csvHeader[i]] = csv.GetString(i) ?? string.Empty;
                    }

                    record = new Record((int)line, fields, (string?)fields[_csvHeader[_csvTextIndex]], null);
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

    private static bool IsEmptyRow(CsvReader csv)
    {
        for (var i = 0; i < csv.FieldCount; i++)
        {
            if (!string.IsNullOrWhiteSpace(csv.GetString(i)))
            {
                return false;
            }
        }

        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _csv?.Dispose();
        }

        base.Dispose(disposing);
    }
}
