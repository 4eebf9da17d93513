using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ThemeClassifier.Prediction;

namespace ThemeClassifier.Records;

/// <summary>
/// The rows of a table of tagged records (CSV, xlsx), whose columns are known only at the end (JSON lines and Twitter
/// records differ in their fields): each record is kept as its JSON line (<see cref="JsonLinesRecordWriter.Format"/>,
/// so the <c>input_…</c> rule is the same) in a temporary file, with its columns collected in first-seen order; memory
/// holds the column names and the theme counts only. Columns: the record's fields (as text, numbers as written), then
/// <c>themes</c> (ids joined by <c>;</c>), <c>top_theme</c>, <c>top_probability</c>, <c>relevance</c> (the probability that
/// the post is about any theme, which the no-theme gate compares with its threshold), one probability per theme in
/// codebook order, then <c>error_line</c> and <c>error</c> when a record could not be tagged. An input column named
/// like one of ours is replaced by ours, so re-tagging a tagged sheet gives the same sheet. The <see cref="PostContext"/>
/// fields (<c>question</c>, <c>role</c>, <c>language</c>, <c>skipped</c>) are fields of the JSON line like the input's,
/// so an input <c>question</c> column keeps its place and holds ours (the input's, when different, as <c>input_question</c>).
/// </summary>
internal sealed class TabularBuffer : IDisposable
{
    private readonly HashSet<string> _ourColumns;
    private readonly IReadOnlyList<string> _themeIds;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"themes-rows-{Guid.NewGuid():N}.jsonl");
    private readonly StreamWriter _writer;
    private readonly List<string> _columns = [];
    private readonly HashSet<string> _known = [];

    /// <param name="themeIds">The codebook's theme ids, in order.</param>
    /// <param name="columns">The input's columns when known up front (a CSV or workbook header), so that they head the table even before (or without) a record.</param>
    public TabularBuffer(IReadOnlyList<string> themeIds, IReadOnlyList<string>? columns)
    {
        _themeIds = themeIds;
        _ourColumns = ["themes", "scores", "relevance", "top_theme", "top_probability", "error_line", "error", .. themeIds];
        foreach (var column in columns ?? [])
        {
            if (!_ourColumns.Contains(column) && _known.Add(column))
            {
                _columns.Add(column);
            }
        }

        _writer = new StreamWriter(new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose), new UTF8Encoding(false));
        ThemeCounts = new int[themeIds.Count];
    }

    /// <summary>Records written.</summary>
    public int Records { get; private set; }

    /// <summary>Records that could not be tagged.</summary>
    public int Errors { get; private set; }

    /// <summary>Tagged records with no theme (skipped ones not counted).</summary>
    public int NoTheme { get; private set; }

    /// <summary>Tagged records given no themes on purpose (<see cref="PostContext.Skipped"/>).</summary>
    public int Skipped { get; private set; }

    /// <summary>Tagged records having each theme, in codebook order.</summary>
    public int[] ThemeCounts { get; }

    /// <summary>The header: input columns, then ours.</summary>
    public IReadOnlyList<string> Header =>
        [.. _columns, "themes", "top_theme", "top_probability", "relevance", .. _themeIds, .. Errors > 0 ? (string[])["error_line", "error"] : []];

    public async ValueTask AddAsync(Record record, ThemePrediction? prediction, PostContext? context, CancellationToken cancellationToken)
    {
        var line = JsonLinesRecordWriter.Format(record, prediction, _themeIds, context);
        var tagged = prediction is not null && record.Error is null;
        foreach (var (name, _) in JsonNode.Parse(line)!.AsObject())
        {
            if (!IsOurs(name, tagged) && !_ourColumns.Contains(name) && _known.Add(name))
            {
                _columns.Add(name);
            }
        }

        Records++;
        if (prediction is null || record.Error is not null)
        {
            Errors++;
            await _writer.WriteLineAsync($"[null,0,{line}]".AsMemory(), cancellationToken).ConfigureAwait(false);
            return;
        }

        var skipped = context?.Skipped is not null;
        Skipped += skipped ? 1 : 0;
        NoTheme += !skipped && prediction.Themes.Count == 0 ? 1 : 0;
        foreach (var theme in skipped ? [] : prediction.Themes)
        {
            var i = IndexOf(theme);
            if (i >= 0)
            {
                ThemeCounts[i]++;
            }
        }

        var top = prediction.Scores[0];
        await _writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"[{JsonSerializer.Serialize(top.ThemeId)},{Math.Round((double)top.Probability, 4)},{line}]").AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The rows in order, each as many cells as <see cref="Header"/>: strings, and doubles for probabilities (null when not tagged).</summary>
    public IEnumerable<object?[]> Rows()
    {
        _writer.Flush();
        var stream = _writer.BaseStream;
        stream.Position = 0;
        var header = Header;
        var reader = new StreamReader(stream, new UTF8Encoding(false), false, 1 << 16);
        while (reader.ReadLine() is { } text)
        {
            var item = JsonNode.Parse(text)!.AsArray();
            var fields = item[2]!.AsObject();
            var row = new object?[header.Count];
            for (var i = 0; i < _columns.Count; i++)
            {
                var tagged = item[0] is not null;
                var name = _columns[i];
                row[i] = IsOurs(name, tagged) ? null : fields[name] switch
                {
                    null => fields.ContainsKey(name) ? string.Empty : null,
                    JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                    JsonNode n => n.ToJsonString(),
                };
            }

            if (item[0] is null)
            {
                row[^2] = fields["line"]!.ToJsonString();
                row[^1] = fields["error"]!.GetValue<string>();
            }
            else
            {
                var c = _columns.Count;
                row[c] = string.Join(';', fields["themes"]!.AsArray().Select(t => t!.GetValue<string>()));
                row[c + 1] = item[0]!.GetValue<string>();
                row[c + 2] = item[1]!.GetValue<double>();
                row[c + 3] = fields["relevance"]!.GetValue<double>();
                var scores = fields["scores"]!.AsObject();
                for (var t = 0; t < _themeIds.Count; t++)
                {
                    row[c + 4 + t] = scores[_themeIds[t]]!.GetValue<double>();
                }
            }

            yield return row;
        }
    }

    public void Dispose() => _writer.Dispose();

    private int IndexOf(string theme)
    {
        for (var i = 0; i < _themeIds.Count; i++)
        {
            if (_themeIds[i] == theme)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether a field of a formatted line is the writer's own (the model's output on a tagged record, else <c>line</c> and <c>error</c>), not a column of the input.</summary>
    private static bool IsOurs(string name, bool tagged) => tagged ? JsonLinesRecordWriter.IsOurs(name) : name is "line" or "error";
}
