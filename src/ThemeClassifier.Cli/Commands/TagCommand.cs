using System.ComponentModel;
using System.Text;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Cli.IO;

namespace ThemeClassifier.Cli.Commands;

/// <summary>Settings of <c>themes tag</c>.</summary>
internal sealed class TagSettings : CommandSettings
{
    [CommandOption("-m|--model <FILE>")]
    [Description("Model file (from 'themes train'). Default: the model shipped with the tool.")]
    public string? Model { get; init; }

    [CommandOption("-i|--input <FILE>")]
    [Description("Posts to tag, or - for standard input.")]
    [DefaultValue("-")]
    public string Input { get; init; } = "-";

    [CommandOption("-o|--output <FILE>")]
    [Description("Where to write the JSON lines, or - for standard output.")]
    [DefaultValue("-")]
    public string Output { get; init; } = "-";

    [CommandOption("-f|--format <FORMAT>")]
    [Description("Input format: jsonl, csv, text or twitter. Default: from the extension, else from the content.")]
    public string? Format { get; init; }

    [CommandOption("--text-column <NAME>")]
    [Description("The CSV column (or JSON field) holding the post. Default: text, Tweet text, full_text, …")]
    public string? TextColumn { get; init; }

    [CommandOption("--codebook <FILE>")]
    [Description("Stop unless the model was trained with exactly this codebook's themes.")]
    public string? Codebook { get; init; }

    [CommandOption("--shard <K/N>")]
    [Description("Tag only shard K of N (0-based), so N workers on any machines split one input: a record belongs to shard hash(id, else line) mod N. Every record is in exactly one shard.")]
    public string? Shard { get; init; }

    [CommandOption("--chunk-size <N>", IsHidden = true)]
    [DefaultValue(512)]
    public int ChunkSize { get; init; } = 512;

    public override ValidationResult Validate() =>
        ParseFormat(Format) is null ? ValidationResult.Error($"--format must be jsonl, csv, text or twitter, not '{Format}'")
        : ChunkSize < 1 ? ValidationResult.Error("--chunk-size must be at least 1")
        : Shard is not null && ParseShard(Shard) is null ? ValidationResult.Error($"--shard must be K/N with 0 <= K < N, not '{Shard}'")
        : ValidationResult.Success();

    /// <summary>The shard K/N as (K, N); null when malformed.</summary>
    public static (int Index, int Count)? ParseShard(string text)
    {
        var parts = text.Split('/');
        return parts.Length == 2
            && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var k)
            && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n >= 1 && k >= 0 && k < n
            ? (k, n)
            : null;
    }

    /// <summary>The format named, Auto when none; null when the name is unknown.</summary>
    public static InputFormat? ParseFormat(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "auto" => InputFormat.Auto,
        "jsonl" or "ndjson" or "json" => InputFormat.Jsonl,
        "csv" => InputFormat.Csv,
        "text" or "txt" => InputFormat.Text,
        "twitter" => InputFormat.Twitter,
        _ => null,
    };
}

/// <summary><c>themes tag</c>: streams posts through the model, one JSON line out per record in, in input order.</summary>
internal sealed class TagCommand(CliContext cli) : AsyncCommand<TagSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, TagSettings settings, CancellationToken cancellationToken)
    {
        // Everything that can stop the run is checked before the first byte of output.
        var toFile = settings.Output != "-";
        if (toFile)
        {
            OutputFile.Check(settings.Output);
            OutputFile.EnsureNotInput(
                [("--output", settings.Output), ("--output", settings.Output + ".partial")],
                [("--input", settings.Input), ("--model", settings.Model), ("--codebook", settings.Codebook)]);
        }

        using var tagger = ModelLoader.Load(settings.Model, settings.Codebook);
        using var input = InputSource.Open(settings.Input, cli.StdIn, TagSettings.ParseFormat(settings.Format)!.Value, settings.TextColumn);
        using var file = toFile ? OutputFile.Begin(settings.Output) : null;
        var output = file is null ? cli.StdOut : new StreamWriter(file.Open(), new UTF8Encoding(false), 1 << 16);
        var ids = tagger.Codebook.Ids.ToArray();
        var count = 0;
        var errors = 0;
        try
        {
            async Task Loop(Action<long>? progress)
            {
                var all = input.ReadAsync(cancellationToken);
                var mine = settings.Shard is null ? all : InShard(all, TagSettings.ParseShard(settings.Shard)!.Value);
                var records = ReadAhead.Buffer(mine, 2 * settings.ChunkSize, cancellationToken);
                await foreach (var item in tagger.TagStreamAsync(records, r => r.Error is null ? r.Text : null, settings.ChunkSize, cancellationToken).ConfigureAwait(false))
                {
                    var prediction = item.Prediction;
                    await output.WriteLineAsync(JsonLines.Format(item.Record, prediction, ids)).ConfigureAwait(false);
                    errors += prediction is null ? 1 : 0;
                    if (++count % settings.ChunkSize == 0)
                    {
                        // Flush per chunk: Ctrl-C or a crash leaves whole lines only.
                        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                        progress?.Invoke(count);
                    }
                }
            }

            if (cli.Terminal.ErrorIsTerminal)
            {
                await cli.Error.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask($"tagging {Path.GetFileName(input.Name)}", maxValue: input.Length ?? 1);
                        task.IsIndeterminate = input.Length is null;
                        await Loop(n =>
                        {
                            task.Value = input.Length is null ? 0 : input.Position;
                            task.Description = $"tagging {Path.GetFileName(input.Name)}: {n:N0} posts";
                        }).ConfigureAwait(false);
                        task.Value = task.MaxValue;
                        task.Description = $"tagged {Path.GetFileName(input.Name)}: {count:N0} posts";
                    }).ConfigureAwait(false);
            }
            else
            {
                await Loop(null).ConfigureAwait(false);
            }
        }
        catch when (file is not null)
        {
            // The previous output stays as it was; what was tagged is kept beside it.
            await output.DisposeAsync().ConfigureAwait(false);
            var partial = file.KeepPartial();
            cli.Message($"themes: stopped: {count:N0} record(s) written to {partial}; {settings.Output} unchanged.");
            throw;
        }
        finally
        {
            if (file is null)
            {
                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (file is not null)
        {
            await output.DisposeAsync().ConfigureAwait(false);
            file.Commit();
        }

        if (cli.Terminal.ErrorIsTerminal || errors > 0)
        {
            cli.Message($"themes: tagged {count - errors:N0} post(s){(errors > 0 ? $"; {errors:N0} malformed record(s) passed through with an 'error' field" : string.Empty)}.");
        }

        return Program.ExitOk;
    }


    /// <summary>The records of shard (K, N): a stable hash (FNV-1a) of the record's id, else its line number, mod N.</summary>
    internal static async IAsyncEnumerable<InputRecord> InShard(IAsyncEnumerable<InputRecord> records, (int Index, int Count) shard)
    {
        await foreach (var record in records.ConfigureAwait(false))
        {
            var key = record.Id ?? record.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var hash = 2166136261u;
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(key))
            {
                hash = (hash ^ b) * 16777619u;
            }

            if (hash % (uint)shard.Count == (uint)shard.Index)
            {
                yield return record;
            }
        }
    }
}
