using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using ThemeClassifier.Cli;

namespace ThemeClassifier.Cli.Tests;

/// <summary>User slips, hostile files and interrupted runs (issue 8): nothing the user had is lost, no record vanishes.</summary>
[Collection("cli")]
public sealed partial class HostileInputTests(CliFixture fixture)
{
    private const string Posts = "{\"id\":\"1\",\"text\":\"Staff feel safe to speak up\"}\n{\"id\":\"2\",\"text\":\"Leaders on the wards\"}\n";

    private string Folder() => fixture.NewFolder("hostile");

    private static string WriteIn(string folder, string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private CliResult Tag(params string[] args) => Cli.Run(["tag", "--model", fixture.ModelPath, .. args]);

    private static JObject[] Parse(CliResult result) => result.OutLines.Select(Cli.Json).ToArray();

    private static void AssertRefused(CliResult result, string output, string input)
    {
        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        var message = Assert.Single(result.Err.Trim().Split('\n'));
        Assert.Contains(output, message, StringComparison.Ordinal);
        Assert.Contains(input, message, StringComparison.Ordinal);
        Assert.Contains("same file", message, StringComparison.Ordinal);
    }

    private static void AssertNoTempFiles(string folder) =>
        Assert.Empty(Directory.EnumerateFiles(folder, "*.tmp*").Concat(Directory.EnumerateFiles(folder, ".*")));

    // --- outputs that are inputs -------------------------------------------------------------------------------

    [Fact]
    public void Tag_OutputSameAsInput_RefusedAndInputKept()
    {
        var input = WriteIn(Folder(), "a.jsonl", Posts);

        var result = Tag("--input", input, "--output", input);

        AssertRefused(result, input, input);
        Assert.Equal(Posts, File.ReadAllText(input));
    }

    [Fact]
    public void Tag_OutputSameAsInputByRelativePath_Refused()
    {
        var input = WriteIn(Folder(), "a.jsonl", Posts);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, input);

        var result = Tag("--input", input, "--output", relative);

        AssertRefused(result, relative, input);
        Assert.Equal(Posts, File.ReadAllText(input));
    }

    [Fact]
    public void Tag_OutputSymlinkToInput_Refused()
    {
        var folder = Folder();
        var input = WriteIn(folder, "a.jsonl", Posts);
        var link = Path.Combine(folder, "link.jsonl");
        File.CreateSymbolicLink(link, input);

        var result = Tag("--input", input, "--output", link);

        AssertRefused(result, link, input);
        Assert.Equal(Posts, File.ReadAllText(input));
    }

    [Fact]
    public void Tag_OutputHardLinkToInput_Refused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var folder = Folder();
        var input = WriteIn(folder, "a.jsonl", Posts);
        var link = Path.Combine(folder, "hard.jsonl");
        using (var ln = Process.Start("ln", [input, link]))
        {
            ln.WaitForExit();
            Assert.Equal(0, ln.ExitCode);
        }

        var result = Tag("--input", input, "--output", link);

