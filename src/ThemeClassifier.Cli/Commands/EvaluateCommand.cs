using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Records;
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

    [CommandOption("--learning-curve")]
    [Description("With --cv: retrain on growing shares of --data (each fold held out in turn) and write learning-curve.png: is coding more worth it? Trainer: logisticregression unless --trainer.")]
    public bool LearningCurve { get; init; }

    [CommandOption("--eval <LABELLED>")]
    [Description("With --learning-curve: also score every model of the curve on this labelled file (never trained on).")]
    public string? Eval { get; init; }

    [CommandOption("--by-question")]
    [Description("With --cv: hold out whole chat questions (the records' 'question'): less optimistic than plain folds.")]
    public bool ByQuestion { get; init; }

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
        : !CrossValidate && (LeaveOneOut || LearningCurve || ByQuestion || HasTrainingSettings)
            ? ValidationResult.Error("--loo, --learning-curve, --by-question, --fast, --encoder, --trainer, --seed, --folds and --repeats go with --cv")
        : LeaveOneOut && (LearningCurve || ByQuestion) ? ValidationResult.Error("--loo goes with neither --learning-curve nor --by-question")
        : Eval is not null && !LearningCurve ? ValidationResult.Error("--eval goes with --learning-curve")
        : ValidationResult.Success();
}

/// <summary><c>themes evaluate</c>: figures, per-theme table and pictures for a report.</summary>
internal sealed class EvaluateCommand(CliContext cli) : AsyncCommand<EvaluateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
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
        if (settings.CrossValidate && settings.LearningCurve)
        {
            return await LearningCurveAsync(settings, cancellationToken).ConfigureAwait(false);
        }

        if (settings.CrossValidate)
        {
            var data = CodedRecords.Load(settings.Data, CodedRecords.DefaultCodebookPath(settings.Data, settings.Codebook), cli.Warn);
            var options = Options.Build(settings.Fast, settings.Encoders, settings.Trainer, settings.Seed, settings.LeaveOneOut ? data.Posts.Count : settings.Folds, settings.LeaveOneOut ? 1 : settings.Repeats);
            options.GroupByQuestion = settings.ByQuestion;
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

            // The data's theme ids are the model's (checked on load against its codebook): the predictions, made
            // once, give both the figures and the agreement table.
            var data = CodedRecords.Load(settings.Data, codebook, cli.Warn);
            var predictions = tagger.PredictBatch(data.Posts.Select(p => p.Text).ToArray(), cancellationToken);
            report = Metrics.Compute(codebook, data.Posts.Select(p => p.Themes).ToArray(), predictions);
            json = report.ToJson();
            title = $"{Path.GetFileName(settings.Model ?? "default model")} on {string.Join(", ", settings.Data.Select(Path.GetFileName))}";
            if (!settings.Json)
            {
                cli.Out.Write(Tables.Agreement(Agreements(codebook, data.Posts, predictions, CoderColumns.Read(settings.Data, codebook))));
            }
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
        cli.Message($"themes: {report.Count / repeats:N0} labelled posts evaluated -> {confusion}, {f1}, {metrics} ({Summary.Seconds(stopwatch.Elapsed)})");
        return Program.ExitOk;
    }

    private async Task<int> LearningCurveAsync(EvaluateSettings settings, CancellationToken cancellationToken)
    {
        var png = Path.Combine(settings.OutDir, "learning-curve.png");
        var metrics = Path.Combine(settings.OutDir, "learning-curve.json");
        OutputFile.EnsureNotInput(
            [("--out-dir", png), ("--out-dir", metrics)],
            [.. settings.Data.Select(d => ("--data", (string?)d)), ("--eval", settings.Eval), ("--codebook", settings.Codebook)]);
        var data = CodedRecords.Load(settings.Data, CodedRecords.DefaultCodebookPath(settings.Data, settings.Codebook), cli.Warn);
        var options = Options.Build(settings.Fast, settings.Encoders, settings.Trainer ?? "logisticregression", settings.Seed, settings.Folds, settings.Repeats);
        options.GroupByQuestion = settings.ByQuestion;
        var progress = new LineProgress(line => cli.Message("  " + line));
        var external = settings.Eval is null ? null : CodedRecords.Load([settings.Eval], data.Codebook, cli.Warn).Posts;
        var curve = await Task.Run(() => Evaluation.LearningCurve.Compute(data, options, external: external, progress: cli.Terminal.ErrorIsTerminal ? progress : null, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        var json = curve.ToJson();
        if (settings.Json)
        {
            await cli.StdOut.WriteLineAsync(json).ConfigureAwait(false);
        }
        else
        {
            cli.Out.Write(Tables.LearningCurve(curve));
        }

        OutputFile.WriteText(metrics, json);
        OutputFile.WriteTo(png, path => Charts.LearningCurve(curve, path, $"Learning curve: {string.Join(", ", settings.Data.Select(Path.GetFileName))}{(settings.Eval is null ? string.Empty : $", scored also on {Path.GetFileName(settings.Eval)}")} ({(options.Encoders.Count == 0 ? "fast" : "default")} profile)"));
        cli.Message($"Wrote {png} and {metrics}.");
        return Program.ExitOk;
    }

    /// <summary>The model against the agreed coding and each coder, and every pair of coders, on the posts both coded.</summary>
    private static List<(string Pair, AgreementReport Report)> Agreements(
        Codebook codebook, IReadOnlyList<CodedPost> posts, IReadOnlyList<Prediction.ThemePrediction> predictions, IReadOnlyDictionary<string, Dictionary<string, IReadOnlyList<string>>> coders)
    {
        var ids = codebook.Ids.ToArray();
        var codings = new List<(string Name, Dictionary<string, IReadOnlyList<string>> Themes)>
        {
            ("model", posts.Select((p, i) => (p.Id, predictions[i].Themes)).ToDictionary(x => x.Id, x => x.Themes, StringComparer.Ordinal)),
            ("agreed coding", posts.ToDictionary(p => p.Id, p => p.Themes, StringComparer.Ordinal)),
        };
        codings.AddRange(coders.Select(c => (c.Key, c.Value)));
        var result = new List<(string, AgreementReport)>();
        for (var a = 0; a < codings.Count; a++)
        {
            for (var b = a + 1; b < codings.Count; b++)
            {
                if (a == 1 && b > 1)
                {
                    continue; // the agreed coding is made from the coders' own: comparing them says nothing
                }

                var both = posts.Select(p => p.Id).Where(id => codings[a].Themes.ContainsKey(id) && codings[b].Themes.ContainsKey(id)).ToArray();
                result.Add(($"{codings[a].Name} vs {codings[b].Name}", Evaluation.Agreement.Compare(ids, both.Select(id => codings[a].Themes[id]).ToArray(), both.Select(id => codings[b].Themes[id]).ToArray())));
            }
        }

        return result;
    }
}
