using ScottPlot;
using ThemeClassifier.Evaluation;

namespace ThemeClassifier.Cli.Reports;

/// <summary>PNG pictures of an evaluation an analyst can paste into a report (ScottPlot 5).</summary>
internal static class Charts
{
    /// <summary>Confusion matrix heatmap: rows the humans' most central theme, columns the model's first theme.</summary>
    public static void Confusion(EvaluationReport report, string path, string title)
    {
        var labels = report.ConfusionLabels;
        var n = labels.Count;
        var max = Math.Max(1, report.Confusion.Max(r => r.Max()));
        var plot = new Plot();
        for (var gold = 0; gold < n; gold++)
        {
            for (var predicted = 0; predicted < n; predicted++)
            {
                var count = report.Confusion[gold][predicted];
                var y = n - 1 - gold;
                var share = (double)count / max;
                var cell = plot.Add.Rectangle(predicted, predicted + 1, y, y + 1);
                cell.FillStyle.Color = Blend(share, gold == predicted);
                cell.LineStyle.Color = Colors.LightGray;
                cell.LineStyle.Width = 1;
                if (count > 0)
                {
                    var text = plot.Add.Text(count.ToString(System.Globalization.CultureInfo.InvariantCulture), predicted + 0.5, y + 0.5);
                    text.LabelFontSize = 16;
                    text.LabelBold = true;
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontColor = share > 0.5 ? Colors.White : Colors.Black;
                }
            }
        }

        var positions = Enumerable.Range(0, n).Select(i => i + 0.5).ToArray();
        plot.Axes.Bottom.SetTicks(positions, labels.ToArray());
        plot.Axes.Left.SetTicks(positions, labels.Reverse().ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 200;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Axes.SetLimits(0, n, 0, n);
        plot.Title(title);
        plot.XLabel("Model: first theme given");
        plot.YLabel("Human: most central theme");
        plot.Grid.IsVisible = false;
        plot.SavePng(path, 1100, 1000);
    }

    /// <summary>Horizontal bars of each theme's F1, labelled with F1 and support.</summary>
    public static void F1(EvaluationReport report, string path, string title)
    {
        var themes = report.PerTheme;
        var plot = new Plot();
        var bars = themes.Select((m, i) => new Bar
        {
            Position = themes.Count - 1 - i,
            Value = m.F1,
            FillColor = m.Support < 3 ? Colors.Orange : Colors.SteelBlue,
            Label = $"{m.F1:0.00} (n={m.Support})",
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = 14;
        plot.Axes.Left.SetTicks(themes.Select((_, i) => (double)(themes.Count - 1 - i)).ToArray(), themes.Select(m => m.ThemeId).ToArray());
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Axes.SetLimits(0, 1.2, -0.6, themes.Count - 0.4);
        plot.Axes.Bottom.SetTicks([0, 0.2, 0.4, 0.6, 0.8, 1.0], ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Title($"{title} (macro-F1 {report.MacroF1:0.00}; orange: fewer than 3 human-coded posts)");
        plot.XLabel("F1 (harmonic mean of precision and recall)");
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        plot.SavePng(path, 1100, Math.Max(500, 60 * themes.Count + 160));
    }

    private static Color Blend(double share, bool diagonal)
    {
        var target = diagonal ? new Color(33, 102, 172) : new Color(178, 24, 43);
        return new Color(
            (byte)(255 - (share * (255 - target.R))),
            (byte)(255 - (share * (255 - target.G))),
            (byte)(255 - (share * (255 - target.B))));
    }
}
