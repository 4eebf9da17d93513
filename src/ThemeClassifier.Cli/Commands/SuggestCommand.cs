using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Features;
using ThemeClassifier.Prediction;
using ThemeClassifier.Records;
using ThemeClassifier.Reporting;

namespace ThemeClassifier.Cli.Commands;

/// <summary>Settings of <c>themes suggest</c>.</summary>
internal sealed class SuggestSettings : InputSettings
{
    [CommandOption("-m|--model <MODEL>")]
    [Description("The model. Default: the shipped model.")]
    public string? Model { get; init; }

    [CommandOption("-n|--count <N>")]
    [Description("How many posts to pick.")]
    [DefaultValue(40)]
    public int Count { get; init; } = 40;

    [CommandOption("-o|--output|--out <FILE>")]
    [Description("The file to hand-code: .xlsx, .csv or .jsonl (columns id, text, themes, then author, time, permalink, question, retweet_of, model_scores, margin). 'themes train' reads it back.")]
    public string? Output { get; init; }

    [CommandOption("--data|--exclude <PATH>")]
    [Description("Posts already hand-coded (.jsonl, .csv, .xlsx files or folders; repeat for several): never suggested again, matched by id and by text (retweets and repeats included).")]
    public string[] Exclude { get; init; } = [];

    [CommandOption("--force")]
    [Description("Replace --output if it exists (without it, an existing file, perhaps already hand-coded, is never overwritten).")]
    public bool Force { get; init; }

    [CommandOption("--id-prefix <PREFIX>")]
    [Description("Prefix of the ids given to posts without one (PREFIX-0001, …); make it unique per batch, e.g. 2026-11.")]
    [DefaultValue("suggest")]
    public string IdPrefix { get; init; } = "suggest";

    [CommandOption("--similarity <J>")]
    [Description("Posts whose word overlap (Jaccard) with an already picked one reaches this are near-duplicates and skipped.")]
    [DefaultValue(0.7)]
    public double Similarity { get; init; } = 0.7;

    /// <summary>The format of the file to write.</summary>
    public RecordFormat OutputFormat => RecordFormats.FromExtension(Output ?? string.Empty);

    public override ValidationResult Validate() =>
        CheckInput(required: true) is { } error ? ValidationResult.Error(error)
        : Output is null ? ValidationResult.Error("--output is required (the file to hand-code: .xlsx, .csv or .jsonl)")
        : OutputFormat is not (RecordFormat.Csv or RecordFormat.Jsonl or RecordFormat.Xlsx) ? ValidationResult.Error("--output must end in .xlsx, .csv or .jsonl")
        : Count < 1 ? ValidationResult.Error("--count must be at least 1")
        : Similarity is <= 0 or > 1 ? ValidationResult.Error("--similarity must be in (0, 1]")
        : ValidationResult.Success();
}

/// <summary>
/// <c>themes suggest</c>: the posts most worth hand-coding next. A post's uncertainty is how close its most
/// uncertain decision is to flipping (<see cref="Margin"/>). Posts already coded
/// (<c>--data</c>) are skipped, retweets and repeats (same normalised text) are collapsed onto the original,
/// near-duplicates of a post already picked are skipped, and so are host questions and posts not in English
/// (<see cref="ChatPolicy"/>, unless <c>--tag-questions</c> or <c>--all-languages</c>).
/// </summary>
internal sealed class SuggestCommand(CliContext cli) : AsyncCommand<SuggestSettings>
{
    /// <summary>Context columns, each with the input fields it is taken from (case-insensitive, first found).</summary>
    private static readonly (string Column, string[] Fields)[] ContextColumns =
    [
        ("author", ["author", "username", "user", "screen_name", "user_name", "from_user", "author_id", "Tweet author"]),
        ("time", ["created_at", "time", "date", "timestamp", "Tweet time", "datetime"]),
        ("permalink", ["permalink", "Tweet permalink", "url", "link", "tweet_url"]),
        ("question", ["question"]),
    ];

