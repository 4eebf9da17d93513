using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using ThemeClassifier.Evaluation;

namespace ThemeClassifier.Cli.Reports;

/// <summary>
/// The Spectre tables people read: trainers compared, overall figures, per-theme figures, models compared, and
/// labelled blocks for long text. Laid out to stay readable in an 80-column terminal: identifiers never wrap, long
/// text wraps at word boundaries.
/// </summary>
internal static class Tables
{
    public static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Pct(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static IRenderable Trainers(CrossValidationReport cv)
    {
        var table = new Table().Title($"Trainers compared by cross-validation ({cv.Folds} folds × {cv.Repeats} repeats)")
            .Caption($"Kept: {Markup.Escape(cv.Chosen)} (lowest log-loss)")
            .AddColumn(new TableColumn("Trainer").NoWrap())
            .AddColumns("Log-loss", "Top-1", "Top-3", "Macro-F1", "± sd");
        foreach (var t in cv.Trainers)
        {
            table.AddRow(
                new Markup(t.Trainer == cv.Chosen ? $"[green]{Markup.Escape(t.Trainer)}[/]" : Markup.Escape(t.Trainer)),
                new Text(F(t.LogLoss)),
                new Text(Pct(t.Top1)),
                new Text(Pct(t.Top3)),
                new Text(F(t.MacroF1)),
                new Text(F(t.MacroF1StdDev)));
        }

        return table;
    }

    /// <param name="report">The figures.</param>
    /// <param name="title">The table's title.</param>
    /// <param name="repeats">Cross-validation repeats pooled in <paramref name="report"/>: each post is counted once per repeat.</param>
    public static IRenderable Overall(EvaluationReport report, string title, int repeats = 1)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumns("Posts", "Top-1", "Top-3", "Macro-F1", "Micro-F1", "Kappa", "No-theme correct");
        table.AddRow(
            repeats > 1
                ? string.Create(CultureInfo.InvariantCulture, $"{report.Count / repeats} (× {repeats} CV repeats = {report.Count} held-out predictions)")
                : report.Count.ToString(CultureInfo.InvariantCulture),
            Pct(report.Top1),
            Pct(report.Top3),
            F(report.MacroF1),
            F(report.MicroF1),
            F(report.Kappa),
            $"{report.NoThemeCorrect}/{report.NoThemeCount}");
        return table;
    }

    /// <summary>Agreement as between coders: Cohen's kappa and Krippendorff's alpha, on the most central theme and per theme.</summary>
    public static IRenderable Agreement(IEnumerable<(string Pair, AgreementReport Report)> rows)
    {
        var table = new Table().Title("Agreement, as between two coders")
            .Caption("Central: most central theme (no theme counts as a label); per theme: mean over themes coded present/absent.")
            .AddColumn(new TableColumn("Coders").NoWrap())
            .AddColumns("Posts", "Central agree", "κ", "α", "Theme κ", "Theme α");
        foreach (var (pair, r) in rows)
        {
            table.AddRow(Markup.Escape(pair), r.Posts.ToString(CultureInfo.InvariantCulture), Pct(r.PrimaryAgreement), F(r.PrimaryKappa), F(r.PrimaryAlpha), F(r.MeanThemeKappa), F(r.MeanThemeAlpha));
        }

        return table;
    }

    /// <summary>The learning curve's points: held-out (and external) figures against posts trained on.</summary>
    public static IRenderable LearningCurve(LearningCurve curve)
    {
        var external = curve.Points.All(p => p.External is not null);
        var table = new Table().Title($"Learning curve ({curve.Folds} folds × {curve.Repeats} repeats)")
            .Caption(external ? "CV: held-out folds (optimistic); ext.: the external file, mean ± sd over every model of the point." : "CV: held-out folds (optimistic), mean ± sd over repeats.")
            .AddColumns("Posts", "CV top-1", "CV macro-F1", "CV no-theme");
        if (external)
        {
            table.AddColumns("Ext. top-1", "Ext. top-3", "Ext. macro-F1", "Ext. no-theme");
        }

        foreach (var p in curve.Points)
        {
            var cv = p.CrossValidated;
            string[] cells = [p.TrainingPosts.ToString("0", CultureInfo.InvariantCulture), $"{F(cv.Top1)} ± {F(cv.Top1StdDev)}", $"{F(cv.MacroF1)} ± {F(cv.MacroF1StdDev)}", F(cv.NoThemeCorrect)];
            if (p.External is { } x)
            {
                cells = [.. cells, $"{F(x.Top1)} ± {F(x.Top1StdDev)}", F(x.Top3), $"{F(x.MacroF1)} ± {F(x.MacroF1StdDev)}", F(x.NoThemeCorrect)];
            }

            table.AddRow(cells);
        }

        return table;
    }

