using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Records;
using ThemeClassifier.Cli.Reports;
using ThemeClassifier.Data;
using ThemeClassifier.Evaluation;

namespace ThemeClassifier.Cli.Commands;

/// <summary>Settings of <c>themes train</c>.</summary>
internal sealed class TrainSettings : TrainingSettings
{


    [CommandOption("-o|--output|--out <MODEL>")]
    [Description("Where to write the model (a .zip); its card is written next to it as MODEL.md.")]
    public string? Output { get; init; }







    [CommandOption("--eval <LABELLED>")]
    [Description("Labelled posts (.jsonl, .csv or .xlsx) the model is not trained on, to evaluate it on; the figures go in the card.")]
    public string? Eval { get; init; }

    public override ValidationResult Validate() =>
        CheckTraining() is { } error ? ValidationResult.Error(error)
        : string.IsNullOrWhiteSpace(Output) ? ValidationResult.Error("--output is required (the model file to write, a .zip)")
        : Output.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? ValidationResult.Error("--output names the model (a .zip); its card MODEL.md is written next to it")
        : ValidationResult.Success();
}

/// <summary><c>themes train</c>: validate, train, show cross-validation, write the model and its card.</summary>
internal sealed class TrainCommand(CliContext cli) : AsyncCommand<TrainSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.BuildOptions();
        var codebookPath = CodedRecords.DefaultCodebookPath(settings.Data, settings.Codebook);
        var cardPath = Path.ChangeExtension(settings.Output!, ".md");
        OutputFile.Check(settings.Output!);
        OutputFile.EnsureNotInput(
            [("--output", settings.Output), ("the model card", cardPath)],
            [.. settings.Data.Select(d => ("--data", (string?)d)), ("--codebook", codebookPath), ("--eval", settings.Eval)]);
        var data = CodedRecords.Load(settings.Data, codebookPath, cli.Warn);
        IReadOnlyList<CodedPost>? evalPosts = settings.Eval is null ? null : CodedRecords.Load([settings.Eval], data.Codebook, cli.Warn).Posts;

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
            cli.Out.Write(Tables.Overall(cv.Pooled, $"Cross-validation ({cv.Folds} folds × {cv.Repeats}), held-out", cv.Repeats));
            if (evaluation is not null)
            {
                cli.Out.Write(Tables.Overall(evaluation, $"External evaluation: {Path.GetFileName(settings.Eval)}"));
                CompareWithShipped(tagger, evalPosts!, Path.GetFileName(settings.Output!), Path.GetFileName(settings.Eval!), cancellationToken);
            }

            OutputFile.Write(settings.Output!, tagger.Save);
            OutputFile.WriteText(cardPath, ModelCardWriter.Write(tagger, data, settings.Data, codebookPath, evaluation, settings.Eval));
            cli.Message($"themes: trained on {data.Posts.Count:N0} coded posts ({data.Codebook.Themes.Count} themes) -> {settings.Output} and its card {cardPath} ({Summary.Seconds(stopwatch.Elapsed)})");
        }

        return Program.ExitOk;
    }

    /// <summary>The new model against the shipped one on the evaluation posts; a note instead when they cannot be compared.</summary>
    private void CompareWithShipped(ThemeTagger tagger, IReadOnlyList<CodedPost> posts, string newName, string dataName, CancellationToken cancellationToken)
    {
        try
        {
            using var shipped = ModelLoader.Load(null);
            cli.Out.Write(Tables.Comparison(ModelComparison.Compare(shipped, tagger, posts, cancellationToken), newName, "shipped model", dataName));
        }
        catch (Exception ex) when (ex is Model.CodebookMismatchException or InputException)
        {
            cli.Error.MarkupLine($"[yellow]note:[/] not compared with the shipped model: {Markup.Escape(ex.Message)}");
        }
    }
}
