using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using ThemeClassifier.Prediction;

namespace ThemeClassifier.Records;

/// <summary>
/// Tagged records as an Excel workbook (MiniExcel): sheet <c>tagged</c> with the columns of <see cref="TabularBuffer"/>,
/// the header row frozen, every field a text cell (a 19-digit id stays exact), probabilities as numbers; sheet
/// <c>theme counts</c> with the records per theme. Rows are buffered in a temporary file and the workbook is built on
/// <see cref="CompleteAsync"/>, streaming them back (memory: the column names, not the rows).
/// </summary>
internal sealed class XlsxRecordWriter(Stream stream, IReadOnlyList<string> themeIds, IReadOnlyList<string>? columns) : IRecordWriter
{
    /// <summary>The settings every workbook of the tool is written with: header row frozen, no table style.</summary>
    internal static readonly OpenXmlConfiguration Configuration = new() { FreezeRowCount = 1, TableStyles = TableStyles.None, FastMode = true, AutoFilter = true };

    private readonly TabularBuffer _rows = new(themeIds, columns);

    public ValueTask WriteAsync(Record record, ThemePrediction? prediction, CancellationToken cancellationToken = default) =>
        _rows.AddAsync(record, prediction, cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        var header = _rows.Header;
        var counts = themeIds.Select((id, i) => Row(["theme", "records"], [id, (double)_rows.ThemeCounts[i]]))
            .Append(Row(["theme", "records"], ["(no theme)", (double)_rows.NoTheme]))
            .Concat(_rows.Errors > 0 ? [Row(["theme", "records"], ["(not tagged: error)", (double)_rows.Errors])] : [])
            .ToList();
        var sheets = new Dictionary<string, object>
        {
            ["tagged"] = _rows.Rows().Select(r => Row(header, r)),
            ["theme counts"] = counts,
        };
        Save(stream, sheets);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _rows.Dispose();
        return stream.DisposeAsync();
    }

    /// <summary>Writes sheets (name → rows of column → value) with <see cref="Configuration"/>.</summary>
    internal static void Save(Stream stream, Dictionary<string, object> sheets) =>
        stream.SaveAs(sheets, excelType: ExcelType.XLSX, configuration: Configuration);

    /// <summary>One row as MiniExcel takes it: column → value, in column order.</summary>
    internal static Dictionary<string, object?> Row(IReadOnlyList<string> header, IReadOnlyList<object?> cells)
    {
        var row = new Dictionary<string, object?>(header.Count);
        for (var i = 0; i < header.Count; i++)
        {
            row[header[i]] = cells[i] ?? string.Empty;
        }

        return row;
    }
}
