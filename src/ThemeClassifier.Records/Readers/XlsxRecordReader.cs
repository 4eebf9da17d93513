using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using MiniExcelLibs;

namespace ThemeClassifier.Records;

/// <summary>
/// An Excel workbook: the first sheet, header row first, read row by row (MiniExcel streams it). Every cell becomes a
/// string field: text as it is, a number in its shortest exact form (<c>1.86E+18</c> when Excel turned an id into a
/// number), a date as <c>yyyy-MM-dd HH:mm:ss</c>. Empty rows are skipped; row numbers are the sheet's.
/// </summary>
internal sealed class XlsxRecordReader : IRecordReader
{
    private readonly string? _textColumn;
    private readonly string[] _header;
    private readonly int _textIndex;

    /// <exception cref="RecordsException">The file is missing or not a workbook, or its first sheet has no text column.</exception>
    public XlsxRecordReader(string path, string? textColumn)
    {
        if (!File.Exists(path))
        {
            throw new RecordsException($"input file not found: {path}");
        }

        Name = path;
        _textColumn = textColumn;
        try
        {
            var first = Rows().FirstOrDefault();
            _header = first.Cells is null ? [] : first.Cells.Select(c => c.Trim()).ToArray();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or InvalidOperationException or System.Xml.XmlException)
        {
            throw new RecordsException($"{path}: not a readable .xlsx workbook ({ex.Message})", ex);
        }

        if (_header.Length == 0)
        {
            throw new RecordsException($"{path}: the first sheet has no header row");
        }

        _textIndex = Record.FindTextColumn(_header, textColumn);
        if (_textIndex < 0)
        {
            var wanted = textColumn is null ? $"text column (looked for {string.Join(", ", Record.TextColumnNames)})" : $"column '{textColumn}'";
            throw new RecordsException($"{path}: no {wanted} in the header row [{string.Join(", ", _header)}]; name it with --text-column");
        }
    }

    public string Name { get; }

    public RecordFormat Format => RecordFormat.Xlsx;

    public IReadOnlyList<string>? Columns => _header;

    /// <summary>Null: a workbook is read by rows, not bytes, so progress is shown without a percentage.</summary>
    public long? Length => null;

    public long Position => 0;

    public async IAsyncEnumerable<Record> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var (row, cells) in Rows().Skip(1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (cells.Skip(_header.Length).Any(c => !string.IsNullOrWhiteSpace(c)))
            {
                yield return Record.Malformed(row, $"malformed row: a cell beyond the header's {_header.Length} column(s)");
                continue;
            }

            var fields = new JsonObject();
            for (var i = 0; i < _header.Length; i++)
            {
                fields[_header[i]] = i < cells.Length ? cells[i] : string.Empty;
            }

            yield return new Record(row, fields, (string?)fields[_header[_textIndex]], null);
        }
    }

    public void Dispose()
    {
    }

    /// <summary>The rows of the first sheet: 1-based row number and each cell as a string (empty for a blank cell).</summary>
    private IEnumerable<(int Row, string[] Cells)> Rows()
    {
        var row = 0;
        foreach (IDictionary<string, object?> cells in MiniExcel.Query(Name, useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            row++;
            yield return (row, cells.Values.Select(Text).ToArray());
        }
    }

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
