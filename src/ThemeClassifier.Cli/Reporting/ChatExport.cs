using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Reporting;

namespace ThemeClassifier.Cli.Reporting;

/// <summary>
/// Reads a chat export for <c>report</c> and <c>export</c>: <c>themes tag</c> output (JSON lines with <c>themes</c>
/// and <c>scores</c>, or CSV with <c>themes</c> joined by <c>;</c> and a probability column per theme) or an untagged
/// export (JSON lines or CSV), which is tagged here with the model. Export columns are recognised by their usual
/// names: author, time, likes, impressions, link, question.
/// </summary>
internal static class ChatExport
{
    private static readonly string[] TextNames = ["text", "Tweet text", "full_text", "tweet", "content", "body", "message", "post"];
    private static readonly string[] IdNames = ["id", "Tweet id", "tweet_id", "status_id"];
    private static readonly string[] AuthorNames = ["author", "username", "screen_name", "Screen name", "user", "handle", "from_user", "Username"];
    private static readonly string[] TimeNames = ["created_at", "time", "Tweet date", "date", "timestamp", "datetime"];
    private static readonly string[] LikeNames = ["likes", "like_count", "favorite_count", "favorites"];
    private static readonly string[] ImpressionNames = ["impressions", "impression_count", "reach"];
    private static readonly string[] LinkNames = ["permalink", "url", "link", "Tweet permalink"];
    private static readonly string[] ScorePrefixes = ["", "score_", "score:", "scores.", "p_"];