        AssertRefused(result, link, input);
        Assert.Equal(Posts, File.ReadAllText(input));
    }

    [Fact]
    public void Tag_OutputIsACopyOfTheInput_NotTheSameFileSoReplaced()
    {
        var folder = Folder();
        var input = WriteIn(folder, "a.jsonl", Posts);
        var copy = WriteIn(folder, "copy.jsonl", Posts);

        var result = Tag("--input", input, "--output", copy);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.Equal(Posts, File.ReadAllText(input));
        Assert.All(File.ReadAllLines(copy), l => Assert.NotNull(Cli.Json(l)["themes"]));
    }

    [Fact]
    public void Tag_OutputIsTheModel_RefusedAndModelKept()
    {
        var folder = Folder();
        var model = Path.Combine(folder, "model.zip");
        File.Copy(fixture.ModelPath, model);
        var before = File.ReadAllBytes(model);

        var result = Cli.Run("tag", "--model", model, "--input", WriteIn(folder, "a.jsonl", Posts), "--output", model);

        AssertRefused(result, model, model);
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    [Fact]
    public void Tag_OutputIsTheCodebook_Refused()
    {
        var folder = Folder();
        var codebook = Path.Combine(folder, "codebook.json");
        File.Copy(fixture.CodebookPath, codebook);

        var result = Tag("--input", WriteIn(folder, "a.jsonl", Posts), "--codebook", codebook, "--output", codebook);

        AssertRefused(result, codebook, codebook);
        Assert.Equal(File.ReadAllText(fixture.CodebookPath), File.ReadAllText(codebook));
    }

    [Fact]
    public void Train_OutIsADataFile_RefusedAndDataKept()
    {
        var folder = Folder();
        File.Copy(fixture.CodebookPath, Path.Combine(folder, "codebook.json"));
        var data = Path.Combine(folder, "posts.jsonl");
        File.Copy(Path.Combine(fixture.TrainingDir, "leadingqi-2023-01-31.jsonl"), data);
        var before = File.ReadAllText(data);

        var result = Cli.Run("train", "--data", data, "--out", data, "--fast");

        AssertRefused(result, data, data);
        Assert.Equal(before, File.ReadAllText(data));
    }

    [Fact]
    public void Train_OutIsAFileInsideADataFolder_Refused()
    {
        var folder = Folder();
        File.Copy(fixture.CodebookPath, Path.Combine(folder, "codebook.json"));
        var data = Path.Combine(folder, "posts.jsonl");
        File.Copy(Path.Combine(fixture.TrainingDir, "leadingqi-2023-01-31.jsonl"), data);

        var result = Cli.Run("train", "--data", folder, "--out", data, "--fast");

        AssertRefused(result, data, "posts.jsonl");
    }

    [Fact]
    public void Train_OutEndingInMd_IsUsageError()
    {
        var result = Cli.Run("train", "--data", fixture.TrainingDir, "--out", Path.Combine(Folder(), "model.md"));

        Assert.Equal(Program.ExitUsage, result.ExitCode);
    }

    [Fact]
    public void Evaluate_OutDirFileIsAnInput_Refused()
    {
        var folder = Folder();
        var codebook = Path.Combine(folder, "metrics.json");
        File.Copy(fixture.CodebookPath, codebook);

        var result = Cli.Run("evaluate", "--model", fixture.ModelPath, "--data", fixture.TrainingDir, "--codebook", codebook, "--out-dir", folder);

        AssertRefused(result, "metrics.json", codebook);
        Assert.Equal(File.ReadAllText(fixture.CodebookPath), File.ReadAllText(codebook));
    }

    [Fact]
    public void Suggest_OutSameAsInput_RefusedEvenWithForce()
    {
        var folder = Folder();
        var input = WriteIn(folder, "chat.csv", "id,text\n1,Leaders on the wards\n");

        var result = Cli.Run("suggest", "--model", fixture.ModelPath, "--input", input, "--out", input, "--force");

        AssertRefused(result, input, input);
        Assert.Equal("id,text\n1,Leaders on the wards\n", File.ReadAllText(input));
    }

    [Fact]
    public void Suggest_OutExistsWithoutForce_ExitsOneAndKeepsTheHandCoding()
    {
        var folder = Folder();
        var coded = WriteIn(folder, "to-code.csv", "id,text,themes\ns1,Leaders on the wards,visible-leadership\n");

        var result = Cli.Run("suggest", "--model", fixture.ModelPath, "--input", WriteIn(folder, "chat.jsonl", Posts), "--out", coded);

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains("--force", result.Err, StringComparison.Ordinal);
        Assert.Equal("id,text,themes\ns1,Leaders on the wards,visible-leadership\n", File.ReadAllText(coded));
    }

    [Fact]
    public void Suggest_OutExistsWithForce_ReplacedWholeWithoutTempFiles()
    {
        var folder = Folder();
        var coded = WriteIn(folder, "to-code.csv", "old\n");

        var result = Cli.Run("suggest", "--model", fixture.ModelPath, "--input", WriteIn(folder, "chat.jsonl", Posts), "--out", coded, "--force", "--count", "2");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.StartsWith("id,text,themes", File.ReadAllText(coded), StringComparison.Ordinal);
        AssertNoTempFiles(folder);
    }

    // --- where the output goes ---------------------------------------------------------------------------------

    [Fact]
    public void Tag_OutputInMissingFolder_ExitsOneBeforeTagging()
    {
        var folder = Folder();
        var output = Path.Combine(folder, "missing", "out.jsonl");

        var result = Tag("--input", WriteIn(folder, "a.jsonl", Posts), "--output", output);

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains("does not exist", result.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(output)));
    }

    [Fact]
    public void Tag_OutputIsAFolder_ExitsOne()
    {
        var folder = Folder();

        var result = Tag("--input", WriteIn(folder, "a.jsonl", Posts), "--output", folder);

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains("is a folder", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_OutputThroughSymlink_ReplacesItsTargetAndKeepsTheLink()
    {
        var folder = Folder();
        var target = WriteIn(folder, "real.jsonl", "old\n");
        var link = Path.Combine(folder, "link.jsonl");
        File.CreateSymbolicLink(link, target);

        var result = Tag("--input", WriteIn(folder, "a.jsonl", Posts), "--output", link);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal(2, File.ReadAllLines(target).Length);
        AssertNoTempFiles(folder);
    }

    [Fact]
    public void Tag_RerunIntoExistingOutput_ReplacedWholeWithoutTempFiles()
    {
        var folder = Folder();
        var output = WriteIn(folder, "out.jsonl", "previous results\n");

        var result = Tag("--input", WriteIn(folder, "a.jsonl", Posts), "--output", output);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.All(File.ReadAllLines(output), l => Assert.NotNull(Cli.Json(l)["themes"]));
        AssertNoTempFiles(folder);
    }

    // --- interrupted runs --------------------------------------------------------------------------------------

    [Fact]
    public async Task Tag_CancelledIntoExistingOutput_PreviousKeptAndPartialHoldsWhatWasWritten()
    {
        var folder = Folder();
        var output = WriteIn(folder, "out.jsonl", "previous results\n");
        using var cts = new CancellationTokenSource();
        var posts = string.Concat(Enumerable.Range(0, 5000).Select(i => $"Leaders on the wards, day {i}\n"));
        using var stdin = new FailingReader(posts, 1500, () => cts.Cancel());
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await Task.Run(() => Program.Run(["tag", "--model", fixture.ModelPath, "--format", "text", "--chunk-size", "100", "--output", output], stdout, stderr, stdin, null, cts.Token));

        Assert.Equal(Program.ExitCancelled, code);
        Assert.Equal("previous results\n", File.ReadAllText(output));
        var partial = File.ReadAllLines(output + ".partial");
        var said = StoppedMessage().Match(stderr.ToString());
        Assert.True(said.Success, stderr.ToString());
        Assert.Equal(partial.Length, int.Parse(said.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(output + ".partial", said.Value, StringComparison.Ordinal);
        Assert.InRange(partial.Length, 1, 4999);
        Assert.Equal(Enumerable.Range(1, partial.Length), partial.Select(l => (int)Cli.Json(l)["line"]!));
        Assert.Equal(string.Empty, stdout.ToString());
    }

    [Fact]
    public void Tag_ProcessKilledMidRun_PreviousOutputUntouched()
    {
        var folder = Folder();
        var output = WriteIn(folder, "out.jsonl", "previous results\n");
        var input = WriteIn(folder, "in.txt", string.Concat(Enumerable.Range(0, 300_000).Select(i => $"Leaders on the wards, day {i}\n")));
        var cli = typeof(Program).Assembly.Location;
        using var process = Process.Start(new ProcessStartInfo("dotnet", [cli, "tag", "--model", fixture.ModelPath, "--input", input, "--output", output]) { RedirectStandardError = true })!;

        // Kill -9 once tagged lines have reached the temporary file.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Directory.EnumerateFiles(folder, ".out.jsonl.*").Any(f => new FileInfo(f).Length > 0) && !process.HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        Assert.False(process.HasExited, "the run ended before it could be killed");
        process.Kill(entireProcessTree: true);
        process.WaitForExit();

        Assert.Equal("previous results\n", File.ReadAllText(output));
    }

    [Fact]
    public void Tag_InputFailsMidRun_ExitsOnePreviousOutputKeptAndPartialKept()
    {
        var folder = Folder();
        var output = WriteIn(folder, "out.jsonl", "previous results\n");
        var posts = string.Concat(Enumerable.Range(0, 3000).Select(i => $"Leaders on the wards, day {i}\n"));
        using var stdin = new FailingReader(posts, 1500, () => throw new IOException("the disk went away"));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = Program.Run(["tag", "--model", fixture.ModelPath, "--format", "text", "--chunk-size", "100", "--output", output], stdout, stderr, stdin);

        Assert.Equal(Program.ExitBadInput, code);
        Assert.Equal("previous results\n", File.ReadAllText(output));
        Assert.True(File.Exists(output + ".partial"));
        Assert.Matches(StoppedMessage(), stderr.ToString());
        Assert.Contains("the disk went away", stderr.ToString(), StringComparison.Ordinal);
    }

    // --- CSV quoting -------------------------------------------------------------------------------------------

    [Fact]
    public void Tag_CsvRow3QuoteNeverCloses_EveryOtherRowOfThousandTagged()
    {
        var rows = Enumerable.Range(1, 1000).Select(i => i == 3 ? "3,\"Leaders on the wards never closed,3" : $"{i},Post {i} about speaking up,{i}");
        var input = WriteIn(Folder(), "big.csv", "id,text,n\n" + string.Join('\n', rows) + "\n");

        var result = Tag("--input", input);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var lines = Parse(result);
        Assert.Equal(1000, lines.Length);
        Assert.Equal(4, (int)lines[2]["line"]!);
        Assert.Contains("never closed", (string?)lines[2]["error"], StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 1000).Where(i => i != 3).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Where(l => l["themes"] is not null).Select(l => (string?)l["id"]));
    }

    [Fact]
    public void Tag_CsvQuoteClosedByALaterQuotedField_SwallowedRowsReadAgain()
    {
        var input = WriteIn(Folder(), "q.csv", "id,text\n1,\"opens and never closes\n2,plain row\n3,\"a quoted, proper row\"\n4,last row\n");

        var lines = Parse(Tag("--input", input));

        Assert.Equal(4, lines.Length);
        Assert.Equal(2, (int)lines[0]["line"]!);
        Assert.NotNull(lines[0]["error"]);
        Assert.Equal(new[] { "2", "3", "4" }, lines.Skip(1).Select(l => (string?)l["id"]));
        Assert.Equal("a quoted, proper row", (string?)lines[2]["text"]);
    }

    [Fact]
    public void Tag_CsvQuoteNeverClosedOnTheLastLine_OneErrorLine()
    {
        var input = WriteIn(Folder(), "q.csv", "id,text\n1,Leaders on the wards\n2,\"never closed");

        var lines = Parse(Tag("--input", input));

        Assert.Equal(2, lines.Length);
        Assert.Equal(3, (int)lines[1]["line"]!);
        Assert.NotNull(lines[1]["error"]);
    }

    [Fact]
    public void Tag_CsvOverlongQuotedField_ErrorLineThenRowsAfterIt()
    {
        var body = string.Join('\n', Enumerable.Range(0, 150).Select(i => $"{i + 2},row {i}"));
        var input = WriteIn(Folder(), "q.csv", "id,text\n1,\"opens here\n" + body + "\ncloses\"\n");

        var lines = Parse(Tag("--input", input));

        Assert.Equal(2, (int)lines[0]["line"]!);
        Assert.Contains("lines", (string?)lines[0]["error"], StringComparison.Ordinal);
        Assert.Equal(150, lines.Count(l => l["themes"] is not null));
    }

    [Fact]
    public void Tag_CsvUnclosedQuoteAfterTheFirstMebibyte_EveryOtherRowTagged()
    {
        var rows = Enumerable.Range(1, 20000).Select(i => i == 19000 ? "19000,\"never closed" : $"{i},Leaders on the wards and staff who speak up safely row {i}");
        var input = WriteIn(Folder(), "big.csv", "id,text\r\n" + string.Join("\r\n", rows) + "\r\n");

        var lines = Parse(Tag("--input", input));

        Assert.Equal(20000, lines.Length);
        Assert.Equal(19001, (int)lines[18999]["line"]!);
        Assert.Equal(Enumerable.Range(1, 20000).Where(i => i != 19000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Where(l => l["themes"] is not null).Select(l => (string?)l["id"]));
    }

    [Fact]
    public void Tag_CsvRowLongerThanOneMebibyte_ErrorLineThenTheNextRows()
    {
        var input = WriteIn(Folder(), "long.csv", "id,text\n1,\"" + new string('x', 1_200_000) + "\n2,Leaders on the wards\n3,Speak up\n");

        var lines = Parse(Tag("--input", input));

        Assert.Equal(3, lines.Length);
        Assert.Equal(2, (int)lines[0]["line"]!);
        Assert.NotNull(lines[0]["error"]);
        Assert.Equal(new[] { "2", "3" }, lines.Skip(1).Select(l => (string?)l["id"]));
    }

    [Fact]
    public void Tag_CsvWithBomAndCrlf_HeaderFoundAndRowsNumbered()
    {
        var input = Path.Combine(Folder(), "bom.csv");
        File.WriteAllText(input, "id,text\r\n1,\"two\r\nlines\"\r\n2,\"bad \"quote\r\n3,Leaders\r\n", new UTF8Encoding(true));

        var lines = Parse(Tag("--input", input));

        Assert.Equal(3, lines.Length);
        Assert.Equal("two\r\nlines", (string?)lines[0]["text"]);
        Assert.Equal(4, (int)lines[1]["line"]!);
        Assert.Equal("3", (string?)lines[2]["id"]);
    }

    // --- Twitter API shapes ------------------------------------------------------------------------------------

    [Theory]
    [InlineData("""[{"data":[{"id":"1","text":"Leaders on the wards"}]},{"data":[{"id":"2","text":"Speak up"},{"id":"3","text":"Co-design"}]}]""")]
    [InlineData("{\n  \"data\": [\n    {\"id\": \"1\", \"text\": \"Leaders on the wards\"}\n  ]\n}\n{\n  \"data\": [{\"id\": \"2\", \"text\": \"Speak up\"}, {\"id\": \"3\", \"text\": \"Co-design\"}]\n}\n")]
    [InlineData("""{"data":[{"id":"1","text":"Leaders on the wards"},{"id":"2","text":"Speak up"}],"meta":{"result_count":2}}{"meta":{"result_count":0}}{"data":[{"id":"3","text":"Co-design"}]}""")]
    public void Tag_TwitterShapes_EveryPostTaggedInOrder(string json)
    {
        var result = Tag("--input", WriteIn(Folder(), "search.json", json));

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.Equal(new[] { "1", "2", "3" }, Parse(result).Select(l => (string?)l["id"]));
    }

    [Theory]
    [InlineData("""{"data":{"id":"1","text":"Leaders on the wards"}}""", "must be an array")]
    [InlineData("""{"data":[{"id":"1","text":"a"}]}{"includes":{}}""", "no 'data'")]
    [InlineData("""{"meta":{"result_count":5}}""", "no 'data'")]
    [InlineData("""{"data":["just a string"]}""", "not a post object")]
    [InlineData("""[{"data":[{"id":"1","text":"a"}]}, 5]""", "not an object")]
    public void Tag_TwitterWrongShape_ExitsOneBeforeAnyOutput(string json, string message)
    {
        var folder = Folder();
        var output = WriteIn(folder, "out.jsonl", "previous results\n");

        var result = Tag("--input", WriteIn(folder, "search.json", json), "--format", "twitter", "--output", output);

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.Err.Trim().Split('\n')), StringComparison.Ordinal);
        Assert.Equal("previous results\n", File.ReadAllText(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public void Tag_TwitterPostWithAFieldTwice_ErrorLineForItAndTheOthersTagged()
    {
        var input = WriteIn(Folder(), "t.json", "{\"data\":[\n{\"id\":\"1\",\"text\":\"a\",\"text\":\"b\"},\n{\"id\":\"2\",\"text\":\"Leaders\"}]}");

        var lines = Parse(Tag("--input", input));

        Assert.Equal(2, lines.Length);
        Assert.Equal(2, (int)lines[0]["line"]!);
        Assert.Contains("twice (text)", (string?)lines[0]["error"], StringComparison.Ordinal);
        Assert.Equal("2", (string?)lines[1]["id"]);
    }

    [Fact]
    public void Tag_PlainTextOnStdinStartingWithABracket_ReadAsText()
    {
        var result = Cli.RunWithInput("[thread] Leaders on the wards\nSpeak up\n", "tag", "--model", fixture.ModelPath);

        Assert.Equal(new[] { "[thread] Leaders on the wards", "Speak up" }, Parse(result).Select(l => (string?)l["text"]));
    }

    [Fact]
    public void Tag_TwitterOnlyEmptyPage_NoLinesExitZero()
    {
        var result = Tag("--input", WriteIn(Folder(), "empty.json", """{"meta":{"result_count":0}}"""), "--format", "twitter");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.Empty(result.OutLines);
    }

    // --- pass-through fields -----------------------------------------------------------------------------------

    [Fact]
    public void Tag_JsonNumbers_WrittenExactlyAsRead()
    {
        const string Fields = "\"a\":1e400,\"b\":1e5,\"c\":-0,\"d\":12345678901234567890123,\"e\":0.10,\"f\":[1.50,-0.0],\"g\":{\"h\":1E+2}";
        var input = WriteIn(Folder(), "n.jsonl", "{\"id\":\"1\",\"text\":\"Leaders on the wards\"," + Fields + "}\n");

        var result = Tag("--input", input);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.StartsWith("{\"id\":\"1\",\"text\":\"Leaders on the wards\"," + Fields + ",\"themes\":", Assert.Single(result.OutLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_TwitterNumbersAndNestedFields_WrittenExactlyAsRead()
    {
        var input = WriteIn(Folder(), "t.json", """{"data":[{"id":"1","text":"Leaders","public_metrics":{"like_count":1e5,"ratio":0.10}}]}""");

        var result = Tag("--input", input);

        Assert.Contains("\"public_metrics\":{\"like_count\":1e5,\"ratio\":0.10}", Assert.Single(result.OutLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_InputAlreadyTagged_ThemesAndScoresReplacedAndRetagIsIdempotent()
    {
        var folder = Folder();
        var input = WriteIn(folder, "a.jsonl", "{\"id\":\"1\",\"text\":\"Leaders on the wards\",\"themes\":[\"made-up\"],\"scores\":{\"made-up\":1},\"relevance\":\"high\"}\n");
        var once = Path.Combine(folder, "once.jsonl");
        var twice = Path.Combine(folder, "twice.jsonl");

        Assert.Equal(Program.ExitOk, Tag("--input", input, "--output", once).ExitCode);
        Assert.Equal(Program.ExitOk, Tag("--input", once, "--output", twice).ExitCode);

        var line = Cli.Json(File.ReadAllText(once));
        Assert.DoesNotContain("made-up", line["themes"]!.Values<string>());
        Assert.Null(line["scores"]!["made-up"]);
        Assert.Equal(JTokenType.Float, line["relevance"]!.Type);
        Assert.Null(line["input_relevance"]);
        Assert.Equal(File.ReadAllText(once), File.ReadAllText(twice));
    }

    [Fact]
    public void Tag_InputFieldNamedError_KeptAsInputErrorOnATaggedLine()
    {
        var input = WriteIn(Folder(), "a.jsonl", "{\"id\":\"1\",\"text\":\"Leaders on the wards\",\"error\":\"sensor offline\",\"input_error\":\"older\"}\n");

        var line = Assert.Single(Parse(Tag("--input", input)));

        Assert.Null(line["error"]);
        Assert.NotNull(line["themes"]);
        Assert.Equal("sensor offline", (string?)line["input_input_error"]);
        Assert.Equal("older", (string?)line["input_error"]);
    }

    [Fact]
    public void Tag_UnreadableRecordWithOurFieldNames_TheirsKeptAsInputFields()
    {
        var input = WriteIn(Folder(), "a.jsonl", "{\"id\":\"1\",\"line\":99,\"themes\":[\"x\"],\"relevance\":0.5,\"error\":\"theirs\"}\n");

        var line = Assert.Single(Parse(Tag("--input", input)));

        Assert.Equal(1, (int)line["line"]!);
        Assert.Contains("text", (string?)line["error"], StringComparison.Ordinal);
        Assert.Null(line["themes"]);
        Assert.Equal(99, (int)line["input_line"]!);
        Assert.Equal("theirs", (string?)line["input_error"]);
        Assert.Equal("x", (string?)line["input_themes"]![0]);
        Assert.Null(line["relevance"]);
        Assert.Equal(0.5, (double)line["input_relevance"]!);
    }

    [Fact]
    public void Tag_JsonLineWithAFieldTwice_ErrorLineAndTheRestTagged()
    {
        var input = WriteIn(Folder(), "a.jsonl", "{\"id\":\"1\",\"text\":\"a\",\"text\":\"b\"}\n{\"id\":\"2\",\"text\":\"Leaders\"}\n");

        var lines = Parse(Tag("--input", input));

        Assert.Equal(2, lines.Length);
        Assert.Contains("twice", (string?)lines[0]["error"], StringComparison.Ordinal);
        Assert.NotNull(lines[1]["themes"]);
    }

    // --- encodings, line ends, empty files ---------------------------------------------------------------------

    [Theory]
    [InlineData("e.jsonl")]
    [InlineData("e.txt")]
    [InlineData("e.json")]
    public void Tag_EmptyFile_NoLinesExitZero(string name)
    {
        var result = Tag("--input", WriteIn(Folder(), name, string.Empty));

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.Empty(result.OutLines);
    }

    [Fact]
    public void Tag_EmptyCsv_ExitsOneNoHeader()
    {
        var result = Tag("--input", WriteIn(Folder(), "e.csv", string.Empty));

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains("header", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.jsonl", "{\"id\":\"1\",\"text\":\"Leaders\"}\r\n{\"id\":\"2\",\"text\":\"Speak up\"}\r\n")]
    [InlineData("a.txt", "Leaders\r\nSpeak up\r\n")]
    [InlineData("a.json", "{\"data\":[\r\n{\"id\":\"1\",\"text\":\"Leaders\"},\r\n{\"id\":\"2\",\"text\":\"Speak up\"}]}\r\n")]
    public void Tag_BomAndCrlf_EveryRecordTagged(string name, string content)
    {
        var input = Path.Combine(Folder(), name);
        File.WriteAllText(input, content, new UTF8Encoding(true));

        var lines = Parse(Tag("--input", input));

        Assert.Equal(new[] { "Leaders", "Speak up" }, lines.Select(l => (string?)l["text"]));
        Assert.All(lines, l => Assert.NotNull(l["themes"]));
    }

    [Fact]
    public void Tag_BomOnStdin_FirstRecordTagged()
    {
        var result = Cli.RunWithInput("\uFEFF{\"id\":\"1\",\"text\":\"Leaders\"}\n", "tag", "--model", fixture.ModelPath);

        Assert.NotNull(Assert.Single(Parse(result))["themes"]);
    }

    [GeneratedRegex(@"stopped: ([\d,]+) record\(s\) written to \S+\.partial; \S+ unchanged")]
    private static partial Regex StoppedMessage();

    /// <summary>Standard input that calls <paramref name="act"/> once <paramref name="lines"/> lines have been read (a Ctrl-C, a failing disk).</summary>
    private sealed class FailingReader(string text, int lines, Action act) : StringReader(text)
    {
        private int _read;

        public override string? ReadLine()
        {
            if (++_read == lines)
            {
                act();
            }

            return base.ReadLine();
        }

        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => ValueTask.FromResult(ReadLine());
    }
}
