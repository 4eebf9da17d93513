using CsvHelper;

namespace ThemeClassifier.Records;

/// <summary>The CsvHelper settings every CSV of the tool is read and written with.</summary>
internal static class CsvOptions
{
    /// <summary>A record longer than this (1 MiB: a tweet export row is a few KiB) is malformed: a quote that never closes.</summary>
    public const int MaxRecordBytes = 1 << 20;

    /// <summary>A record over more lines than this is malformed: a quote that never closes, closed by chance far below.</summary>
    public const int MaxLinesPerRecord = 100;

    /// <summary>Header row, line numbers tracked, malformed quoting recovered but reported into <paramref name="malformed"/> (by start line).</summary>
    public static CsvReaderOptions Reader(string? separator, Dictionary<long, string> malformed)
    {
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            MaxRecordSize = MaxRecordBytes,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = record => malformed[record.LineNumber] = Describe(record.Reason),
        };
        if (separator is not null)
        {
            options = options with { Separator = separator[0] };
        }

        return options;
    }

    /// <summary>RFC 4180, and post texts written as they are (a tweet starting with @ or - is not a formula).</summary>
    public static CsvWriterOptions Writer { get; } = new() { Injection = CsvInjection.None, NewLine = "\n" };

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a stray quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a field",
        CsvMalformedReason.UnterminatedQuote => "a quoted field that is never closed",
        CsvMalformedReason.LineBreakInQuotes => "a line break inside a quoted field",
        CsvMalformedReason.FieldCountMismatch => "the field count differs from the header",
        _ => reason.ToString(),
    };
}
