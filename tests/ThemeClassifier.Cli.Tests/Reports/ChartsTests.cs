using ScottPlot;
using ScottPlot.Plottables;
using ThemeClassifier.Cli.Reports;
using ThemeClassifier.Evaluation;

namespace ThemeClassifier.Cli.Tests.Reports;

public sealed class ChartsTests
{
    private const string LongTitle = "F1 per theme: themes-2026-11.zip on a-very-long-file-name-for-the-labelled-posts-of-november-2026-checked-by-two-analysts.jsonl";

    private static readonly string[] Ids = ["psychological-safety", "relationships-networks", "facing-problems", "patient-voice"];

    [Fact]
    public void F1Chart_LongTitle_EveryTitleLineFitsThePicture()
    {
        using var chart = Charts.F1Chart(Report(), LongTitle);

        var lines = chart.Plot.Axes.Title.Label.Text.Split('\n');
        Assert.True(lines.Length >= 2, "the title is wrapped");
        Assert.Equal(LongTitle.Replace(" ", string.Empty, StringComparison.Ordinal) + "(macro-F10.50)", string.Concat(lines).Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.All(lines, line => Assert.InRange(Width(chart.Plot.Axes.Title.Label, line), 1, chart.Width - (2 * Charts.Margin)));
        Assert.True(chart.Plot.Axes.Title.FullFigureCenter);
    }

    [Fact]
    public void F1Chart_Saved_PngHasTheComputedSize()
    {
        using var chart = Charts.F1Chart(Report(), LongTitle);
        var path = Path.Combine(Path.GetTempPath(), $"f1-{Guid.NewGuid():N}.png");

        chart.Save(path);

        var (width, height) = PngSize(path);
        File.Delete(path);
        Assert.Equal(chart.Width, width);
        Assert.Equal(chart.Height, height);
    }

    [Fact]
    public void F1Chart_ThemeWithoutCodedPosts_IsNoDataNotAZeroBar()
    {
        using var chart = Charts.F1Chart(Report(), "F1");

        var bars = chart.Plot.GetPlottables().OfType<BarPlot>().Single().Bars;
        Assert.Equal(3, bars.Count);
        Assert.DoesNotContain(bars, b => b.Position == Ids.Length - 1 - 2);
        var note = Assert.Single(chart.Plot.GetPlottables().OfType<Text>(), t => t.LabelText.StartsWith("no data", StringComparison.Ordinal));
        Assert.Equal("no data (no coded posts; the model gave it to 2)", note.LabelText);
        Assert.Equal(Ids.Length - 1 - 2, note.Location.Y);
    }

    [Fact]
    public void ConfusionChart_LongLabels_AxesAndPictureMadeRoomForThem()
    {
        using var chart = Charts.ConfusionChart(Report(), LongTitle);

        chart.Plot.RenderInMemory(chart.Width, chart.Height);
        var data = chart.Plot.RenderManager.LastRender.DataRect;
        var widestRowLabel = Width(chart.Plot.Axes.Left.TickLabelStyle, "relationships-networks (1)");
        Assert.True(data.Left > widestRowLabel, $"data area starts at {data.Left}, row labels need {widestRowLabel}");
        Assert.True(chart.Height - data.Bottom > Width(chart.Plot.Axes.Bottom.TickLabelStyle, "relationships-networks") * MathF.Sqrt(0.5f), "room below for the 45° column labels");
        Assert.InRange(data.Width / data.Height, 0.95, 1.05);
        Assert.All(chart.Plot.Axes.Title.Label.Text.Split('\n'), line => Assert.InRange(Width(chart.Plot.Axes.Title.Label, line), 1, chart.Width - (2 * Charts.Margin)));
    }

    /// <summary>Four themes and none: facing-problems has no coded posts but was given to 2.</summary>
    private static EvaluationReport Report()
    {
        var labels = Ids.Append(EvaluationReport.NoTheme).ToArray();
        return new EvaluationReport
        {
            Count = 6,
            Top1 = 0.5,
            Top3 = 1,
            MacroF1 = 0.5,
            MicroF1 = 0.5,
            Kappa = 0.3,
            NoThemeCount = 1,
            NoThemeCorrect = 1,
            PerTheme =
            [
                new ThemeMetrics(Ids[0], 1, 1, 1, 3, 3),
                new ThemeMetrics(Ids[1], 0.5, 1, 2.0 / 3, 1, 2),
                new ThemeMetrics(Ids[2], 0, 0, 0, 0, 2),
                new ThemeMetrics(Ids[3], 0, 0, 0, 1, 0),
            ],
            ConfusionLabels = labels,
            Confusion = labels.Select((_, i) => labels.Select((_, j) => i == j ? 1 : 0).ToArray()).ToArray(),
        };
    }

    private static float Width(LabelStyle style, string text)
    {
        var measured = new LabelStyle { Text = text, FontSize = style.FontSize, Bold = style.Bold, FontName = style.FontName };
        using var paint = Paint.NewDisposablePaint();
        return measured.Measure(paint).Width;
    }

    private static (int Width, int Height) PngSize(string path)
    {
        var header = File.ReadAllBytes(path).AsSpan(16, 8);
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header[4..]));
    }
}
