using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;
using ThemeClassifier.Evaluation;

namespace ThemeClassifier.Cli.Reports;

/// <summary>
/// PNG pictures of an evaluation an analyst can paste into a report (ScottPlot 5). Titles are wrapped to the
/// picture's width and axes are sized from their labels, so nothing is cut off whatever the file names.
/// </summary>
internal static class Charts
{
    /// <summary>A plot and the size to save it at.</summary>
    public sealed record Chart(Plot Plot, int Width, int Height) : IDisposable
    {
        public void Save(string path) => Plot.SavePng(path, Width, Height);

        public void Dispose() => Plot.Dispose();
    }

    private const float FontSize = 14;
    /// <summary>Pixels kept clear at each side of a title line and right of the confusion matrix.</summary>
    public const float Margin = 40;

    /// <summary>Confusion matrix heatmap: rows the humans' most central theme, columns the model's first theme.</summary>
    public static void Confusion(EvaluationReport report, string path, string title)
    {
        using var chart = ConfusionChart(report, title);
        chart.Save(path);
    }

    /// <summary>Horizontal bars of each theme's F1, labelled with F1 and coded posts; "no data" for themes without coded posts.</summary>
    public static void F1(EvaluationReport report, string path, string title)
    {
        using var chart = F1Chart(report, title);
        chart.Save(path);
    }

