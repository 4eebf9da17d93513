using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Records;

namespace ThemeClassifier.Cli.Commands;

/// <summary>Settings of <c>themes tag</c>.</summary>
internal sealed class TagSettings : InputSettings
{
    [CommandOption("-m|--model <FILE>")]
    [Description("Model file (from 'themes train'). Default: the model shipped with the tool.")]
    public string? Model { get; init; }

    [CommandOption("-o|--output <FILE>")]
    [Description("Where to write: .csv or .xlsx (a sheet with a themes column, a probability column per theme and, in xlsx, a sheet of theme counts), .jsonl (one JSON line per record), or - for standard output (JSON lines).")]
    [DefaultValue("-")]
    public string Output { get; init; } = "-";

    [CommandOption("--output-format <FORMAT>")]
    [Description("Output format: jsonl, csv or xlsx. Default: from the --output extension, else jsonl.")]
    public string? OutputFormat { get; init; }

    [CommandOption("--codebook <FILE>")]
    [Description("Stop unless the model was trained with exactly this codebook's themes.")]
    public string? Codebook { get; init; }

    [CommandOption("--shard <K/N>")]
    [Description("Tag only shard K of N (0-based), so N workers on any machines split one input: a record belongs to shard hash(id, else line) mod N. Every record is in exactly one shard.")]
    public string? Shard { get; init; }

    [CommandOption("--chunk-size <N>", IsHidden = true)]
    [DefaultValue(512)]
    public int ChunkSize { get; init; } = 512;

    /// <summary>The output format asked for (Auto when none); null when unknown.</summary>
    public RecordFormat? ParsedOutputFormat => RecordFormats.Parse(OutputFormat) is { } f && f is not (RecordFormat.Text or RecordFormat.Twitter) ? f : null;

    public override ValidationResult Validate() =>
        CheckInput(required: false) is { } error ? ValidationResult.Error(error)
        : ParsedOutputFormat is null ? ValidationResult.Error($"--output-format must be jsonl, csv or xlsx, not '{OutputFormat}'")
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
}

/// <summary><c>themes tag</c>: streams posts through the model, one record out per record in, in input order.</summary>
internal sealed class TagCommand(CliContext cli) : AsyncCommand<TagSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, TagSettings settings, CancellationToken cancellationToken)
    {
        // Everything that can stop the run is checked before the first byte of output.
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var toFile = settings.Output != "-";
        var format = RecordWriter.FormatFor(settings.Output, settings.ParsedOutputFormat!.Value);
        if (toFile)
        {
            OutputFile.Check(settings.Output);
            OutputFile.EnsureNotInput(
                [("--output", settings.Output), ("--output", settings.Output + ".partial")],
                [("--input", settings.InputPath), ("--model", settings.Model), ("--codebook", settings.Codebook)]);
        }
        else if (format == RecordFormat.Xlsx)
        {
            throw new UsageException("an .xlsx workbook cannot be written to standard output: name the file with --output");
        }

        using var tagger = ModelLoader.Load(settings.Model, settings.Codebook);
        using var input = settings.OpenInput(cli);
        using var file = toFile ? OutputFile.Begin(settings.Output) : null;
        var ids = tagger.Codebook.Ids.ToArray();
        var output = file is null ? RecordWriter.Create(format, cli.StdOut, ids, input.Columns) : RecordWriter.Create(format, file.Open(), ids, input.Columns);
        var count = 0;
        var errors = 0;
        var noTheme = 0;
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
                    await output.WriteAsync(item.Record, prediction, cancellationToken).ConfigureAwait(false);
                    errors += prediction is null ? 1 : 0;
                    noTheme += prediction is { Themes.Count: 0 } ? 1 : 0;
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

            await output.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch when (file is not null)
        {
            // The previous output stays as it was; what was tagged is kept beside it (a whole CSV or workbook of it).
            try
            {
                await output.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                await output.DisposeAsync().ConfigureAwait(false);
            }

            var partial = file.KeepPartial();
            cli.Message($"themes: stopped: {count:N0} record(s) written to {partial}; {settings.Output} unchanged.");
            throw;
        }
        finally
        {
            if (file is null)
            {
                await output.DisposeAsync().ConfigureAwait(false);
                await cli.StdOut.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (file is not null)
        {
            await output.DisposeAsync().ConfigureAwait(false);
            file.Commit();
        }

        cli.Message(Summary.Line(count, count - errors - noTheme, noTheme, errors, toFile ? settings.Output : "standard output", stopwatch.Elapsed)
            + (errors > 0 ? $" (malformed or textless records are passed through with an 'error' field)" : string.Empty));
        return Program.ExitOk;
    }

    /// <summary>The records of shard (K, N): a stable hash (FNV-1a) of the record's id, else its line number, mod N.</summary>
    internal static async IAsyncEnumerable<Record> InShard(IAsyncEnumerable<Record> records, (int Index, int Count) shard)
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
