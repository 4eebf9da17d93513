using System.Text.RegularExpressions;
using ThemeClassifier.Cli.Tests.Reporting;

namespace ThemeClassifier.Cli.Tests;

[Collection("cli")]
public sealed class ReportCommandTests(CliFixture fixture)
{
    [Fact]
    public void Report_TaggedChat_HtmlHasEverySectionAndTheCounts()
    {
        var folder = fixture.NewFolder("report");
        var input = HandMadeChat.Write(folder, fixture.ThemeIds);
        var output = Path.Combine(folder, "report.html");

        var result = Cli.Run("report", "--model", fixture.ModelPath, "--input", input, "--output", output);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var html = File.ReadAllText(output);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        foreach (var id in new[] { "activity", "q1", "q2", "themes", "caveats" })
        {
            Assert.Contains($"<section id=\"{id}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("<dt>Posts</dt><dd>9</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Accounts</dt><dd>5</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Original posts</dt><dd>8</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Retweets</dt><dd>1</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Likes</dt><dd>10</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Impressions</dt><dd>1,000</dd>", html, StringComparison.Ordinal);
        Assert.Contains("3 answers (2 original, 1 retweet); 0 with no theme.", html, StringComparison.Ordinal);
        Assert.Contains("2 answers (2 original, 0 retweets); 1 with no theme.", html, StringComparison.Ordinal);
        Assert.Contains("5 of 9 posts (56%) got no theme", html, StringComparison.Ordinal);
        Assert.Contains("1 record(s) of the input had no text or were error lines", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://x.com/ann/status/1\">link</a>", html, StringComparison.Ordinal);
        Assert.Equal(HandMadeChat.Quotes, Regex.Count(html, "<blockquote>"));
        Assert.DoesNotContain("<blockquote>RT @", html, StringComparison.Ordinal);
        Assert.Contains("Themes and probabilities were read from the input", html, StringComparison.Ordinal);
        Assert.Contains("probability 0.91", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "probability 0.05; <span class=\"below\">.{0,60}below the theme's threshold"));
        Assert.Contains("The model&#x27;s card reports no evaluation on posts it was not trained on", html, StringComparison.Ordinal);
        Assert.Contains("9 posts, 2 questions, 44% with a theme", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Html_IsSelfContained()
    {
        var folder = fixture.NewFolder("report");
        var output = Path.Combine(folder, "r.html");

        Cli.Run("report", "--model", fixture.ModelPath, "--input", HandMadeChat.Write(folder, fixture.ThemeIds), "--output", output);

        var html = File.ReadAllText(output);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Equal(4, Regex.Count(html, "<svg "));
        Assert.Equal(4, Regex.Count(html, "<title>[^<]+</title>\\s*<desc id="));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Report_Markdown_WritesPngChartsBesideIt()
    {
        var folder = fixture.NewFolder("report-md");
        var output = Path.Combine(folder, "chat.md");

        var result = Cli.Run("report", "--model", fixture.ModelPath, "--input", HandMadeChat.Write(folder, fixture.ThemeIds), "--output", output);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var md = File.ReadAllText(output);
        Assert.Contains("## Q1", md, StringComparison.Ordinal);
        Assert.Contains("| Posts | 9 |", md, StringComparison.Ordinal);
        foreach (var chart in new[] { "chat-timeline.png", "chat-q1.png", "chat-q2.png", "chat-themes.png" })
        {
            Assert.Contains($"]({chart})", md, StringComparison.Ordinal);
            var bytes = File.ReadAllBytes(Path.Combine(folder, chart));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }

        Assert.Contains(@"A1 Leaders who listen, and no blame culture", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_UntaggedCsv_TagsWithTheModel()
    {
        var folder = fixture.NewFolder("report-csv");
        var input = Path.Combine(folder, "chat.csv");
        File.WriteAllLines(input,
        [
            "Tweet id,Username,Tweet date,Tweet text",
            "1,host,2023-01-31 19:00,Q1: What matters most?",
            "2,ann,2023-01-31 19:01,\"A1 staff must feel safe to speak up, without blame\"",
            "3,bob,2023-01-31 19:02,A1 protected time for improvement",
        ]);

        var result = Cli.Run("report", "--model", fixture.ModelPath, "--input", input);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var html = File.ReadAllText(Path.Combine(folder, "chat.report.html"));
        Assert.Contains("Themes were suggested by the model fast.zip", html, StringComparison.Ordinal);
        Assert.Contains("2 answers (2 original, 0 retweets)", html, StringComparison.Ordinal);
        Assert.Contains("@host", html, StringComparison.Ordinal);
        Assert.Contains("1 host question got no theme, as &#x27;themes tag&#x27; does", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_OutputIsTheInput_RefusedAndInputKept()
    {
        var input = HandMadeChat.Write(fixture.NewFolder("report-same"), fixture.ThemeIds);
        var before = File.ReadAllText(input);

        var result = Cli.Run("report", "--model", fixture.ModelPath, "--input", input, "--output", input);

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains("refusing to overwrite an input", result.Err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(input));
    }

    [Fact]
    public void Report_MissingInput_IsBadInput()
    {
        var result = Cli.Run("report", "--model", fixture.ModelPath, "--input", Path.Combine(fixture.Directory, "missing.jsonl"));

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains("input file not found", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_UnknownFormat_IsUsageError()
    {
        var result = Cli.Run("report", "--input", "x.jsonl", "--format", "pdf");

        Assert.Equal(Program.ExitUsage, result.ExitCode);
    }
}
