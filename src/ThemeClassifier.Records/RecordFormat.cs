namespace ThemeClassifier.Records;

/// <summary>The formats records are read from and written to.</summary>
public enum RecordFormat
{
    /// <summary>Detect from the file extension, else from the content.</summary>
    Auto,

    /// <summary>JSON lines: one object a line, with a <c>text</c> field.</summary>
    Jsonl,

    /// <summary>CSV with a header row (separator <c>,</c>, <c>;</c> or tab detected).</summary>
    Csv,

    /// <summary>Plain text, one post a line (read only).</summary>
    Text,

    /// <summary>Twitter API v2 search responses: <c>{"data":[{"id","text",…}]}</c>, one or several (read only).</summary>
    Twitter,

    /// <summary>An Excel workbook (<c>.xlsx</c>): the first sheet, header row first.</summary>
    Xlsx,
}

/// <summary>Format names and file extensions, in one place.</summary>
public static class RecordFormats
{
    /// <summary>The format a name given on a command line stands for (Auto for none); null when unknown.</summary>
    public static RecordFormat? Parse(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "auto" => RecordFormat.Auto,
        "jsonl" or "ndjson" or "json" => RecordFormat.Jsonl,
        "csv" or "tsv" => RecordFormat.Csv,
        "text" or "txt" => RecordFormat.Text,
        "twitter" => RecordFormat.Twitter,
        "xlsx" or "excel" => RecordFormat.Xlsx,
        _ => null,
    };

    /// <summary>The format of a path's extension; Auto when the extension says nothing.</summary>
    public static RecordFormat FromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jsonl" or ".ndjson" or ".jsonlines" => RecordFormat.Jsonl,
        ".csv" or ".tsv" => RecordFormat.Csv,
        ".txt" or ".text" => RecordFormat.Text,
        ".xlsx" => RecordFormat.Xlsx,
        _ => RecordFormat.Auto,
    };
}