    public static IRenderable PerTheme(EvaluationReport report)
    {
        var table = new Table().Title("Per theme").AddColumn(new TableColumn("Theme").NoWrap()).AddColumns("Precision", "Recall", "F1", "Support", "Predicted");
        foreach (var m in report.PerTheme)
        {
            table.AddRow(Markup.Escape(m.ThemeId), F(m.Precision), F(m.Recall), F(m.F1), m.Support.ToString(CultureInfo.InvariantCulture), m.Predicted.ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }

    /// <summary>Two models side by side on the same posts, the paired test, and the verdict in one sentence.</summary>
    public static IRenderable Comparison(ModelComparison comparison, string newName, string baselineName, string dataName)
    {
        var (b, n) = (comparison.Baseline, comparison.Candidate);
        var overall = new Table().Title("Overall").AddColumns("Figure", "Baseline", "New", "New - baseline (95% CI)");
        overall.AddRow("Top-1", Pct(b.Top1), Pct(n.Top1), Points(comparison.Top1Difference));
        overall.AddRow("Top-3", Pct(b.Top3), Pct(n.Top3), Signed(n.Top3 - b.Top3, 100, "0.0") + " pts");
        overall.AddRow("Macro-F1", F(b.MacroF1), F(n.MacroF1), $"{Signed(comparison.MacroF1Difference.Estimate, 1, "0.000")} ({Signed(comparison.MacroF1Difference.Lower, 1, "0.000")} to {Signed(comparison.MacroF1Difference.Upper, 1, "0.000")})");
        overall.AddRow("Micro-F1", F(b.MicroF1), F(n.MicroF1), Signed(n.MicroF1 - b.MicroF1, 1, "0.000"));
        overall.AddRow("Kappa", F(b.Kappa), F(n.Kappa), Signed(n.Kappa - b.Kappa, 1, "0.000"));
        overall.AddRow("No-theme correct", $"{b.NoThemeCorrect}/{b.NoThemeCount}", $"{n.NoThemeCorrect}/{n.NoThemeCount}", Signed(n.NoThemeCorrect - b.NoThemeCorrect, 1, "0"));

        var perTheme = new Table().Title("F1 per theme").AddColumn(new TableColumn("Theme").NoWrap()).AddColumns("Coded posts", "Baseline", "New", "Change");
        for (var t = 0; t < b.PerTheme.Count; t++)
        {
            var (mb, mn) = (b.PerTheme[t], n.PerTheme[t]);
            perTheme.AddRow(
                Markup.Escape(mb.ThemeId),
                mb.Support.ToString(CultureInfo.InvariantCulture),
                mb.Support == 0 ? "no data" : F(mb.F1),
                mn.Support == 0 ? "no data" : F(mn.F1),
                mb.Support == 0 ? string.Empty : Signed(mn.F1 - mb.F1, 1, "0.000"));
        }

        return new Rows(
            new Markup($"[bold]New:[/] {Markup.Escape(newName)}   [bold]Baseline:[/] {Markup.Escape(baselineName)}   [bold]Posts:[/] {b.Count} in {Markup.Escape(dataName)}\n"),
            overall,
            perTheme,
            new Markup(string.Create(CultureInfo.InvariantCulture, $"\n[bold]Paired test on top-1[/] ({comparison.TopOnePosts} posts with themes): both right {comparison.BothCorrect}, only the baseline right {comparison.BaselineOnlyCorrect} (b), only the new model right {comparison.CandidateOnlyCorrect} (c), both wrong {comparison.BothWrong}. McNemar's exact test, two-sided p = {comparison.McNemarP:0.000}. Intervals: paired bootstrap, {comparison.BootstrapSamples} resamples, seed {comparison.Seed}.\n")),
            new Markup($"[bold]Verdict:[/] {Markup.Escape(comparison.Summary)}\n"));
    }

    /// <summary>A heading and, under it, labelled fields whose values wrap at word boundaries (for definitions, examples and word lists).</summary>
    public static IRenderable Block(string headingMarkup, IEnumerable<(string Label, string Value)> fields)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().Padding(2, 0, 2, 0)).AddColumn();
        foreach (var (label, value) in fields)
        {
            grid.AddRow(new Markup($"[grey]{Markup.Escape(label)}[/]"), new Text(value));
        }

        return new Rows(new Markup(headingMarkup), grid, Text.Empty);
    }

    private static string Points(DifferenceInterval d) =>
        $"{Signed(d.Estimate, 100, "0.0")} pts ({Signed(d.Lower, 100, "0.0")} to {Signed(d.Upper, 100, "0.0")})";

    private static string Signed(double value, double scale, string format) =>
        (value * scale).ToString("+" + format + ";-" + format + ";" + format, CultureInfo.InvariantCulture);
}