    /// <summary>Reads the export and tags it with <paramref name="tagger"/> unless every record already has themes and scores.</summary>
    /// <exception cref="InputException">The file is missing or has no post text.</exception>
    public static ChatInput Load(string path, string? textColumn, ThemeTagger tagger, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"input file not found: {path}");
        }

        var records = IsCsv(path) ? ReadCsv(path, textColumn, tagger) : ReadJsonLines(path, textColumn, tagger);
        var readable = records.Where(r => r.Post is not null).ToArray();
        if (readable.Length == 0)
        {
            throw new InputException($"{path}: no posts with text (looked for {string.Join(", ", textColumn is null ? TextNames : [textColumn])})");
        }

        var tagged = readable.All(r => r.Tagged);
        var posts = readable.Select(r => r.Post!).ToArray();
        if (!tagged)
        {
            var predictions = tagger.PredictBatch(posts.Select(p => p.Text).ToArray(), cancellationToken);
            posts = posts.Select((p, i) => p with
            {
                Themes = predictions[i].Themes,
                Scores = predictions[i].Scores.ToDictionary(s => s.ThemeId, s => s.Probability),
            }).ToArray();
        }

        return new ChatInput(posts, records.Count - readable.Length, tagged);
    }

    private static bool IsCsv(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".csv" or ".tsv")
        {
            return true;
        }

        if (ext is ".jsonl" or ".ndjson" or ".json")
        {
            return false;
        }

        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, true);
        return reader.ReadLine()?.TrimStart('\uFEFF', ' ').StartsWith('{') != true;
    }

    private sealed record Record(ChatPost? Post, bool Tagged);

    private static List<Record> ReadJsonLines(string path, string? textColumn, ThemeTagger tagger)
    {
        var records = new List<Record>();
        foreach (var line in File.ReadLines(path, System.Text.Encoding.UTF8))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                records.Add(FromJson(doc.RootElement, textColumn, tagger));
            }
            catch (JsonException)
            {
                records.Add(new Record(null, false));
            }
        }

        return records;
    }

    private static Record FromJson(JsonElement o, string? textColumn, ThemeTagger tagger)
    {
        if (o.ValueKind != JsonValueKind.Object || Find(o, "error") is not null)
        {
            return new Record(null, false);
        }

        var text = Find(o, textColumn is null ? TextNames : [textColumn]) is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;
        if (string.IsNullOrEmpty(text))
        {
            return new Record(null, false);
        }

        var metrics = Find(o, "public_metrics") is { ValueKind: JsonValueKind.Object } m ? m : (JsonElement?)null;
        var themes = Find(o, "themes") is { ValueKind: JsonValueKind.Array } a
            ? a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
            : null;
        var scores = Find(o, "scores") is { ValueKind: JsonValueKind.Object } s
            ? s.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).ToDictionary(p => p.Name, p => p.Value.GetSingle())
            : null;
        var post = new ChatPost
        {
            Text = text,
            Id = Scalar(Find(o, IdNames)),
            Author = Handle(Scalar(Find(o, AuthorNames))),
            Time = ParseTime(Scalar(Find(o, TimeNames))),
            Likes = ParseCount(Scalar(Find(o, LikeNames) ?? (metrics is { } lm ? Find(lm, "like_count") : null))),
            Impressions = ParseCount(Scalar(Find(o, ImpressionNames) ?? (metrics is { } im ? Find(im, "impression_count") : null))),
            Link = ParseLink(Scalar(Find(o, LinkNames))),
            Question = Scalar(Find(o, "question")),
        };
        return WithThemes(post, themes, scores, tagger);
    }

    private static List<Record> ReadCsv(string path, string? textColumn, ThemeTagger tagger)
    {
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        };
        if (path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase))
        {
            options = options with { Separator = '\t' };
        }

        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, true);
        using var csv = CsvReader.Create(reader, options);
        var records = new List<Record>();
        csv.ReadHeader();
        if (csv.Headers is not { Count: > 0 } header)
        {
            return records;
        }

        var names = header.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        int Column(IEnumerable<string> wanted) => wanted
            .Select(w => Array.FindIndex(names, n => string.Equals(n, w, StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(i => i >= 0, -1);
        var scoreColumns = tagger.Codebook.Ids
            .Select(id => (id, index: Column(ScorePrefixes.Select(p => p + id))))
            .Where(x => x.index >= 0)
            .ToArray();
        var columns = (
            Text: Column(textColumn is null ? TextNames : [textColumn]),
            Id: Column(IdNames),
            Author: Column(AuthorNames),
            Time: Column(TimeNames),
            Likes: Column(LikeNames),
            Impressions: Column(ImpressionNames),
            Link: Column(LinkNames),
            Question: Column(["question"]),
            Themes: Column(["themes"]),
            Error: Column(["error"]));
        if (columns.Text < 0)
        {
            throw new InputException($"{path}: no text column (looked for {string.Join(", ", textColumn is null ? TextNames : [textColumn])}); name it with --text-column");
        }

        while (csv.Read())
        {
            string? Field(int index) => index >= 0 && index < csv.FieldCount && csv.GetString(index) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
            var text = Field(columns.Text);
            if (text is null || Field(columns.Error) is not null)
            {
                records.Add(new Record(null, false));
                continue;
            }

            var post = new ChatPost
            {
                Text = text,
                Id = Field(columns.Id),
                Author = Handle(Field(columns.Author)),
                Time = ParseTime(Field(columns.Time)),
                Likes = ParseCount(Field(columns.Likes)),
                Impressions = ParseCount(Field(columns.Impressions)),
                Link = ParseLink(Field(columns.Link)),
                Question = Field(columns.Question),
            };
            var themes = columns.Themes >= 0 ? (Field(columns.Themes) ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
            var scores = scoreColumns
                .Select(c => (c.id, value: float.TryParse(Field(c.index), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : float.NaN))
                .Where(x => !float.IsNaN(x.value))
                .ToDictionary(x => x.id, x => x.value);
            records.Add(WithThemes(post, themes, scores.Count > 0 ? scores : null, tagger));
        }

        return records;
    }

    /// <summary>A record is tagged when it has themes and scores; themes the model does not know make it untagged.</summary>
    private static Record WithThemes(ChatPost post, string[]? themes, Dictionary<string, float>? scores, ThemeTagger tagger) =>
        themes is not null && scores is not null && themes.All(tagger.Codebook.Contains)
            ? new Record(post with { Themes = themes, Scores = scores }, true)
            : new Record(post, false);

    private static JsonElement? Find(JsonElement o, params string[] names)
    {
        foreach (var name in names)
        {
            foreach (var p in o.EnumerateObject())
            {
                if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind != JsonValueKind.Null)
                {
                    return p.Value;
                }
            }
        }

        return null;
    }

    private static string? Scalar(JsonElement? e) => e switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString() is { Length: > 0 } v ? v.Trim() : null,
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => null,
    };

    private static string? Handle(string? author) =>
        author is null ? null : author.StartsWith('@') ? author : "@" + author;

    private static long? ParseCount(string? value) =>
        long.TryParse(value, NumberStyles.Integer | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) ? n
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)d
        : null;

    private static Uri? ParseLink(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;

    /// <summary>ISO 8601 and common export formats; Twitter's classic <c>Tue Jan 31 19:00:00 +0000 2023</c>. No zone: UTC.</summary>
    internal static DateTimeOffset? ParseTime(string? value)
    {
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces;
        return value is null ? null
            : DateTimeOffset.TryParseExact(value, "ddd MMM dd HH:mm:ss zzz yyyy", CultureInfo.InvariantCulture, styles, out var classic) ? classic
            : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, styles, out var t) ? t
            : null;
    }
}

/// <summary>The posts of a chat export, tagged.</summary>
/// <param name="Posts">The readable posts, in file order, with themes and scores.</param>
/// <param name="Skipped">Records without text or with an <c>error</c> (unreadable lines of <c>themes tag</c> output).</param>
/// <param name="WasTagged">Whether the file already had themes and scores (else the model tagged it here).</param>
internal sealed record ChatInput(IReadOnlyList<ChatPost> Posts, int Skipped, bool WasTagged);
