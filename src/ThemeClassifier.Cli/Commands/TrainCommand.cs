using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Cli.IO;
using ThemeClassifier.Cli.Reports;
using ThemeClassifier.Data;
using ThemeClassifier.Evaluation;

namespace ThemeClassifier.Cli.Commands;

/// <summary>Settings of <c>themes train</c>.</summary>
internal sealed class TrainSettings : CommandSettings
{
    [CommandOption("-d|--data <PATH>")]
    [Description("Hand-coded posts: .jsonl or .csv files, or folders of them (repeat the option for several).")]
    public string[] Data { get; init; } = [];

    [CommandOption("--codebook <FILE>")]
    [Description("The codebook. Default: codebook.json in the first --data folder, else next to the first file.")]
    public string? Codebook { get; init; }

    [CommandOption("-o|--out <MODEL>")]
    [Description("Where to write the model (a .zip); its card is written next to it as MODEL.md.")]
    public string? Out { get; init; }

    [CommandOption("--fast")]
    [Description("Fast profile: no sentence encoder, n-gram and keyword features only.")]
    public bool Fast { get; init; }

    [CommandOption("--encoder <NAME>")]
    [Description("Sentence encoder(s): minilm (default), arcticxs; repeat for several.")]
    public string[]? Encoders { get; init; }

    [CommandOption("--trainer <NAME>")]
    [Description("auto (compare all by cross-validation; default), logisticregression, sdca, fasttree, gam.")]
    public string? Trainer { get; init; }

    [CommandOption("--seed <N>")]
    [Description("Random seed (default 42): same data, options and seed give the same model.")]
    public int? Seed { get; init; }

    [CommandOption("--folds <N>")]
    [Description("Cross-validation folds (default 5).")]
    public int? Folds { get; init; }

    [CommandOption("--repeats <N>")]
    [Description("Cross-validation repeats (default 3).")]
    public int? Repeats { get; init; }

    [CommandOption("--eval <LABELLED>")]
    [Description("Labelled posts (.jsonl/.csv) the model is not trained on, to evaluate it on; the figures go in the card.")]
    public string? Eval { get; init; }

    public override ValidationResult Validate() =>
        Data.Length == 0 ? ValidationResult.Error("--data is required")
        : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out is required")
        : Options.Check(Fast, Encoders, Trainer) is { } error ? ValidationResult.Error(error)
        : ValidationResult.Success();
}

/// <summary><c>themes train</c>: validate, train, show cross-validation, write the model and its card.</summary>
internal sealed class TrainCommand(CliContext cli) : AsyncCommand<TrainSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        var options = Options.Build(settings.Fast, settings.Encoders, settings.Trainer, settings.Seed, settings.Folds, settings.Repeats);
        var codebookPath = CodedData.DefaultCodebookPath(settings.Data, settings.Codebook);
        var data = CodedData.Load(settings.Data, codebookPath);
        IReadOnlyList<CodedPost>? evalPosts = settings.Eval is null ? null : CodedData.Load([settings.Eval], data.Codebook).Posts;
        var outDirectory = Path.GetDirectoryName(Path.GetFullPath(settings.Out!));
        if (outDirectory is not null && !Directory.Exists(outDirectory))
        {
            throw new InputException($"the folder of --out does not exist: {outDirectory}");
        }

        cli.Error.MarkupLine($"[bold]Training[/] on {data.Posts.Count} posts, {data.Codebook.Themes.Count} themes ({Markup.Escape(codebookPath)}); profile {(options.Encoders.Count == 0 ? "fast" : "default: " + string.Join('+', options.Encoders))}, trainer {options.Trainer}.");
        foreach (var warning in data.Warnings)
        {
            cli.Error.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        ThemeTagger tagger;
        if (cli.Terminal.ErrorIsTerminal)
        {
            tagger = await cli.Error.Status().StartAsync("training…", ctx =>
                Task.Run(() => ThemeTagger.Train(data, options, new LineProgress(line => ctx.Status(Markup.Escape(line))), cancellationToken), cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            tagger = await Task.Run(() => ThemeTagger.Train(data, options, new LineProgress(line => cli.Message("  " + line)), cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        using (tagger)
        {
            EvaluationReport? evaluation = evalPosts is null ? null : tagger.Evaluate(evalPosts, cancellationToken);
            var cv = tagger.Card.CrossValidation;
            cli.Out.Write(Tables.Trainers(cv));
            cli.Out.Write(Tables.Overall(cv.Pooled, $"Cross-validation ({cv.Folds} folds × {cv.Repeats}), held-out"));
            if (evaluation is not null)
            {
                cli.Out.Write(Tables.Overall(evaluation, $"External evaluation: {Path.GetFileName(settings.Eval)}"));
            }

            tagger.Save(settings.Out!);
            var cardPath = Path.ChangeExtension(settings.Out!, ".md");
            await File.WriteAllTextAsync(cardPath, ModelCardWriter.Write(tagger, data, settings.Data, codebookPath, evaluation, settings.Eval), cancellationToken).ConfigureAwait(false);
            cli.Message($"Wrote {settings.Out} and its card {cardPath} ({stopwatch.Elapsed.TotalSeconds:F1} s).");
        }

        return Program.ExitOk;
    }
}
