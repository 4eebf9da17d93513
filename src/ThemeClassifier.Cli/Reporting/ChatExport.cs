using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Records;
using ThemeClassifier.Reporting;

namespace ThemeClassifier.Cli.Reporting;

/// <summary>
/// Reads a chat export for <c>report</c> and <c>export</c> through the records layer: <c>themes tag</c> output (JSON
/// lines with <c>themes</c> and <c>scores</c>, or CSV/xlsx with <c>themes</c> joined by <c>;</c> and a probability column per
/// theme) or an untagged export in any format <c>tag</c> reads, which is tagged here with the model. Export columns are recognised by their usual
/// names: author, time, likes, impressions, link, question.
/// </summary>
internal static class ChatExport
{
    private static readonly string[] AuthorNames = ["author", "username", "screen_name", "Screen name", "user", "handle", "from_user", "Username"];
    private static readonly string[] TimeNames = ["created_at", "time", "Tweet date", "date", "timestamp", "datetime"];
    private static readonly string[] LikeNames = ["likes", "like_count", "favorite_count", "favorites"];
    private static readonly string[] ImpressionNames = ["impressions", "impression_count", "reach"];
    private static readonly string[] LinkNames = ["permalink", "url", "link", "Tweet permalink"];
    private static readonly string[] ScorePrefixes = ["", "score_", "score:", "scores.", "p_"];

    /// <summary>
    /// Reads the export (any format <c>themes tag</c> reads or writes) and tags it with <paramref name="tagger"/> unless
    /// every record already has themes and scores. Posts are themed as <c>tag</c> themes them: a post the
    /// <paramref name="policy"/> skips (a host question, a post not in English) gets its scores and no theme.
    /// </summary>
    /// <exception cref="RecordsException">The file is missing or has no text column.</exception>
    /// <exception cref="InputException">The file has no post with text.</exception>
    public static ChatInput Load(string path, string? textColumn, ThemeTagger tagger, ChatPolicy policy, CancellationToken cancellationToken)
    {
        var records = new List<(Record Record, ChatPost? Post, bool Tagged)>();
        using (var reader = RecordReader.Open(path, TextReader.Null, RecordFormat.Auto, textColumn))
        {
            foreach (var record in reader.ReadAsync(cancellationToken).ToBlockingEnumerable(cancellationToken))
            {
                var (post, hasThemes) = FromRecord(record, tagger);
                records.Add((record, post, hasThemes));
            }
        }

        var readable = records.Where(r => r.Post is not null).ToArray();
        if (readable.Length == 0)
        {
            throw new InputException($"{path}: no posts with text (looked for {string.Join(", ", textColumn is null ? Record.TextColumnNames : [textColumn])})");
        }

        var tagged = readable.All(r => r.Tagged);
        var posts = readable.Select(r => r.Post!).ToArray();
        if (!tagged)
        {
            var predictions = tagger.PredictBatch(posts.Select(p => p.Text).ToArray(), cancellationToken);
            posts = posts.Select((p, i) => p with
            {
                Themes = policy.Decide(readable[i].Record).Skipped is null ? predictions[i].Themes : [],
                Scores = predictions[i].Scores.ToDictionary(s => s.ThemeId, s => s.Probability),
            }).ToArray();
        }

        return new ChatInput(posts, records.Count - readable.Length, tagged, tagged ? null : policy);
    }

    /// <summary>A record as a chat post; none for an unreadable record, one without text, or an <c>error</c> line of <c>themes tag</c> output.</summary>
    private static (ChatPost? Post, bool Tagged) FromRecord(Record record, ThemeTagger tagger)
    {
        if (record.Error is not null || string.IsNullOrWhiteSpace(record.Text) || !string.IsNullOrWhiteSpace(record.Field(["error"])))
        {
            return (null, false);
        }

        var metrics = Find(record.Fields, "public_metrics") as JsonObject;
        var post = new ChatPost
        {
            Text = record.Text.Trim(),
            Id = Trimmed(record.Id),
            Author = Handle(Trimmed(record.Field(AuthorNames))),
            Time = ParseTime(Trimmed(record.Field(TimeNames))),
            Likes = ParseCount(Trimmed(record.Field(LikeNames)) ?? Scalar(metrics, "like_count")),
            Impressions = ParseCount(Trimmed(record.Field(ImpressionNames)) ?? Scalar(metrics, "impression_count")),
            Link = ParseLink(Trimmed(record.Field(LinkNames))),
            Question = Trimmed(record.Field(["question"])),
        };
        var themes = Find(record.Fields, "themes") switch
        {
            JsonArray a => a.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToArray(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            _ => null,
        };
        var scores = Find(record.Fields, "scores") is JsonObject o
            ? o.Where(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.Number).ToDictionary(p => p.Key, p => p.Value!.GetValue<float>())
            : tagger.Codebook.Ids
                .Select(id => (id, value: float.TryParse(record.Field(ScorePrefixes.Select(prefix => prefix + id)), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : float.NaN))
                .Where(x => !float.IsNaN(x.value))
                .ToDictionary(x => x.id, x => x.value);
        return themes is not null && scores.Count > 0 && themes.All(tagger.Codebook.Contains)
            ? (post with { Themes = themes, Scores = scores }, true)
            : (post, false);
    }

    private static JsonNode? Find(JsonObject fields, string name) =>
        fields.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Scalar(JsonObject? o, string name) =>
        o is null ? null : new Record(0, o, null, null).Field([name]);

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

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
/// <param name="Policy">The rules the model's tagging here followed, with the posts they skipped; null when the file was already tagged.</param>
internal sealed record ChatInput(IReadOnlyList<ChatPost> Posts, int Skipped, bool WasTagged, ChatPolicy? Policy);
