using System.ComponentModel;
using System.Globalization;
using System.Text;
using CsvHelper;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Cli.IO;
using ThemeClassifier.Features;
using ThemeClassifier.Prediction;

namespace ThemeClassifier.Cli.Commands;

/// <summary>Settings of <c>themes suggest</c>.</summary>
internal sealed class SuggestSettings : CommandSettings
{
    [CommandOption("-m|--model <MODEL>")]
    [Description("The model. Default: the shipped model.")]
    public string? Model { get; init; }

    [CommandOption("-i|--input <FILE>")]
    [Description("Untagged posts (jsonl, csv, text or twitter; - for stdin).")]
    public string? Input { get; init; }

    [CommandOption("-f|--format <FORMAT>")]
    [Description("Input format: jsonl, csv, text or twitter. Default: detected.")]
    public string? Format { get; init; }

    [CommandOption("--text-column <NAME>")]
    [Description("The CSV column (or JSON field) holding the post.")]
    public string? TextColumn { get; init; }

    [CommandOption("-n|--count <N>")]
    [Description("How many posts to pick.")]
    [DefaultValue(40)]
    public int Count { get; init; } = 40;

    [CommandOption("-o|--out <FILE>")]
    [Description("The file to hand-code: .csv or .jsonl (columns id, text, themes, …). 'themes train' reads it back.")]
    public string? Out { get; init; }

    [CommandOption("--force")]
    [Description("Replace --out if it exists (without it, an existing file, perhaps already hand-coded, is never overwritten).")]
    public bool Force { get; init; }

    [CommandOption("--id-prefix <PREFIX>")]
    [Description("Prefix of the ids given to posts without one (PREFIX-0001, …); make it unique per batch, e.g. suggest-2026-11.")]
    [DefaultValue("suggest")]
    public string IdPrefix { get; init; } = "suggest";

    [CommandOption("--similarity <J>")]
    [Description("Posts whose word overlap (Jaccard) with an already picked one reaches this are near-duplicates and skipped.")]
    [DefaultValue(0.7)]
    public double Similarity { get; init; } = 0.7;

    public override ValidationResult Validate() =>
        Input is null ? ValidationResult.Error("--input is required")
        : Out is null ? ValidationResult.Error("--out is required")
        : !(Out.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || Out.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)) ? ValidationResult.Error("--out must end in .csv or .jsonl")
        : Count < 1 ? ValidationResult.Error("--count must be at least 1")
        : Similarity is <= 0 or > 1 ? ValidationResult.Error("--similarity must be in (0, 1]")
        : TagSettings.ParseFormat(Format) is null ? ValidationResult.Error($"--format must be jsonl, csv, text or twitter, not '{Format}'")
        : ValidationResult.Success();
}

/// <summary>
/// <c>themes suggest</c>: the posts most worth hand-coding next. A post's uncertainty is how close its most
/// uncertain decision is to flipping: the smallest |probability − threshold| over the themes. Retweets and repeats
/// (same normalised text) are collapsed, and near-duplicates of a post already picked are skipped.
/// </summary>
internal sealed class SuggestCommand(CliContext cli) : AsyncCommand<SuggestSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SuggestSettings settings, CancellationToken cancellationToken)
    {
        OutputFile.Check(settings.Out!);
        OutputFile.EnsureNotInput([("--out", settings.Out)], [("--input", settings.Input), ("--model", settings.Model)]);
        if (File.Exists(settings.Out) && !settings.Force)
        {
            throw new InputException($"{settings.Out} exists (it may hold hand-coding); pass --force to replace it, or choose another --out");
        }

        using var tagger = ModelLoader.Load(settings.Model);
        using var input = InputSource.Open(settings.Input!, cli.StdIn, TagSettings.ParseFormat(settings.Format)!.Value, settings.TextColumn);

        // Keep the most uncertain posts only (bounded memory); slack for near-duplicates that get skipped.
        var capacity = (settings.Count * 20) + 200;
        var pool = new PriorityQueue<Candidate, (double, long)>(capacity + 1);
        var seen = new HashSet<ulong>(); // 64-bit hashes of normalised texts: bounded, small memory per post
        long index = 0, malformed = 0, repeats = 0;
        await foreach (var item in tagger.TagStreamAsync(ReadAhead.Buffer(input.ReadAsync(cancellationToken), 1024, cancellationToken), r => r.Error is null ? r.Text : null, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            index++;
            var prediction = item.Prediction;
            if (prediction is null)
            {
                malformed++;
                continue;
            }

            var key = Key(TextNormalizer.Normalize(item.Record.Text!));
            if (key.Length == 0 || !seen.Add(Fnv1a(key)))
            {
                repeats++;
                continue;
            }

            var margin = prediction.Scores.Min(s => Math.Abs(s.Probability - s.Threshold));
            pool.Enqueue(new Candidate(index, item.Record.Id, item.Record.Text!, key, margin, prediction), (-margin, -index));
            if (pool.Count > capacity)
            {
                pool.Dequeue();
            }
        }

        var ranked = new List<Candidate>(pool.Count);
        while (pool.Count > 0)
        {
            ranked.Add(pool.Dequeue());
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

        var picked = chosen.Select((c, i) => c.Post with { Id = c.Post.Id ?? $"{settings.IdPrefix}-{i + 1:0000}" }).ToArray();
        using (var file = OutputFile.Begin(settings.Out!))
        {
            await WriteAsync(file.Open(), settings.Out!, picked, cancellationToken).ConfigureAwait(false);
            file.Commit();
        }

        cli.Message(($"Picked {picked.Length} of {index:N0} posts ({repeats:N0} retweets/repeats collapsed, {nearDuplicates} near-duplicates skipped, {malformed} malformed) into {settings.Out}: correct the 'themes' column (theme ids separated by ';', empty for none), then add the file to 'themes train --data'."));
        return Program.ExitOk;
    }

    private static async Task WriteAsync(Stream stream, string path, IReadOnlyList<Candidate> picked, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            await using var csv = CsvWriter.Create(writer, CsvOptions.Writer, leaveOpen: true);
            csv.WriteHeader(["id", "text", "themes", "model_scores", "margin"]);
            foreach (var p in picked)
            {
                await csv.WriteRecordAsync([p.Id!, p.Text, string.Join(';', p.Prediction.Themes), Hint(p.Prediction), p.Margin.ToString("0.0000", CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            foreach (var p in picked)
            {
                var o = new JObject
                {
                    ["id"] = p.Id,
                    ["text"] = p.Text,
                    ["themes"] = new JArray(p.Prediction.Themes),
                    ["model_scores"] = Hint(p.Prediction),
                    ["margin"] = Math.Round(p.Margin, 4),
                };
                await writer.WriteLineAsync(o.ToString(Formatting.None).AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
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

    private sealed record Candidate(long Index, string? Id, string Text, string Key, double Margin, ThemePrediction Prediction);
}
