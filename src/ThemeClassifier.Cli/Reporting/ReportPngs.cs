using ScottPlot;
using ThemeClassifier.Records;
using ThemeClassifier.Cli.Reports;
using ThemeClassifier.Reporting;

namespace ThemeClassifier.Cli.Reporting;

/// <summary>The report's charts as PNG files (ScottPlot) for the Markdown report, to paste into Word.</summary>
internal static class ReportPngs
{
    private const float FontSize = 16;

    /// <summary>
    /// Writes the charts beside <paramref name="markdownPath"/> (<c>NAME-timeline.png</c>, <c>NAME-q2.png</c>,
    /// <c>NAME-themes.png</c>) and returns each chart's file name by id, for <see cref="ReportView.Create"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Write(ChatSummary summary, string markdownPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(markdownPath))!;
        var stem = Path.GetFileNameWithoutExtension(markdownPath);
        var files = new Dictionary<string, string>();
        void Save(string id, Charts.Chart chart)
        {
            using (chart)
            {
                var name = $"{stem}-{id}.png";
                OutputFile.Write(Path.Combine(directory, name), stream => stream.Write(chart.Plot.GetImageBytes(chart.Width, chart.Height, ImageFormat.Png)));
                files[id] = name;
            }
        }

        if (summary.Activity.Timeline is { } timeline)
        {
            Save("timeline", Timeline(timeline));
        }

        foreach (var q in summary.Questions.Where(q => q.Themes.Count > 0))
        {
            Save(q.Label.ToLowerInvariant(), Bars($"{q.Label}: themes of the answers", "answers", q.Themes.Select(t => (t.Theme.Name, t.Answers)).ToArray()));
        }

        var themes = summary.Themes.Where(t => t.Posts > 0).Select(t => (t.Theme.Name, t.Posts)).ToArray();
        if (themes.Length > 0)
        {
            Save("themes", Bars("Themes across the whole chat", "posts", themes));
        }

        return files;
    }

    private static Charts.Chart Bars(string title, string unit, IReadOnlyList<(string Label, int Value)> bars)
    {
        var plot = new Plot();
        var n = bars.Count;
        var plottable = plot.Add.Bars(bars.Select((b, i) => new Bar
        {
            Position = n - 1 - i,
            Value = b.Value,
            FillColor = new Color(31, 95, 153),
            Label = b.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).ToArray());
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = FontSize;
        plot.Axes.Left.SetTicks(bars.Select((_, i) => (double)(n - 1 - i)).ToArray(), bars.Select(b => b.Label).ToArray());
        plot.Axes.Left.TickLabelStyle.FontSize = FontSize;
        plot.Axes.Bottom.TickLabelStyle.FontSize = FontSize;
        plot.Axes.SetLimits(0, bars.Max(b => b.Value) * 1.15, -0.6, n - 0.4);
        plot.XLabel(unit);
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        var (width, titleHeight) = Charts.SetTitle(plot, title, 900);
        return new Charts.Chart(plot, width, (int)((44 * n) + 120 + titleHeight));
    }

    private static Charts.Chart Timeline(ActivityTimeline t)
    {
        var plot = new Plot();
        var bars = plot.Add.Bars(t.Counts.Select(c => (double)c).ToArray());
        bars.Color = new Color(31, 95, 153);
        foreach (var bar in bars.Bars)
        {
            bar.Size = 0.85;
        }

        foreach (var mark in t.Questions)
        {
            var line = plot.Add.VerticalLine(((mark.Time - t.Start).TotalMinutes / t.BinMinutes) - 0.5);
            line.LabelText = ChatStructure.Label(mark.Question);
            line.LabelOppositeAxis = true;
            line.LinePattern = LinePattern.Dashed;
            line.Color = new Color(138, 59, 0);
            line.LabelFontSize = FontSize;
        }

        var n = t.Counts.Count;
        var format = n * t.BinMinutes < 24 * 60 ? "HH:mm" : "d MMM HH:mm";
        var ticks = Enumerable.Range(0, 6).Select(i => (int)Math.Round(i * (n - 1) / 5.0)).Distinct().ToArray();
        plot.Axes.Bottom.SetTicks(
            ticks.Select(i => (double)i).ToArray(),
            ticks.Select(i => t.Start.AddMinutes(i * t.BinMinutes).ToString(format, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = FontSize;
        plot.Axes.Left.TickLabelStyle.FontSize = FontSize;
        plot.Axes.SetLimits(-1, n, 0, t.Counts.Max() * 1.1);
        var unit = t.BinMinutes == 1 ? "minute" : $"{t.BinMinutes} minutes";
        plot.YLabel($"posts per {unit}");
        plot.XLabel(t.Start.Offset == TimeSpan.Zero ? "time (UTC)" : "time (UTC" + t.Start.ToString("zzz", System.Globalization.CultureInfo.InvariantCulture) + ")");
        plot.Axes.Bottom.Label.FontSize = FontSize;
        plot.Axes.Left.Label.FontSize = FontSize;
        plot.Layout.Fixed(new PixelPadding(80, 30, 70, 50));
        const int width = 1000;
        return new Charts.Chart(plot, width, 420);
    }
}
