using System.IO.Compression;
using System.Text.RegularExpressions;
using CsvHelper;
using MiniExcelLibs;
using ThemeClassifier.Cli;

namespace ThemeClassifier.Cli.Tests.Commands;

/// <summary>Item 1 of issue 9: a spreadsheet in, a spreadsheet out.</summary>
[Collection("cli")]
public sealed partial class TagSpreadsheetTests(CliFixture fixture)
{
    private const string Chat = "Tweet id,Tweet text,author\n1860000000000000001,Staff must feel safe to speak up without blame,@a\n1860000000000000002,We need protected time for improvement work,@b\n3,\"Thanks all, great chat!\",@c\n";

    private string Write(string folder, string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Tag_OutputCsv_InputColumnsThenThemesTopThemeAndOneColumnPerTheme()
    {
        var folder = fixture.NewFolder("tag-csv");
        var input = Write(folder, "chat.csv", Chat);
        var output = Path.Combine(folder, "tagged.csv");

        var result = Cli.Run("tag", "--model", fixture.ModelPath, "--input", input, "--output", output);
        var jsonl = Cli.Run("tag", "--model", fixture.ModelPath, "--input", input).OutLines.Select(Cli.Json).ToArray();

        Assert.Equal(Program.ExitOk, result.ExitCode);
        using var csv = CsvReader.Create(new StreamReader(output));
        csv.ReadHeader();
        Assert.Equal(["Tweet id", "Tweet text", "author", "question", "role", "language", "skipped", "themes", "top_theme", "top_probability", "relevance", .. fixture.ThemeIds], csv.Headers);
        var rows = 0;
        while (csv.Read())
        {
            var expected = jsonl[rows++];
            Assert.Equal((string?)expected["Tweet id"], csv.GetString(0));
            Assert.Equal(string.Join(';', expected["themes"]!.Values<string>()), csv.GetString(7) ?? string.Empty);
            Assert.Equal((double)expected["relevance"]!, double.Parse(csv.GetString(10)!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal((double)expected["scores"]![fixture.ThemeIds[0]]!, double.Parse(csv.GetString(11)!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains(csv.GetString(8), fixture.ThemeIds);
        }

        Assert.Equal(3, rows);
    }

    [Fact]
    public void Tag_TaggedCsvTaggedAgain_SameFile()
    {
        var folder = fixture.NewFolder("tag-again");
        var once = Path.Combine(folder, "once.csv");
        var twice = Path.Combine(folder, "twice.csv");

        Assert.Equal(Program.ExitOk, Cli.Run("tag", "--model", fixture.ModelPath, Write(folder, "chat.csv", Chat), "-o", once).ExitCode);
        Assert.Equal(Program.ExitOk, Cli.Run("tag", "--model", fixture.ModelPath, once, "-o", twice).ExitCode);

        Assert.Equal(File.ReadAllBytes(once), File.ReadAllBytes(twice));
    }

    [Fact]
    public void Tag_OutputXlsx_TextIdsFrozenHeaderAndThemeCountsSheet()
    {
        var folder = fixture.NewFolder("tag-xlsx");
        var input = Write(folder, "chat.csv", Chat);
        var output = Path.Combine(folder, "tagged.xlsx");

        var result = Cli.Run("tag", "--model", fixture.ModelPath, "--input", input, "--output", output);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.Equal(["tagged", "theme counts"], MiniExcel.GetSheetNames(output));
        var rows = MiniExcel.Query(output, useHeaderRow: true, sheetName: "tagged").Cast<IDictionary<string, object?>>().ToArray();
        Assert.Equal(3, rows.Length);
        Assert.Equal("1860000000000000001", Assert.IsType<string>(rows[0]["Tweet id"]));
        Assert.IsType<double>(rows[0]["top_probability"]);
        Assert.IsType<double>(rows[0]["relevance"]);
        Assert.Equal(fixture.ThemeIds.Count + 11, rows[0].Count);
        var counts = MiniExcel.Query(output, useHeaderRow: true, sheetName: "theme counts").Cast<IDictionary<string, object?>>().ToArray();
        var themed = rows.Sum(r => ((string?)r["themes"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(themed, counts.Where(c => fixture.ThemeIds.Contains((string)c["theme"]!)).Sum(c => Convert.ToInt32(c["records"], System.Globalization.CultureInfo.InvariantCulture)));
        using var zip = ZipFile.OpenRead(output);
        using var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var xml = sheet.ReadToEnd();
        Assert.Contains("state=\"frozen\"", xml, StringComparison.Ordinal);
        Assert.Contains("t=\"str\" s=\"2\"><x:v>1860000000000000001<", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_XlsxIn_RecordsInEqualRecordsOut()
    {
        var folder = fixture.NewFolder("tag-xlsx-in");
        var input = Path.Combine(folder, "chat.xlsx");
        MiniExcel.SaveAs(input, Enumerable.Range(1, 25).Select(i => new Dictionary<string, object> { ["id"] = $"p{i}", ["text"] = i == 5 ? string.Empty : $"post {i}: leaders walk the wards" }));

        var result = Cli.Run("tag", "--model", fixture.ModelPath, input);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var lines = result.OutLines.Select(Cli.Json).ToArray();
        Assert.Equal(Enumerable.Range(1, 25).Select(i => $"p{i}"), lines.Select(l => (string?)l["id"]));
    }

    [Fact]
    public void Tag_OutputFormatOption_OverridesTheExtension()
    {
        var folder = fixture.NewFolder("tag-format");
        var output = Path.Combine(folder, "tagged.dat");

        var result = Cli.Run("tag", "--model", fixture.ModelPath, Write(folder, "chat.csv", Chat), "-o", output, "--output-format", "csv");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.StartsWith("\uFEFFTweet id,Tweet text,author,question,role,language,skipped,themes,", System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_XlsxToStandardOutput_UsageError()
    {
        var folder = fixture.NewFolder("tag-stdout-xlsx");

        var result = Cli.Run("tag", "--model", fixture.ModelPath, Write(folder, "chat.csv", Chat), "--output-format", "xlsx");

        Assert.Equal(Program.ExitUsage, result.ExitCode);
        Assert.Contains("--output", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_MalformedRowsToCsv_EveryRecordARowWithItsError()
    {
        var folder = fixture.NewFolder("tag-csv-errors");
        var input = Write(folder, "chat.csv", "id,text\n1,Staff feel safe to speak up\n2,\"broken \"quote\" here\n3,a,b\n4,Leaders on the wards\n");
        var output = Path.Combine(folder, "tagged.csv");

        var result = Cli.Run("tag", "--model", fixture.ModelPath, input, "-o", output);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        using var csv = CsvReader.Create(new StreamReader(output));
        csv.ReadHeader();
        Assert.Equal(["error_line", "error"], csv.Headers.TakeLast(2));
        var ids = new List<string>();
        var errors = new List<string>();
        while (csv.Read())
        {
            ids.Add(csv.GetString(0) ?? string.Empty);
            errors.Add(csv.GetString(csv.FieldCount - 1) ?? string.Empty);
        }

        Assert.Equal(4, ids.Count);
        Assert.Equal([false, true, true, false], errors.Select(e => e.Length > 0));
    }

    [Fact]
    public void Tag_Finishes_OneSummaryLineOnStderr()
    {
        var folder = fixture.NewFolder("tag-summary");
        var output = Path.Combine(folder, "tagged.csv");

        var result = Cli.Run("tag", "--model", fixture.ModelPath, Write(folder, "chat.csv", Chat), "-o", output);

        var match = SummaryLine().Match(result.Err);
        Assert.True(match.Success, result.Err);
        Assert.Equal(3, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3, int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) + int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("tagged.csv", match.Groups[5].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_FailsMidway_PartialCsvIsAWholeCsvOfWhatWasTagged()
    {
        var folder = fixture.NewFolder("tag-partial-csv");
        var input = Write(folder, "chat.csv", Chat);
        var output = Path.Combine(folder, "tagged.csv");
        File.WriteAllText(output, "previous");
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var code = Program.Run(["tag", "--model", fixture.ModelPath, input, "-o", output], TextWriter.Null, TextWriter.Null, cancellationToken: cts.Token);

        Assert.Equal(Program.ExitCancelled, code);
        Assert.Equal("previous", File.ReadAllText(output));
        Assert.StartsWith("\uFEFFTweet id,Tweet text,author,themes", System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(output + ".partial")), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"themes: (\d+) records: (\d+) tagged, (\d+) with no theme, (\d+) errors -> (\S+) \(\d+\.\d s\)")]
    private static partial Regex SummaryLine();
}
