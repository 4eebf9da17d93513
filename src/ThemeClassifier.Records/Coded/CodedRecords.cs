using System.Text.RegularExpressions;
using ThemeClassifier.Data;

namespace ThemeClassifier.Records;

/// <summary>
/// Hand-coded posts for training and evaluation. <c>.csv</c>/<c>.tsv</c> and <c>.xlsx</c> files are read by the same
/// readers as <c>themes tag</c> (<see cref="RecordReader"/>: separator, byte order mark and encoding detected, rows of
/// empty fields skipped) and need columns <c>id</c>, <c>text</c> and <c>themes</c> (theme ids separated by <c>;</c>,
/// empty for none; other columns are ignored, <c>author</c> and <c>question</c> kept). <c>.jsonl</c> files are read
/// by the core library's <see cref="CodedPostReader"/>. Every problem is listed with file and line.
/// </summary>
public static partial class CodedRecords
{
    /// <summary>The message for an id Excel turned into a number.</summary>
    public const string MangledIdHelp = "Excel turned the id into a number: format the id column as Text before saving, or re-export from 'themes suggest --output x.xlsx'";

    /// <summary>The readers of the tabular formats, by extension, for <see cref="TrainingData.Load(Codebook, IEnumerable{string}, IReadOnlyDictionary{string, CodedFileReader}?)"/>.</summary>
    /// <param name="warn">Where warnings go (a guessed legacy encoding); null to drop them.</param>
    public static IReadOnlyDictionary<string, CodedFileReader> Readers(Action<string>? warn = null)
    {
        CodedFileReader read = (path, codebook, errors) => Read(path, codebook, errors, warn);
        return new Dictionary<string, CodedFileReader>(StringComparer.OrdinalIgnoreCase) { [".csv"] = read, [".tsv"] = read, [".xlsx"] = read };
    }

    /// <summary>The codebook to use: the one named, else <c>codebook.json</c> in the first folder, else next to the first file.</summary>
    public static string DefaultCodebookPath(IReadOnlyList<string> paths, string? codebook)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (codebook is not null)
        {
            return codebook;
        }

        var firstDirectory = paths.FirstOrDefault(Directory.Exists);
        if (firstDirectory is not null)
        {
            return Path.Combine(firstDirectory, TrainingData.CodebookFileName);
        }

        var first = paths.Count > 0 ? paths[0] : ".";
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(first)) ?? ".", TrainingData.CodebookFileName);
    }

    /// <summary>Loads and validates the data (<c>.jsonl</c>, <c>.csv</c>, <c>.tsv</c>, <c>.xlsx</c> files and folders of them) against the codebook file.</summary>
    /// <exception cref="TrainingDataException">Any problem in any file.</exception>
    public static TrainingData Load(IReadOnlyList<string> paths, string codebookPath, Action<string>? warn = null) => Load(paths, Codebook.Load(codebookPath), warn);

    /// <summary>Loads and validates the data against a codebook.</summary>
    /// <exception cref="TrainingDataException">Any problem in any file.</exception>
    public static TrainingData Load(IReadOnlyList<string> paths, Codebook codebook, Action<string>? warn = null) =>
        TrainingData.Load(codebook, paths, Readers(warn));

    /// <summary>Reads the coded posts of a CSV, TSV or xlsx file, adding every problem (file, line, field) to <paramref name="errors"/>.</summary>
    public static IReadOnlyList<CodedPost> Read(string path, Codebook codebook, List<DataError> errors, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(errors);
        var posts = new List<CodedPost>();
        var top = new SourceLocation(path, 1);
        IRecordReader reader;
        try
        {
            reader = RecordReader.Open(path, TextReader.Null, RecordFormats.FromExtension(path) == RecordFormat.Xlsx ? RecordFormat.Xlsx : RecordFormat.Csv, null, warn);
        }
        catch (RecordsException ex)
        {
            errors.Add(new DataError(top, null, ex.Message.Replace($"{path}: ", string.Empty, StringComparison.Ordinal) + " (expected id,text,themes)"));
            return posts;
        }

        using (reader)
        {
            var columns = reader.Columns ?? [];
            var missing = new[] { "id", "themes" }.Where(c => !columns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToArray();
            if (missing.Length > 0)
            {
                errors.Add(new DataError(top, null, $"missing column(s) {string.Join(", ", missing)} (expected id,text,themes; found {string.Join(", ", columns)})"));
                return posts;
            }

            foreach (var record in reader.ReadAsync().ToBlockingEnumerable())
            {
                var where = new SourceLocation(path, record.Line);
                if (record.Error is not null)
                {
                    errors.Add(new DataError(where, null, record.Error));
                    continue;
                }

                var before = errors.Count;
                var id = Unwrap(record.Field(["id"]) ?? string.Empty).Trim();
                if (id.Length == 0)
                {
                    errors.Add(new DataError(where, "id", "is empty"));
                }
                else if (IsMangled(id))
                {
                    errors.Add(new DataError(where, "id", $"'{id}': {MangledIdHelp}"));
                }

                if (string.IsNullOrWhiteSpace(record.Text))
                {
                    errors.Add(new DataError(where, "text", "is empty"));
                }

                var themeIds = (record.Field(["themes"]) ?? string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var themes = CodedPostReader.CheckThemes(themeIds, where, codebook, errors);
                if (errors.Count == before)
                {
                    posts.Add(new CodedPost(id, record.Text!, themes)
                    {
                        Source = where,
                        Author = Blank(record.Field(["author"])),
                        Question = Blank(record.Field(["question"])),
                    });
                }
            }
        }

        return posts;
    }

    /// <summary>Whether an id is what Excel makes of a long number: scientific notation (<c>1.86E+18</c>).</summary>
    public static bool IsMangled(string id) => MangledId().IsMatch(id ?? string.Empty);

    /// <summary>An id as written for a spreadsheet (<c>="1860000000000000000"</c>, so Excel keeps it as text) back to the id.</summary>
    public static string Unwrap(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var t = id.Trim();
        return t.Length >= 4 && t.StartsWith("=\"", StringComparison.Ordinal) && t.EndsWith('"') ? t[2..^1] : id;
    }

    /// <summary>An id as it must be written in a CSV for Excel to keep it: an all-digit id longer than 15 digits (Excel keeps 15) as <c>="…"</c>; others as they are.</summary>
    public static string ForSpreadsheet(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.Length > 15 && id.All(char.IsAsciiDigit) ? $"=\"{id}\"" : id;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [GeneratedRegex(@"^[+-]?\d+([.,]\d+)?[eE][+-]?\d+$")]
    private static partial Regex MangledId();
}
