using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using ThemeClassifier.Evaluation;

namespace ThemeClassifier.Cli.Reports;

/// <summary>The Spectre tables people read: trainers compared, overall figures, per-theme figures.</summary>
internal static class Tables
{
    public static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Pct(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static IRenderable Trainers(CrossValidationReport cv)
    {
        var table = new Table().Title($"Trainers compared by cross-validation ({cv.Folds} folds × {cv.Repeats} repeats; lowest log-loss kept)")
            .AddColumns("Trainer", "Log-loss", "Top-1", "Top-3", "Macro-F1", "± sd", "");
        foreach (var t in cv.Trainers)
        {
            var chosen = t.Trainer == cv.Chosen;
            table.AddRow(
                new Markup(Markup.Escape(t.Trainer)),
                new Text(F(t.LogLoss)),
                new Text(Pct(t.Top1)),
                new Text(Pct(t.Top3)),
                new Text(F(t.MacroF1)),
                new Text(F(t.MacroF1StdDev)),
                new Markup(chosen ? "[green]chosen[/]" : string.Empty));
        }

        return table;
    }

    public static IRenderable Overall(EvaluationReport report, string title)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumns("Posts", "Top-1", "Top-3", "Macro-F1", "Micro-F1", "Kappa", "No-theme correct");
        table.AddRow(
            report.Count.ToString(CultureInfo.InvariantCulture),
            Pct(report.Top1),
            Pct(report.Top3),
            F(report.MacroF1),
            F(report.MicroF1),
            F(report.Kappa),
            $"{report.NoThemeCorrect}/{report.NoThemeCount}");
        return table;
    }

    public static IRenderable PerTheme(EvaluationReport report)
    {
        var table = new Table().Title("Per theme").AddColumns("Theme", "Precision", "Recall", "F1", "Support", "Predicted");
        foreach (var m in report.PerTheme)
        {
            table.AddRow(Markup.Escape(m.ThemeId), F(m.Precision), F(m.Recall), F(m.F1), m.Support.ToString(CultureInfo.InvariantCulture), m.Predicted.ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }
}
