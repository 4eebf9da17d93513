using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ThemeClassifier.Data;

/// <summary>
/// Reads hand-coded posts from JSON-lines files: one object a line with <c>id</c>, <c>text</c> and <c>themes</c>
/// (optionally <c>author</c>, <c>question</c>, <c>heading</c>). Every problem is reported with file and line;
/// nothing is silently dropped.
/// </summary>
public static class CodedPostReader
{
    /// <summary>Reads every record of a <c>.jsonl</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="codebook">Theme ids are checked against it.</param>
    /// <exception cref="TrainingDataException">Any line is malformed; lists every problem.</exception>
    public static IReadOnlyList<CodedPost> ReadFile(string path, Codebook codebook)
    {
        var errors = new List<DataError>();
        var posts = ReadFile(path, codebook, errors);
        if (errors.Count > 0)
        {
            throw new TrainingDataException(errors);
        }

        return posts;
    }

    /// <summary>Reads every record of a <c>.jsonl</c> file, adding problems to <paramref name="errors"/>.</summary>
    public static IReadOnlyList<CodedPost> ReadFile(string path, Codebook codebook, List<DataError> errors)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(errors);
        if (!File.Exists(path))
        {
            errors.Add(new DataError(new SourceLocation(path, 0), null, "file not found"));
            return [];
        }

        using var reader = new StreamReader(path);
        return Read(reader, path, codebook, errors);
    }

    /// <summary>Reads records from JSON lines; <paramref name="sourceName"/> names the source in errors.</summary>
    public static IReadOnlyList<CodedPost> Read(TextReader reader, string sourceName, Codebook codebook, List<DataError> errors)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(errors);
        var posts = new List<CodedPost>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var post = ParseLine(line, new SourceLocation(sourceName, lineNumber), codebook, errors);
            if (post is not null)
            {
                posts.Add(post);
            }
        }

        return posts;
    }

    /// <summary>Parses one JSON line; returns null and adds to <paramref name="errors"/> when it is invalid.</summary>
    public static CodedPost? ParseLine(string line, SourceLocation where, Codebook codebook, List<DataError> errors)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(where);
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(errors);
        JObject o;
        try
        {
            o = JObject.Parse(line);
        }
        catch (JsonReaderException ex)
        {
            errors.Add(new DataError(where, null, $"not a valid JSON object: {ex.Message}"));
            return null;
        }

        var before = errors.Count;
        var id = ReadString(o, "id", where, errors, required: true);
        var text = ReadString(o, "text", where, errors, required: true);
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new DataError(where, "text", "is empty"));
        }

        IReadOnlyList<string> themes = [];
        switch (o["themes"])
        {
            case null:
                errors.Add(new DataError(where, "themes", "missing (use [] for a post about none of the themes)"));
                break;
            case JArray a when a.All(t => t.Type == JTokenType.String):
                themes = CheckThemes(a.Select(t => (string)t!), where, codebook, errors);
                break;
            default:
                errors.Add(new DataError(where, "themes", "must be an array of theme ids"));
                break;
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new CodedPost(id!, text!, themes)
        {
            Author = ReadString(o, "author", where, errors, required: false),
            Question = ReadString(o, "question", where, errors, required: false),
            Heading = ReadString(o, "heading", where, errors, required: false),
            Source = where,
        };
    }

    /// <summary>
    /// The theme ids that are in the codebook, each once, in the given order; an unknown or repeated id is added to
    /// <paramref name="errors"/>. Shared by every reader of coded posts.
    /// </summary>
    public static IReadOnlyList<string> CheckThemes(IEnumerable<string> themeIds, SourceLocation where, Codebook codebook, List<DataError> errors)
    {
        ArgumentNullException.ThrowIfNull(themeIds);
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(errors);
        var themes = new List<string>();
        foreach (var themeId in themeIds)
        {
            if (!codebook.Contains(themeId))
            {
                var guess = Spelling.Closest(themeId, codebook.Ids);
                errors.Add(new DataError(where, "themes", $"unknown theme id '{themeId}' (not in the codebook{(guess is null ? string.Empty : $"; did you mean '{guess}'?")})"));
            }
            else if (themes.Contains(themeId))
            {
                errors.Add(new DataError(where, "themes", $"theme id '{themeId}' is listed twice"));
            }
            else
            {
                themes.Add(themeId);
            }
        }

        return themes;
    }

    private static string? ReadString(JObject o, string field, SourceLocation where, List<DataError> errors, bool required)
    {
        var token = o[field];
        if (token is null || token.Type == JTokenType.Null)
        {
            if (required)
            {
                errors.Add(new DataError(where, field, "missing"));
            }

            return null;
        }

        if (token.Type != JTokenType.String)
        {
            errors.Add(new DataError(where, field, "must be a string"));
            return null;
        }

        var value = (string)token!;
        if (required && field == "id" && string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new DataError(where, field, "is empty"));
            return null;
        }

        return value;
    }
}
