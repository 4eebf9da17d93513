using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ThemeClassifier.Data;

namespace ThemeClassifier.Cli.Infrastructure;

/// <summary>
/// Each human coder's own coding in a labelled <c>.jsonl</c> file: fields named <c>themes_&lt;coder&gt;</c> (e.g.
/// <c>themes_coder1</c>, <c>themes_coder2</c>) beside the agreed <c>themes</c>, as a list of theme ids or one
/// <c>;</c>-separated string. Posts without a coder's field are left out of that coder's comparisons.
/// </summary>
internal static class CoderColumns
{
    /// <summary>Coder name → post id → that coder's themes; empty when the files have no coder fields.</summary>
    public static IReadOnlyDictionary<string, Dictionary<string, IReadOnlyList<string>>> Read(IEnumerable<string> paths, Codebook codebook)
    {
        var coders = new SortedDictionary<string, Dictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal);
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, "*.jsonl").Order(StringComparer.Ordinal).ToArray() : new[] { p })
            .Where(p => p.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase));
        foreach (var file in files)
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                JObject record;
                try
                {
                    record = JObject.Parse(line);
                }
                catch (JsonReaderException)
                {
                    continue; // the coded-data loader has already reported it
                }

                var id = record.Value<string>("id");
                foreach (var field in record.Properties().Where(f => f.Name.StartsWith("themes_", StringComparison.Ordinal)))
                {
                    var themes = field.Value switch
                    {
                        JArray a => a.Select(x => (string?)x ?? string.Empty).ToArray(),
                        JValue { Type: JTokenType.String } v => ((string)v!).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                        _ => null,
                    };
                    var unknown = themes?.FirstOrDefault(t => !codebook.Contains(t));
                    if (id is null || themes is null || unknown is not null)
                    {
                        throw new InputException($"{file}:{lineNumber}: field '{field.Name}': {(unknown is null ? "must be a list of theme ids" : $"unknown theme id '{unknown}'")}");
                    }

                    var coder = field.Name["themes_".Length..];
                    if (!coders.TryGetValue(coder, out var coded))
                    {
                        coders[coder] = coded = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                    }

                    coded[id] = themes;
                }
            }
        }

        return coders;
    }
}