    public override async Task<int> ExecuteAsync(CommandContext context, SuggestSettings settings, CancellationToken cancellationToken)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        OutputFile.Check(settings.Output!);
        OutputFile.EnsureNotInput([("--output", settings.Output)], [("--input", settings.InputPath), ("--model", settings.Model), .. settings.Exclude.Select(e => ("--data", (string?)e))]);
        if (File.Exists(settings.Output) && !settings.Force)
        {
            throw new InputException($"{settings.Output} exists (it may hold hand-coding); pass --force to replace it, or choose another --output");
        }

        var (codedIds, codedKeys) = await ReadCodedAsync(settings.Exclude, cancellationToken).ConfigureAwait(false);
        using var tagger = ModelLoader.Load(settings.Model);
        using var input = settings.OpenInput(cli);
        var hasQuestion = input.Columns?.Contains("question", StringComparer.OrdinalIgnoreCase) ?? false;

        // Keep the most uncertain posts only (bounded memory); slack for near-duplicates that get skipped.
        var capacity = (settings.Count * 20) + 200;
        var pool = new PriorityQueue<Candidate, (double, long)>(capacity + 1);
        var seen = new Dictionary<ulong, bool>(); // 64-bit hash of a normalised text → whether only retweets of it were seen
        var superseded = new HashSet<ulong>(); // retweets whose original came later: the original is coded instead
        var policy = settings.Policy();
        long index = 0, malformed = 0, repeats = 0, alreadyCoded = 0;
        await foreach (var item in tagger.TagStreamAsync(ReadAhead.Buffer(input.ReadAsync(cancellationToken), 1024, cancellationToken), r => r.Error is null ? r.Text : null, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            index++;
            var prediction = item.Prediction;
            if (prediction is null)
            {
                malformed++;
                continue;
            }

            var record = item.Record;
            if (policy.Decide(record).Skipped is not null)
            {
                continue;
            }

            var key = Key(TextNormalizer.Normalize(record.Text!));
            var hash = Fnv1a(key);
            if ((record.Id is { } id && codedIds.Contains(CodedRecords.Unwrap(id).Trim())) || codedKeys.Contains(hash))
            {
                alreadyCoded++;
                continue;
            }

            var (retweetOf, body) = ChatStructure.SplitRetweet(record.Text!);
            var isRetweet = retweetOf is not null;
            if (key.Length == 0 || (seen.TryGetValue(hash, out var onlyRetweets) && (isRetweet || !onlyRetweets)))
            {
                repeats++;
                continue;
            }

            if (!isRetweet && seen.ContainsKey(hash))
            {
                superseded.Add(hash); // the original of a retweet seen before: code it, not the retweet
                repeats++;
            }

            seen[hash] = isRetweet;
            var margin = Margin(prediction, tagger.RelevanceThreshold);
            var text = body;
            var contextValues = ContextColumns.Select(c => record.Field(c.Fields) ?? string.Empty).ToArray();
            pool.Enqueue(new Candidate(index, record.Id, text, key, margin, prediction, retweetOf, contextValues), (-margin, -index));
            if (pool.Count > capacity)
            {
                pool.Dequeue();
            }
        }

        var ranked = new List<Candidate>(pool.Count);
        while (pool.Count > 0)
        {
            var candidate = pool.Dequeue();
            if (candidate.RetweetOf is null || !superseded.Contains(Fnv1a(candidate.Key)))
            {
                ranked.Add(candidate);
            }
        }

        ranked.Sort((a, b) => a.Margin != b.Margin ? a.Margin.CompareTo(b.Margin) : a.Index.CompareTo(b.Index));
        var chosen = new List<(Candidate Post, HashSet<string> Words)>();
        var nearDuplicates = 0;
        foreach (var candidate in ranked)
        {
            if (chosen.Count == settings.Count)
            {
                break;
            }

            var words = Words(candidate.Key);
            if (chosen.Any(c => Jaccard(c.Words, words) >= settings.Similarity))
            {
                nearDuplicates++;
                continue;
            }

            chosen.Add((candidate, words));
        }

        var next = 0;
        string NewId()
        {
            string id;
            do
            {
                id = $"{settings.IdPrefix}-{++next:0000}";
            }
            while (codedIds.Contains(id));
            return id;
        }

        var picked = chosen.Select(c => c.Post with { Id = c.Post.Id ?? NewId() }).ToArray();
        string[] columns = ["id", "text", "themes", .. ContextColumns.Select(c => c.Column).Where(c => c != "question" || hasQuestion), "retweet_of", "model_scores", "margin"];
        var rows = picked.Select(p => (IReadOnlyList<string>)[
            p.Id!, p.Text, string.Join(';', p.Prediction.Themes),
            .. p.Context.Where((_, i) => ContextColumns[i].Column != "question" || hasQuestion),
            p.RetweetOf ?? string.Empty, Hint(p.Prediction), p.Margin.ToString("0.0000", CultureInfo.InvariantCulture)]).ToArray();
        var themes = tagger.Codebook.Themes.Select(t => (t.Id, t.Name, t.Description)).ToArray();
        OutputFile.Write(settings.Output!, stream => CodingSheet.Write(stream, settings.OutputFormat, columns, rows, themes));

        cli.Message($"themes: {index:N0} records: {picked.Length} picked to code ({alreadyCoded:N0} already coded, {repeats:N0} retweets/repeats collapsed, {nearDuplicates} near-duplicates skipped, {malformed} errors{policy.SummaryPart()}) -> {settings.Output} ({Summary.Seconds(stopwatch.Elapsed)})");
        cli.Message("Next: correct the 'themes' column (theme ids separated by ';', empty for none; 'themes codebook' lists them), save, and add the file to 'themes train --data'.");
        return Program.ExitOk;
    }

