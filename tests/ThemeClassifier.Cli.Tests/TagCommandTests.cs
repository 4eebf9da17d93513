using Newtonsoft.Json.Linq;
using ThemeClassifier.Cli;

namespace ThemeClassifier.Cli.Tests;

[Collection("cli")]
public sealed class TagCommandTests(CliFixture fixture)
{
    private string Write(string name, string content)
    {
        var path = Path.Combine(fixture.NewFolder("tag"), name);
        File.WriteAllText(path, content);
        return path;
    }

    private static JObject[] Parse(CliResult result) => result.OutLines.Select(Cli.Json).ToArray();

    [Fact]
    public void Tag_ThreeShards_EachRecordTaggedExactlyOnce()
    {
        var input = Write("shards.jsonl", string.Join('\n', Enumerable.Range(0, 30)
            .Select(i => i == 7 ? "{broken" : $$"""{"id":"p{{i}}","text":"post {{i}} about protected time for improvement"}""")));
        var whole = Parse(Cli.Run("tag", "--model", fixture.ModelPath, "--input", input));

        var shards = Enumerable.Range(0, 3).Select(k => Cli.Run("tag", "--model", fixture.ModelPath, "--input", input, "--shard", $"{k}/3")).ToArray();

        Assert.All(shards, r => Assert.Equal(Program.ExitOk, r.ExitCode));
        var union = shards.SelectMany(Parse).ToArray();
        Assert.Equal(whole.Length, union.Length);
        Assert.All(shards, r => Assert.NotEmpty(r.OutLines));
        var key = (JObject o) => (string?)o["id"] ?? "line " + (int)o["line"]!;
        Assert.Equal(whole.Select(key).Order(), union.Select(key).Order());
        Assert.Equal(whole.Single(o => (string?)o["id"] == "p3")["scores"]!.ToString(), union.Single(o => (string?)o["id"] == "p3")["scores"]!.ToString());
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("1")]
    [InlineData("-1/2")]
    public void Tag_BadShard_IsUsageError(string shard)
    {
        var result = Cli.Run("tag", "--model", fixture.ModelPath, "--input", Write("s.txt", "hello\n"), "--shard", shard);
        Assert.Equal(Program.ExitUsage, result.ExitCode);
    }

