using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Cli.IO;
using ThemeClassifier.Cli.Reports;
using ThemeClassifier.Data;
using ThemeClassifier.Evaluation;

namespace ThemeClassifier.Cli.Commands;

/// <summary>Settings of <c>themes evaluate</c>.</summary>
internal sealed class EvaluateSettings : TrainingSettings
{
    [CommandOption("-m|--model <MODEL>")]
    [Description("The model to evaluate. Default: the shipped model. Not with --cv.")]
    public string? Model { get; init; }



    [CommandOption("--cv")]
    [Description("Cross-validate the training procedure on --data instead of evaluating a saved model.")]
    public bool CrossValidate { get; init; }

    [CommandOption("--loo")]
    [Description("With --cv: leave-one-out (as many folds as posts, one repeat). Slow.")]
    public bool LeaveOneOut { get; init; }







    [CommandOption("--out-dir <DIR>")]
    [Description("Where to write confusion.png, f1.png and metrics.json.")]
    [DefaultValue(".")]
    public string OutDir { get; init; } = ".";

    [CommandOption("--json")]
    [Description("Print the metrics as JSON on stdout instead of tables.")]
    public bool Json { get; init; }

    public override ValidationResult Validate() =>
        CheckTraining() is { } error ? ValidationResult.Error(error)
        : CrossValidate && Model is not null ? ValidationResult.Error("--cv cross-validates training on --data: drop --model")
        : !CrossValidate && (LeaveOneOut || HasTrainingSettings)
            ? ValidationResult.Error("--loo, --fast, --encoder, --trainer, --seed, --folds and --repeats go with --cv")
        : ValidationResult.Success();
}

/// <summary><c>themes evaluate</c>: figures, per-theme table and pictures for a report.</summary>
internal sealed class EvaluateCommand(CliContext cli) : AsyncCommand<EvaluateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        var metrics = Path.Combine(settings.OutDir, "metrics.json");
        var confusion = Path.Combine(settings.OutDir, "confusion.png");
        var f1 = Path.Combine(settings.OutDir, "f1.png");
        OutputFile.EnsureNotInput(
            [("--out-dir", metrics), ("--out-dir", confusion), ("--out-dir", f1)],
            [.. settings.Data.Select(d => ("--data", (string?)d)), ("--model", settings.Model), ("--codebook", settings.Codebook)]);
        if (File.Exists(settings.OutDir))
        {
            throw new InputException($"--out-dir {settings.OutDir} is a file; name a folder");
        }

        Directory.CreateDirectory(settings.OutDir);

        EvaluationReport report;
        string json;
        string title;
        var repeats = 1;
        if (settings.CrossValidate)
        {
            var data = CodedData.Load(settings.Data, CodedData.DefaultCodebookPath(settings.Data, settings.Codebook));
            var options = Options.Build(settings.Fast, settings.Encoders, settings.Trainer, settings.Seed, settings.LeaveOneOut ? data.Posts.Count : settings.Folds, settings.LeaveOneOut ? 1 : settings.Repeats);
            var progress = new LineProgress(line => cli.Message("  " + line));
            var cv = await Task.Run(() => ThemeTagger.CrossValidate(data, options, cli.Terminal.ErrorIsTerminal ? progress : null, cancellationToken), cancellationToken).ConfigureAwait(false);
            report = cv.Pooled;
            repeats = cv.Repeats;
            json = cv.ToJson();
            title = settings.LeaveOneOut ? "Leave-one-out cross-validation" : $"Cross-validation ({cv.Folds} folds × {cv.Repeats})";
            if (!settings.Json)
            {
                cli.Out.Write(Tables.Trainers(cv));
            }

            foreach (var warning in cv.Warnings)
            {
                cli.Error.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
            }
        }
        else
        {
            using var tagger = ModelLoader.Load(settings.Model);
            var codebookPath = settings.Codebook ?? settings.Data.Where(Directory.Exists).Select(d => Path.Combine(d, TrainingData.CodebookFileName)).FirstOrDefault(File.Exists);
            var codebook = tagger.Codebook;
            if (codebookPath is not null)
            {
                codebook = Codebook.Load(codebookPath);
                try
                {
                    tagger.EnsureCodebook(codebook);
                }
                catch (Model.CodebookMismatchException ex)
                {
                    throw new InputException($"codebook {codebookPath}: {ex.Message}");
                }
            }

            var data = CodedData.Load(settings.Data, codebook);
            report = tagger.Evaluate(data.Posts, cancellationToken);
            json = report.ToJson();
            title = $"{Path.GetFileName(settings.Model ?? "default model")} on {string.Join(", ", settings.Data.Select(Path.GetFileName))}";
        }

        if (settings.Json)
        {
            await cli.StdOut.WriteLineAsync(json).ConfigureAwait(false);
        }
        else
        {
            cli.Out.Write(Tables.Overall(report, title, repeats));
            cli.Out.Write(Tables.PerTheme(report));
        }

        OutputFile.WriteText(metrics, json);
        OutputFile.WriteTo(confusion, path => Charts.Confusion(report, path, $"Confusion: {title} (blue: agree, red: disagree)"));
        OutputFile.WriteTo(f1, path => Charts.F1(report, path, $"F1 per theme: {title}"));
        cli.Message($"Wrote {confusion}, {f1} and {metrics}.");
        return Program.ExitOk;
    }
}