    /// <summary>The ids and normalised-text hashes of every post in the coded files (read as records: a file with invalid coding still excludes its posts).</summary>
    private async Task<(HashSet<string> Ids, HashSet<ulong> Keys)> ReadCodedAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<ulong>();
        var files = paths.SelectMany(p => Directory.Exists(p)
            ? Directory.EnumerateFiles(p).Where(f => RecordFormats.FromExtension(f) is RecordFormat.Jsonl or RecordFormat.Csv or RecordFormat.Xlsx).Order(StringComparer.Ordinal)
            : (IEnumerable<string>)[p]);
        foreach (var file in files)
        {
            using var reader = RecordReader.Open(file, TextReader.Null, RecordFormat.Auto, null, cli.Warn);
            await foreach (var record in reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (record.Id is { } id)
                {
                    ids.Add(CodedRecords.Unwrap(id).Trim());
                }

                if (record.Text is { } text && Key(TextNormalizer.Normalize(text)) is { Length: > 0 } key)
                {
                    keys.Add(Fnv1a(key));
                }
            }
        }

        return (ids, keys);
    }

    /// <summary>The three best-scored themes with probability/threshold, for the analyst to weigh.</summary>
    private static string Hint(ThemePrediction p) =>
        string.Join("; ", p.Scores.Take(3).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.ThemeId} {s.Probability:0.00}/{s.Threshold:0.00}")));


    private static string Key(string normalized) =>
        string.Join(' ', normalized.ToLowerInvariant().Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private static HashSet<string> Words(string key) =>
        key.Split((char[])[' ', ',', '.', ';', ':', '!', '?', '"', '\'', '(', ')', '#', '-', '…'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !w.All(char.IsDigit))
            .ToHashSet(StringComparer.Ordinal);

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 1;
        }

        var intersection = a.Count(b.Contains);
        return (double)intersection / (a.Count + b.Count - intersection);
    }

    /// <summary>A post that may be picked, with what the analyst needs beside it.</summary>
    /// <summary>
    /// How close a post's most uncertain decision is to flipping: the smallest of |relevance − the gate's threshold|
    /// (whether it gets any theme) and |probability − threshold| over the themes (which themes). For a model without a
    /// gate (format 1) every relevance is 1 and its threshold 0, so only the themes count.
    /// </summary>
    internal static double Margin(ThemePrediction prediction, float relevanceThreshold) =>
        Math.Min(Math.Abs(prediction.Relevance - relevanceThreshold), prediction.Scores.Min(s => Math.Abs(s.Probability - s.Threshold)));

    private sealed record Candidate(long Index, string? Id, string Text, string Key, double Margin, ThemePrediction Prediction, string? RetweetOf, string[] Context);
}
