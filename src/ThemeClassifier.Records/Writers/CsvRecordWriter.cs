using System.Globalization;
using CsvHelper;
using ThemeClassifier.Prediction;

namespace ThemeClassifier.Records;

/// <summary>
/// Tagged records as CSV for a spreadsheet: the columns of <see cref="TabularBuffer"/> (the record's fields, then
/// <c>themes</c> joined by <c>;</c>, <c>top_theme</c>, <c>top_probability</c>, <c>relevance</c> and one probability column per theme).
/// The rows are buffered in a temporary file and written on <see cref="CompleteAsync"/>, when every column is known.
/// </summary>
internal sealed class CsvRecordWriter(TextWriter writer, IReadOnlyList<string> themeIds, IReadOnlyList<string>? columns, bool ownsWriter) : IRecordWriter
{
    private readonly TabularBuffer _rows = new(themeIds, columns);

    public ValueTask WriteAsync(Record record, ThemePrediction? prediction, PostContext? context, CancellationToken cancellationToken = default) =>
        _rows.AddAsync(record, prediction, context, cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        await using (var csv = CsvWriter.Create(writer, CsvOptions.Writer, leaveOpen: true))
        {
            csv.WriteHeader([.. _rows.Header]);
            foreach (var row in _rows.Rows())
            {
                await csv.WriteRecordAsync(row.Select(Cell).ToArray(), cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _rows.Dispose();
        if (ownsWriter)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Cell(object? value) => value switch
    {
        null => string.Empty,
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
