using CsvHelper;
using ThemeClassifier.Data;

namespace ThemeClassifier.Cli.IO;

/// <summary>
/// Loads hand-coded posts from <c>.jsonl</c> files, <c>.csv</c> files (columns <c>id,text,themes</c>, themes
/// <c>;</c>-separated, as written by <c>themes suggest</c>) and folders of them. Every problem is listed with file
/// and line.
/// </summary>
internal static class CodedData
{
    /// <summary>The codebook to use: the one named, else <c>codebook.json</c> in the first folder, else next to the first file.</summary>
    public static string DefaultCodebookPath(IReadOnlyList<string> paths, string? codebook)
    {
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

    /// <summary>Loads and validates the data against the codebook file.</summary>
    /// <exception cref="TrainingDataException">Any problem in any file.</exception>
    public static TrainingData Load(IReadOnlyList<string> paths, string codebookPath) => Load(paths, Codebook.Load(codebookPath));

    /// <summary>Loads and validates the data against a codebook: <c>.jsonl</c> files, and <c>.csv</c> files through <see cref="ReadCsv"/>.</summary>
    /// <exception cref="TrainingDataException">Any problem in any file.</exception>
    public static TrainingData Load(IReadOnlyList<string> paths, Codebook codebook) =>
        TrainingData.Load(codebook, paths, new Dictionary<string, CodedFileReader> { [".csv"] = ReadCsv });

    /// <summary>Reads a CSV of coded posts: columns id, text, themes (theme ids separated by ';'; empty for none).</summary>
    public static IReadOnlyList<CodedPost> ReadCsv(string path, Codebook codebook, List<DataError> errors)
    {
        var posts = new List<CodedPost>();
        var malformed = new Dictionary<long, string>();
        using var csv = CsvReader.Create(new StreamReader(path), CsvOptions.Reader(path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? "\t" : ",", malformed));
        csv.ReadHeader();
        if (csv.Headers is not { Count: > 0 } headers)
        {
            errors.Add(new DataError(new SourceLocation(path, 1), null, "no header row (expected id,text,themes)"));
            return posts;
        }

        var header = headers.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToArray();
        int id = Array.IndexOf(header, "id"), text = Array.IndexOf(header, "text"), themes = Array.IndexOf(header, "themes");
        var missing = new[] { ("id", id), ("text", text), ("themes", themes) }.Where(c => c.Item2 < 0).Select(c => c.Item1).ToArray();
        if (missing.Length > 0)
        {
            errors.Add(new DataError(new SourceLocation(path, 1), null, $"missing column(s) {string.Join(", ", missing)} (expected id,text,themes)"));
            return posts;
        }

        while (true)
        {
            try
            {
                if (!csv.Read())
                {
                    break;
                }
            }
            catch (CsvFormatException ex)
            {
                errors.Add(new DataError(new SourceLocation(path, (int)Math.Max(1, csv.LineNumber)), null, $"malformed CSV: {ex.Message.Split('\n')[0].Trim()}"));
                break;
            }

            var where = new SourceLocation(path, (int)csv.LineNumber);
            if (malformed.Remove(csv.LineNumber, out var reason))
            {
                errors.Add(new DataError(where, null, $"malformed CSV row: {reason}"));
                continue;
            }

            if (csv.FieldCount != header.Length)
            {
                errors.Add(new DataError(where, null, $"malformed CSV row: {csv.FieldCount} field(s), the header has {header.Length}"));
                continue;
            }

            var before = errors.Count;
            var idValue = csv.GetString(id) ?? string.Empty;
            var textValue = csv.GetString(text) ?? string.Empty;
            if (string.IsNullOrWhiteSpace(idValue))
            {
                errors.Add(new DataError(where, "id", "is empty"));
            }

            if (string.IsNullOrWhiteSpace(textValue))
            {
                errors.Add(new DataError(where, "text", "is empty"));
            }

            var themeIds = (csv.GetString(themes) ?? string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var ids = CodedPostReader.CheckThemes(themeIds, where, codebook, errors);

            if (errors.Count == before)
            {
                posts.Add(new CodedPost(idValue.Trim(), textValue, ids) { Source = where });
            }
        }

        return posts;
    }
}