    /// <summary>The confusion matrix as a plot: the counts in each cell, row totals in the row labels.</summary>
    public static Chart ConfusionChart(EvaluationReport report, string title)
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
                    var text = plot.Add.Text(count.ToString(CultureInfo.InvariantCulture), predicted + 0.5, y + 0.5);
                    text.LabelFontSize = 16;
                    text.LabelBold = true;
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontColor = share > 0.5 ? Colors.White : Colors.Black;
                }
            }
        }

        var rowLabels = labels.Select((l, i) => $"{l} ({report.Confusion[i].Sum()})").ToArray();
        var positions = Enumerable.Range(0, n).Select(i => i + 0.5).ToArray();
        plot.Axes.Bottom.SetTicks(positions, labels.ToArray());
        plot.Axes.Left.SetTicks(positions, rowLabels.Reverse().ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.TickLabelStyle.FontSize = FontSize;
        plot.Axes.Left.TickLabelStyle.FontSize = FontSize;
        plot.Axes.SetLimits(0, n, 0, n);
        plot.XLabel("Model: first theme given");
        plot.YLabel("Human: most central theme (posts)");
        plot.Grid.IsVisible = false;

        // Axes as wide as their longest label (the bottom one rotated 45°), plus the axis title and a gap.
        var leftLabels = Widest(plot.Axes.Left.TickLabelStyle, rowLabels);
        var bottomLabels = Widest(plot.Axes.Bottom.TickLabelStyle, labels) * MathF.Sqrt(0.5f);
        var left = leftLabels + Height(plot.Axes.Left.Label) + 20;
        var bottom = bottomLabels + Height(plot.Axes.Bottom.Label) + 20;
        plot.Axes.Left.MinimumSize = left;
        plot.Axes.Bottom.MinimumSize = bottom;
        const int cellSize = 56;
        var (width, titleHeight) = SetTitle(plot, title, (int)MathF.Ceiling(left + (cellSize * n) + Margin));
        var top = titleHeight + 20;
        var height = (int)MathF.Ceiling(top + (cellSize * n) + bottom);

        // Square cells: the data area is exactly n cells wide and high, centred if the title widened the picture.
        var side = (width - left - (cellSize * n) - Margin) / 2;
        plot.Layout.Fixed(new PixelPadding(left + side, Margin + side, height - top - (cellSize * n), top));
        return new Chart(plot, width, height);
    }

    /// <summary>The F1 bars as a plot.</summary>
    public static Chart F1Chart(EvaluationReport report, string title)
    {
        var themes = report.PerTheme;
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < themes.Count; i++)
        {
            var m = themes[i];
            var position = themes.Count - 1 - i;
            if (m.Support == 0)
            {
                var note = plot.Add.Text(m.Predicted == 0 ? "no data (no coded posts)" : $"no data (no coded posts; the model gave it to {m.Predicted})", 0.01, position);
                note.LabelFontSize = FontSize;
                note.LabelFontColor = Colors.Gray;
                note.LabelItalic = true;
                note.LabelAlignment = Alignment.MiddleLeft;
                continue;
            }

            bars.Add(new Bar
            {
                Position = position,
                Value = m.F1,
                FillColor = m.Support < 3 ? Colors.Orange : Colors.SteelBlue,
                Label = string.Create(CultureInfo.InvariantCulture, $"{m.F1:0.00} (n={m.Support})"),
            });
        }

        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = FontSize;
        plot.Axes.Left.SetTicks(themes.Select((_, i) => (double)(themes.Count - 1 - i)).ToArray(), themes.Select(m => m.ThemeId).ToArray());
        plot.Axes.Left.TickLabelStyle.FontSize = FontSize;
        plot.Axes.SetLimits(0, 1.25, -0.6, themes.Count - 0.4);
        plot.Axes.Bottom.SetTicks([0, 0.2, 0.4, 0.6, 0.8, 1.0], ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = FontSize;
        plot.XLabel("F1 (harmonic mean of precision and recall); n = human-coded posts");
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "3 or more coded posts", FillColor = Colors.SteelBlue });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "fewer than 3: unreliable", FillColor = Colors.Orange });
        plot.Legend.FontSize = FontSize;
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.ShowLegend(Edge.Bottom);
        var (width, titleHeight) = SetTitle(plot, string.Create(CultureInfo.InvariantCulture, $"{title} (macro-F1 {report.MacroF1:0.00})"), 1100);
        var height = (int)((60 * themes.Count) + 200 + titleHeight);
        return new Chart(plot, width, height);
    }

    /// <summary>Top-1 and macro-F1 (mean ± sd) against the number of posts trained on.</summary>
    public static void LearningCurve(LearningCurve curve, string path, string title)
    {
        using var chart = LearningCurveChart(curve, title);
        chart.Save(path);
    }

    /// <summary>
    /// The learning curve as a plot: one line per figure (solid: cross-validation; dashed: the external file), error
    /// bars of one standard deviation.
    /// </summary>
    public static Chart LearningCurveChart(LearningCurve curve, string title)
    {
        var plot = new Plot();
        var x = curve.Points.Select(p => p.TrainingPosts).ToArray();
        var lines = new List<(string Name, double[] Y, double[] Sd, Color Color, bool Dashed)>
        {
            ("Top-1 (CV)", curve.Points.Select(p => p.CrossValidated.Top1).ToArray(), curve.Points.Select(p => p.CrossValidated.Top1StdDev).ToArray(), Colors.SteelBlue, false),
            ("Macro-F1 (CV)", curve.Points.Select(p => p.CrossValidated.MacroF1).ToArray(), curve.Points.Select(p => p.CrossValidated.MacroF1StdDev).ToArray(), Colors.DarkOrange, false),
        };
        if (curve.Points.All(p => p.External is not null))
        {
            lines.Add(("Top-1 (external)", curve.Points.Select(p => p.External!.Top1).ToArray(), curve.Points.Select(p => p.External!.Top1StdDev).ToArray(), Colors.SteelBlue, true));
            lines.Add(("Macro-F1 (external)", curve.Points.Select(p => p.External!.MacroF1).ToArray(), curve.Points.Select(p => p.External!.MacroF1StdDev).ToArray(), Colors.DarkOrange, true));
        }

        foreach (var (name, y, sd, color, dashed) in lines)
        {
            var line = plot.Add.Scatter(x, y);
            line.LegendText = name;
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = 8;
            line.LinePattern = dashed ? LinePattern.Dashed : LinePattern.Solid;
            var bars = plot.Add.ErrorBar(x, y, sd);
            bars.Color = color;
        }

        plot.Axes.SetLimits(0, Math.Max(10, x.Max() * 1.05), 0, 1);
        plot.Axes.Left.TickLabelStyle.FontSize = FontSize;
        plot.Axes.Bottom.TickLabelStyle.FontSize = FontSize;
        plot.XLabel("Hand-coded posts trained on");
        plot.YLabel("Score (mean ± sd)");
        plot.Legend.FontSize = FontSize;
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.ShowLegend(Edge.Bottom);
        var (width, titleHeight) = SetTitle(plot, title, 900);
        return new Chart(plot, width, (int)(560 + titleHeight));
    }

    /// <summary>
    /// Sets the title, centred on the whole picture and broken into lines (at spaces, or after '-', '_', '/' inside long
    /// file names) so that each fits <paramref name="width"/>. Returns the picture's width, widened only if one
    /// unbreakable piece is wider still, and the title's height.
    /// </summary>
    public static (int Width, float Height) SetTitle(Plot plot, string title, int width)
    {
        var style = plot.Axes.Title.Label;
        var pieces = Regex.Split(title, "(?<=[ \\-_/])").Where(p => p.Length > 0).ToArray();
        width = Math.Max(width, (int)MathF.Ceiling(Widest(style, pieces.Select(p => p.TrimEnd())) + (2 * Margin)));
        var lines = new List<string>();
        var line = string.Empty;
        foreach (var piece in pieces)
        {
            if (line.Length > 0 && Widest(style, [(line + piece).TrimEnd()]) > width - (2 * Margin))
            {
                lines.Add(line.TrimEnd());
                line = string.Empty;
            }

            line += piece;
        }

        lines.Add(line.TrimEnd());
        plot.Title(string.Join('\n', lines));
        plot.Axes.Title.FullFigureCenter = true;
        return (width, Height(style));
    }

    private static float Widest(LabelStyle style, IEnumerable<string> texts)
    {
        var saved = style.Text;
        using var paint = Paint.NewDisposablePaint();
        var widest = texts.Max(t =>
        {
            style.Text = t;
            return style.Measure(paint).Width;
        });
        style.Text = saved;
        return widest;
    }

    private static float Height(LabelStyle style)
    {
        using var paint = Paint.NewDisposablePaint();
        return style.Measure(paint).Height;
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