    [Fact]
    public void Tag_JsonlWithMalformedLines_OneOutputLinePerRecordInOrder()
    {
        var input = Write("in.jsonl", string.Join('\n',
            """{"id":"a","text":"Staff must feel safe to speak up without blame","created_at":"2023-01-31T20:00:00.000Z"}""",
            """{"id":"b","text": """,
            "",
            """{"id":"c","nottext":"x"}""",
            """{"id":"d","text":"RT @bob: Leaders must be visible on the wards"}"""));

        var result = Cli.Run("tag", "--model", fixture.ModelPath, "--input", input);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var lines = Parse(result);
        Assert.Equal(4, lines.Length);
        Assert.Equal("a", (string?)lines[0]["id"]);
        Assert.Equal("2023-01-31T20:00:00.000Z", (string?)lines[0]["created_at"]);
        Assert.Contains("psychological-safety", lines[0]["themes"]!.Values<string>());
        Assert.Equal(2, (int)lines[1]["line"]!);
        Assert.NotNull(lines[1]["error"]);
        Assert.Null(lines[1]["themes"]);
        Assert.Equal(4, (int)lines[2]["line"]!);
        Assert.Contains("text", (string?)lines[2]["error"], StringComparison.Ordinal);
        Assert.Equal("c", (string?)lines[2]["id"]);
        Assert.Equal("d", (string?)lines[3]["id"]);
        Assert.Contains("malformed", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_Scores_EveryThemeRoundedToFourDecimals()
    {
        var result = Cli.RunWithInput("Co-design the service with patients and carers\n", "tag", "--model", fixture.ModelPath, "--format", "text");

        var line = Assert.Single(Parse(result));
        var scores = (JObject)line["scores"]!;
        Assert.Equal(fixture.ThemeIds, scores.Properties().Select(p => p.Name));
        Assert.All(scores.Properties(), p => Assert.Equal(Math.Round((double)p.Value, 4), (double)p.Value));
        var themes = line["themes"]!.Values<string>().ToArray();
        Assert.All(themes, t => Assert.Contains(t, fixture.ThemeIds));
        Assert.Equal(themes.OrderByDescending(t => (double)scores[t!]!), themes);
    }

    [Theory]
    [InlineData("Co-design the service with patients and carers")]
    [InlineData("Thanks all, great chat!")]
    public void Tag_Relevance_IsTheGatesProbabilityAndDecidesWhetherThereAreThemes(string text)
    {
        using var tagger = ThemeTagger.Load(fixture.ModelPath);
        var expected = tagger.Predict(text);

        var line = Assert.Single(Parse(Cli.RunWithInput(text + "\n", "tag", "--model", fixture.ModelPath, "--format", "text")));

        var relevance = (double)line["relevance"]!;
        Assert.Equal(Math.Round((double)expected.Relevance, 4), relevance);
        Assert.Equal(relevance >= tagger.RelevanceThreshold, line["themes"]!.HasValues);
    }

    [Fact]
    public void Tag_CsvFromTweetAnalytics_KeepsColumnsAndReportsBadRows()
    {
        var input = Write("tweets.csv",
            "Tweet id,Tweet text,impressions\n" +
            "1,\"Staff feel safe to speak up, \"\"no blame\"\"\",10\n" +
            "2,bad \"quote here,5\n" +
            "3,too,many,fields\n" +
            "4,\"Co-design with patients\nand families\",7\n");

        var result = Cli.Run("tag", "--model", fixture.ModelPath, "--input", input);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var lines = Parse(result);
        Assert.Equal(4, lines.Length);
        Assert.Equal("1", (string?)lines[0]["Tweet id"]);
        Assert.Equal("10", (string?)lines[0]["impressions"]);
        Assert.Equal("Staff feel safe to speak up, \"no blame\"", (string?)lines[0]["Tweet text"]);
        Assert.Equal(3, (int)lines[1]["line"]!);
        Assert.NotNull(lines[1]["error"]);
        Assert.Equal(4, (int)lines[2]["line"]!);
        Assert.Contains("field", (string?)lines[2]["error"], StringComparison.Ordinal);
        Assert.Equal("4", (string?)lines[3]["Tweet id"]);
        Assert.NotNull(lines[3]["themes"]);
    }

    [Fact]
    public void Tag_TextColumnOption_ReadsThatColumn()
    {
        var input = Write("posts.csv", "id,body_text\n1,Leaders must be visible on the wards\n");

        var result = Cli.Run("tag", "--model", fixture.ModelPath, "--input", input, "--text-column", "body_text");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.NotNull(Assert.Single(Parse(result))["themes"]);
    }

    [Fact]
    public void Tag_PlainTextOnStdin_TagsEachNonEmptyLine()
    {
        var result = Cli.RunWithInput("Staff feel safe to speak up\n\nLeaders on the wards\n", "tag", "--model", fixture.ModelPath);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var lines = Parse(result);
        Assert.Equal(new[] { 1, 3 }, lines.Select(l => (int)l["line"]!));
        Assert.Equal("Leaders on the wards", (string?)lines[1]["text"]);
    }

    [Fact]
    public void Tag_TwitterApiResponse_TagsEveryPostOfData()
    {
        var input = Write("search.json", """
            {
              "data": [
                {"id": "1600000000000000001", "text": "RT @QIHour: Psychological safety means staff can speak up", "author_id": "12"},
                {"id": "1600000000000000002", "text": "We co-designed the clinic with patients and carers", "author_id": "13"}
              ],
              "includes": {"users": [{"id": "12", "username": "QIHour"}]},
              "meta": {"result_count": 2}
            }
            """);

        var result = Cli.Run("tag", "--model", fixture.ModelPath, "--input", input);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var lines = Parse(result);
        Assert.Equal(new[] { "1600000000000000001", "1600000000000000002" }, lines.Select(l => (string?)l["id"]));
        Assert.All(lines, l => Assert.NotNull(l["scores"]));
    }

    [Fact]
    public void Tag_CsvOnStdin_DetectedFromItsHeader()
    {
        var result = Cli.RunWithInput("id,Tweet Text\n1,\"Leaders, visible on the wards\"\n2,Speak up safely\n", "tag", "--model", fixture.ModelPath);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var lines = Parse(result);
        Assert.Equal(new[] { "1", "2" }, lines.Select(l => (string?)l["id"]));
        Assert.Equal("Leaders, visible on the wards", (string?)lines[0]["Tweet Text"]);
    }

    [Fact]
    public void Tag_BrokenTwitterResponse_TagsPostsBeforeTheBreakThenOneErrorLine()
    {
        var input = Write("broken.json", "{\"data\": [\n {\"id\": \"1\", \"text\": \"Leaders on the wards\"},\n {\"id\": \"2\", \"text\": ");

        var result = Cli.Run("tag", "--model", fixture.ModelPath, "--input", input, "--format", "twitter");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var lines = Parse(result);
        Assert.Equal(2, lines.Length);
        Assert.Equal("1", (string?)lines[0]["id"]);
        Assert.NotNull(lines[1]["error"]);
        Assert.Equal(3, (int)lines[1]["line"]!);
    }

    [Fact]
    public void Tag_OutputFile_WritesJsonLinesThere()
    {
        var input = Write("in.txt", "Leaders on the wards\nTime and space to improve\n");
        var output = Path.Combine(Path.GetDirectoryName(input)!, "out.jsonl");

        var result = Cli.Run("tag", "--model", fixture.ModelPath, "--input", input, "--output", output);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Equal(2, File.ReadAllLines(output).Length);
    }

    [Fact]
    public void Tag_CsvWithoutTextColumn_ExitsOneBeforeAnyOutput()
    {
        var input = Write("nocol.csv", "a,b\n1,2\n");

        var result = Cli.Run("tag", "--model", fixture.ModelPath, "--input", input);

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Single(result.Err.Trim().Split('\n'));
        Assert.Contains("--text-column", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_UnreadableModel_ExitsOneWithOneLine()
    {
        var model = Write("broken.zip", "not a zip");

        var result = Cli.RunWithInput("hello\n", "tag", "--model", model);

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Single(result.Err.Trim().Split('\n'));
    }

    [Fact]
    public void Tag_MissingModel_ExitsOne()
    {
        var result = Cli.RunWithInput("hello\n", "tag", "--model", Path.Combine(fixture.Directory, "nope.zip"));

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains("not found", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_CodebookMismatch_ExitsOneBeforeAnyOutput()
    {
        var codebook = JObject.Parse(File.ReadAllText(fixture.CodebookPath));
        ((JArray)codebook["themes"]!).RemoveAt(0);
        foreach (var theme in codebook["themes"]!)
        {
            theme["counterExamples"] = new JArray(theme["counterExamples"]!.Where(c => (string?)c["theme"] != "psychological-safety"));
        }

        var path = Write("codebook.json", codebook.ToString());

        var result = Cli.RunWithInput("hello\n", "tag", "--model", fixture.ModelPath, "--codebook", path);

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Contains("psychological-safety", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tag", "--format", "xml")]
    [InlineData("tag", "--no-such-option")]
    [InlineData("tagg")]
    [InlineData("train", "--out", "x.zip")]
    public void Run_BadUsage_ExitsTwo(params string[] args)
    {
        var result = Cli.Run(args);

        Assert.Equal(Program.ExitUsage, result.ExitCode);
        Assert.Contains("usage", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_Cancelled_ExitsWithWholeLinesWritten()
    {
        using var cts = new CancellationTokenSource();
        var posts = string.Concat(Enumerable.Range(0, 5000).Select(i => $"Leaders on the wards, day {i}\n"));
        using var stdin = new CancelAfterReader(posts, 1500, cts);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await Task.Run(() => Program.Run(["tag", "--model", fixture.ModelPath, "--format", "text", "--chunk-size", "100"], stdout, stderr, stdin, null, cts.Token));

        Assert.Equal(Program.ExitCancelled, code);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 100, 4999);
        Assert.All(lines, l => Assert.NotNull(JObject.Parse(l)["themes"]));
        Assert.Equal(Enumerable.Range(1, lines.Length), lines.Select(l => (int)JObject.Parse(l)["line"]!));
    }

    [Fact]
    public void Tag_RepeatOfEvictedPost_StillGetsThemes()
    {
        // chunk 4 => the stream's cache holds 64 texts: a repeat of the oldest one in a chunk with 3 new texts.
        var lines = Enumerable.Range(0, 64).Select(i => $"Leaders on the wards, round {i}")
            .Concat(["Leaders on the wards, round 0", "New post a", "New post b", "New post c"]);

        var result = Cli.RunWithInput(string.Join('\n', lines) + "\n", "tag", "--model", fixture.ModelPath, "--format", "text", "--chunk-size", "4");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var output = Parse(result);
        Assert.Equal(68, output.Length);
        Assert.All(output, o => Assert.Null(o["error"]));
    }

    [Fact]
    public void Tag_WithoutModel_UsesTheShippedDefaultOrSaysWhy()
    {
        var result = Cli.RunWithInput("Staff must feel safe to speak up without blame\n", "tag");

        if (result.ExitCode == Program.ExitOk)
        {
            Assert.NotNull(Assert.Single(Parse(result))["themes"]);
        }
        else
        {
            Assert.Equal(Program.ExitBadInput, result.ExitCode);
            Assert.Contains("--model", result.Err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Help_EveryVerb_ShowsExamplesAndExitCodes()
    {
        foreach (var verb in new[] { "tag", "train", "evaluate", "suggest", "explain", "codebook" })
        {
            var result = Cli.Run(verb, "--help");
            Assert.Equal(Program.ExitOk, result.ExitCode);
            Assert.Contains("EXAMPLES", result.Out, StringComparison.Ordinal);
            Assert.Contains("themes " + verb, result.Out, StringComparison.Ordinal);
            Assert.Contains("EXIT CODES", result.Out, StringComparison.Ordinal);
        }
    }

    /// <summary>Standard input that cancels the run once <paramref name="lines"/> lines have been read (a Ctrl-C).</summary>
    private sealed class CancelAfterReader(string text, int lines, CancellationTokenSource cts) : StringReader(text)
    {
        private int _read;

        public override string? ReadLine()
        {
            if (++_read == lines)
            {
                cts.Cancel();
            }

            return base.ReadLine();
        }

        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => ValueTask.FromResult(ReadLine());
    }
}
