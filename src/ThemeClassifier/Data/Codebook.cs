using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ThemeClassifier.Data;

/// <summary>
/// The themes analysts code by, in a fixed order. Immutable and safe to share across threads.
/// </summary>
public sealed class Codebook
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a codebook; ids must be unique and non-empty.</summary>
    /// <exception cref="ArgumentException">An id is empty or repeated, or there are no themes.</exception>
    /// <param name="themes">The themes, in codebook order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="themes"/> is null.</exception>
    public Codebook(IEnumerable<Theme> themes)
    {
        ArgumentNullException.ThrowIfNull(themes);

        // Copied into read-only lists, so that no caller can change a codebook a model depends on.
        Themes = themes
            .Select(t => t with { Keywords = (t.Keywords ?? []).ToArray().AsReadOnly(), ReportHeadings = (t.ReportHeadings ?? []).ToArray().AsReadOnly() })
            .ToArray()
            .AsReadOnly();
        if (Themes.Count == 0)
        {
            throw new ArgumentException("A codebook needs at least one theme.", nameof(themes));
        }

        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Themes.Count; i++)
        {
            var id = Themes[i].Id;
            if (string.IsNullOrWhiteSpace(id) || !_index.TryAdd(id, i))
            {
                throw new ArgumentException($"Theme id '{id}' is empty or repeated.", nameof(themes));
            }
        }
    }

    /// <summary>The themes, in codebook order. Read-only.</summary>
    public IReadOnlyList<Theme> Themes { get; }

    /// <summary>The theme ids, in codebook order.</summary>
    public IEnumerable<string> Ids => Themes.Select(t => t.Id);

    /// <summary>Whether <paramref name="id"/> is a theme of this codebook.</summary>
    /// <param name="id">A theme id.</param>
    /// <returns><see langword="true"/> when the codebook has a theme with this id.</returns>
    public bool Contains(string id) => _index.ContainsKey(id);

    /// <summary>The position of theme <paramref name="id"/>, or -1.</summary>
    /// <param name="id">A theme id.</param>
    /// <returns>The theme's zero-based position in <see cref="Themes"/>, or -1 when there is none.</returns>
    public int IndexOf(string id) => _index.TryGetValue(id, out var i) ? i : -1;

    /// <summary>Whether both codebooks have the same theme ids in the same order.</summary>
    /// <param name="other">The codebook to compare with.</param>
    /// <returns><see langword="true"/> when the ids and their order agree.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool HasSameIds(Codebook other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Ids.SequenceEqual(other.Ids, StringComparer.Ordinal);
    }

    /// <summary>Reads a codebook file (<c>codebook.json</c>).</summary>
    /// <exception cref="TrainingDataException">The file is missing or malformed; the message names the field.</exception>
    /// <param name="path">The codebook file.</param>
    /// <returns>The codebook.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static Codebook Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new TrainingDataException([new DataError(new SourceLocation(path, 0), null, "codebook file not found")]);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses codebook JSON; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="TrainingDataException">The JSON is malformed; the message names the field.</exception>
    /// <param name="json">The codebook JSON.</param>
    /// <param name="sourceName">The name of the JSON's source, used in error messages.</param>
    /// <returns>The codebook.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static Codebook Parse(string json, string sourceName = "codebook.json")
    {
        ArgumentNullException.ThrowIfNull(json);
        var errors = new List<DataError>();
        JObject root;
        try
        {
            root = JObject.Parse(json);
        }
        catch (JsonReaderException ex)
        {
            throw new TrainingDataException([new DataError(new SourceLocation(sourceName, ex.LineNumber), null, $"not valid JSON: {ex.Message}")]);
        }

        if (root["themes"] is not JArray array)
        {
            throw new TrainingDataException([new DataError(new SourceLocation(sourceName, 1), "themes", "missing or not an array")]);
        }

        var themes = new List<Theme>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in array)
        {
            var where = new SourceLocation(sourceName, ((IJsonLineInfo)item).LineNumber);
            if (item is not JObject o)
            {
                errors.Add(new DataError(where, "themes", "each theme must be an object"));
                continue;
            }

            var id = o.Value<string>("id");
            var name = o.Value<string>("name");
            var description = o.Value<string>("description");
            if (string.IsNullOrWhiteSpace(id))
            {
                errors.Add(new DataError(where, "id", "missing or empty"));
                continue;
            }

            if (!seen.Add(id))
            {
                errors.Add(new DataError(where, "id", $"theme id '{id}' appears twice"));
            }

            if (string.IsNullOrWhiteSpace(description))
            {
                errors.Add(new DataError(where, "description", $"theme '{id}' has no description"));
            }

            themes.Add(new Theme(
                id,
                string.IsNullOrWhiteSpace(name) ? id : name,
                description ?? string.Empty,
                ReadStrings(o, "keywords", where, errors),
                ReadStrings(o, "reportHeadings", where, errors))
            {
                Include = ReadStrings(o, "include", where, errors),
                Exclude = ReadStrings(o, "exclude", where, errors),
                CounterExamples = ReadCounterExamples(o, where, errors),
            });
        }

        var ids = themes.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (theme, counter) in themes.SelectMany(t => t.CounterExamples.Select(c => (t, c))))
        {
            if (!ids.Contains(counter.ThemeId) || counter.ThemeId == theme.Id)
            {
                errors.Add(new DataError(new SourceLocation(sourceName, 0), "counterExamples", $"theme '{theme.Id}': a counter-example's theme must be another theme of the codebook, not '{counter.ThemeId}'"));
            }
        }

        if (themes.Count == 0 && errors.Count == 0)
        {
            errors.Add(new DataError(new SourceLocation(sourceName, 1), "themes", "no themes"));
        }

        if (errors.Count > 0)
        {
            throw new TrainingDataException(errors);
        }

        return new Codebook(themes);
    }

    /// <summary>The codebook as JSON, in the format <see cref="Parse"/> reads.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        var root = new JObject
        {
            ["version"] = 1,
            ["themes"] = new JArray(Themes.Select(t => new JObject
            {
                ["id"] = t.Id,
                ["name"] = t.Name,
                ["description"] = t.Description,
                ["keywords"] = new JArray(t.Keywords),
                ["reportHeadings"] = new JArray(t.ReportHeadings),
                ["include"] = new JArray(t.Include),
                ["exclude"] = new JArray(t.Exclude),
                ["counterExamples"] = new JArray(t.CounterExamples.Select(c => new JObject { ["text"] = c.Text, ["theme"] = c.ThemeId })),
            })),
        };
        return root.ToString(Formatting.Indented);
    }

    private static CounterExample[] ReadCounterExamples(JObject o, SourceLocation where, List<DataError> errors)
    {
        var token = o["counterExamples"];
        if (token is null || token.Type == JTokenType.Null)
        {
            return [];
        }

        if (token is not JArray a
            || a.Any(x => x is not JObject c || string.IsNullOrWhiteSpace(c.Value<string>("text")) || string.IsNullOrWhiteSpace(c.Value<string>("theme"))))
        {
            errors.Add(new DataError(where, "counterExamples", "must be an array of {\"text\", \"theme\"} objects with non-empty text and theme"));
            return [];
        }

        return a.Select(x => new CounterExample(x.Value<string>("text")!, x.Value<string>("theme")!)).ToArray();
    }

    private static string[] ReadStrings(JObject o, string field, SourceLocation where, List<DataError> errors)
    {
        var token = o[field];
        if (token is null || token.Type == JTokenType.Null)
        {
            return [];
        }

        if (token is not JArray a || a.Any(x => x.Type != JTokenType.String))
        {
            errors.Add(new DataError(where, field, "must be an array of strings"));
            return [];
        }

        return a.Select(x => (string)x!).ToArray();
    }
}
