using CsvHelper;
using MiniExcelLibs;
using ThemeClassifier.Cli;
using ThemeClassifier.Data;

namespace ThemeClassifier.Cli.Tests.Commands;

/// <summary>Items 2 and 3 of issue 9: hand-coding in a spreadsheet, and suggesting only what is worth coding.</summary>
[Collection("cli")]
public sealed class SpreadsheetCodingTests(CliFixture fixture)
{
    private static readonly string[] Fast = ["--fast", "--trainer", "lr", "--repeats", "1"];

    private string Chat(string folder, string name = "chat.csv")
    {
        var texts = fixture.Texts().Take(20).ToArray();
        var csv = new System.Text.StringBuilder("id,text,author,created_at,permalink,question\n");
        for (var i = 0; i < texts.Length; i++)
        {
            var id = 1860000000000000000 + i;
            csv.Append(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{id},\"{texts[i].Replace("\"", "\"\"", StringComparison.Ordinal)}\",@user{i},2026-11-28T20:0{i % 10}:00Z,https://x.com/u/status/{id},Q{(i % 4) + 1}\n"));
        }

        var path = Path.Combine(folder, name);
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public void Suggest_XlsxEditedThenTrained_RoundTrips()
    {
        var folder = fixture.NewFolder("xlsx-round");
        var toCode = Path.Combine(folder, "to-code.xlsx");

        var suggest = Cli.Run("suggest", Chat(folder), "--model", fixture.ModelPath, "--count", "6", "--output", toCode, "--id-prefix", "2026-11");

        Assert.Equal(Program.ExitOk, suggest.ExitCode);
        Assert.Equal(["to code", "themes"], MiniExcel.GetSheetNames(toCode));
        var rows = MiniExcel.Query(toCode, useHeaderRow: true).Cast<IDictionary<string, object?>>().Select(r => new Dictionary<string, object?>(r)).ToList();
        Assert.Equal(6, rows.Count);
        Assert.Equal(["id", "text", "themes", "author", "time", "permalink", "question", "retweet_of", "model_scores", "margin"], rows[0].Keys);
        Assert.All(rows, r => Assert.StartsWith("18600000000000000", Assert.IsType<string>(r["id"]), StringComparison.Ordinal));

        // The analyst sets the themes column and saves the workbook.
        foreach (var row in rows)
        {
            row["themes"] = "commitment;shared-purpose";
        }

        var edited = Path.Combine(folder, "coded.xlsx");
        MiniExcel.SaveAs(edited, rows);
        var model = Path.Combine(folder, "m.zip");
        var train = Cli.Run(["train", "--data", fixture.TrainingDir, "--data", edited, "-o", model, .. Fast]);

        Assert.Equal(Program.ExitOk, train.ExitCode);
        using var tagger = ThemeTagger.Load(model);
        Assert.Equal(TrainingData.LoadDirectory(fixture.TrainingDir).Posts.Count + 6, tagger.Card.ExampleCount);
    }

    [Fact]
    public void Suggest_CsvWithLongIds_WritesThemAsExcelTextAndTrainReadsThemBack()
    {
        var folder = fixture.NewFolder("csv-ids");
        var toCode = Path.Combine(folder, "to-code.csv");

        Assert.Equal(Program.ExitOk, Cli.Run("suggest", Chat(folder), "--model", fixture.ModelPath, "--count", "3", "-o", toCode).ExitCode);

        var text = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(toCode));
        Assert.StartsWith("\uFEFFid,text,themes,", text, StringComparison.Ordinal);
        Assert.Contains("\"=\"\"18600000000000000", text, StringComparison.Ordinal);
        var posts = CodedReaders(toCode);
        Assert.All(posts, p => Assert.Matches("^18600000000000000[0-9]{2}$", p.Id));
    }

    [Fact]
    public void Suggest_SecondRoundWithData_NeverSuggestsCodedPostsOrTheirIds()
    {
        var folder = fixture.NewFolder("second-round");
        var chat = Path.Combine(folder, "chat.jsonl");
        File.WriteAllLines(chat, fixture.Texts().Take(30).Select(t => new Newtonsoft.Json.Linq.JObject { ["text"] = t }.ToString(Newtonsoft.Json.Formatting.None)));
        var first = Path.Combine(folder, "round1.csv");
        var second = Path.Combine(folder, "round2.csv");

        Assert.Equal(Program.ExitOk, Cli.Run("suggest", chat, "--model", fixture.ModelPath, "--count", "10", "-o", first).ExitCode);
        var result = Cli.Run("suggest", chat, "--model", fixture.ModelPath, "--count", "10", "-o", second, "--data", first);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var a = CodedReaders(first);
        var b = CodedReaders(second);
        Assert.Equal(10, b.Count);
        Assert.Empty(a.Select(p => p.Text).Intersect(b.Select(p => p.Text)));
        Assert.Empty(a.Select(p => p.Id).Intersect(b.Select(p => p.Id)));
        Assert.Contains("10 already coded", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggest_RetweetBeforeItsOriginal_CodesTheOriginal()
    {
        var folder = fixture.NewFolder("retweets");
        var chat = Path.Combine(folder, "chat.csv");
        File.WriteAllText(chat, "id,text\nrt1,RT @nurse: Nobody is blamed when an incident is reported here\norig,Nobody is blamed when an incident is reported here\nrt2,RT @boss: Our board walks the wards every week\n");
        var toCode = Path.Combine(folder, "to-code.csv");

        Assert.Equal(Program.ExitOk, Cli.Run("suggest", chat, "--model", fixture.ModelPath, "--count", "5", "-o", toCode).ExitCode);

        using var csv = CsvReader.Create(new StreamReader(toCode));
        csv.ReadHeader();
        var retweetOf = csv.Headers.ToList().IndexOf("retweet_of");
        var rows = new Dictionary<string, (string Text, string RetweetOf)>();
        while (csv.Read())
        {
            rows[csv.GetString(0)!] = (csv.GetString(1)!, csv.GetString(retweetOf) ?? string.Empty);
        }

        Assert.Equal(["orig", "rt2"], rows.Keys.Order());
        Assert.Equal(("Nobody is blamed when an incident is reported here", string.Empty), rows["orig"]);
        Assert.Equal(("Our board walks the wards every week", "@boss"), rows["rt2"]);
    }

    [Fact]
    public void Train_EuropeanExcelCsvWithBom_Trains()
    {
        var folder = fixture.NewFolder("semicolons");
        var coded = Path.Combine(folder, "coded.csv");
        File.WriteAllBytes(coded, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("id;text;themes\r\ne1;Nobody is blamed when an incident is reported here;psychological-safety\r\ne2;Our board walks the wards every week;visible-leadership\r\n;;\r\n;;\r\n")]);
        var model = Path.Combine(folder, "m.zip");

        var result = Cli.Run(["train", "--data", fixture.TrainingDir, "--data", coded, "--out", model, .. Fast]);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.Contains("trained on", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_IdsExcelMadeNumbers_ExplainsTheFixNotDuplicates()
    {
        var folder = fixture.NewFolder("mangled");
        var coded = Path.Combine(folder, "coded.csv");
        File.WriteAllText(coded, "id,text,themes\n1.86E+18,Nobody is blamed here,psychological-safety\n1.86E+18,Board walks the wards,visible-leadership\n");

        var result = Cli.Run(["train", "--data", fixture.TrainingDir, "--data", coded, "-o", Path.Combine(folder, "m.zip"), .. Fast]);

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains($"{coded}:2: field 'id': '1.86E+18': Excel turned the id into a number: format the id column as Text", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("duplicate", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_ThemeTypo_DidYouMean()
    {
        var folder = fixture.NewFolder("typo");
        var coded = Path.Combine(folder, "coded.csv");
        File.WriteAllText(coded, "id,text,themes\nt1,Nobody is blamed here,psycological-safety\n");

        var result = Cli.Run(["train", "--data", fixture.TrainingDir, "--data", coded, "-o", Path.Combine(folder, "m.zip"), .. Fast]);

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains("unknown theme id 'psycological-safety' (not in the codebook; did you mean 'psychological-safety'?)", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_Windows1252Csv_WarnsItGuessed()
    {
        var folder = fixture.NewFolder("cp1252");
        var coded = Path.Combine(folder, "coded.csv");
        File.WriteAllBytes(coded, [.. System.Text.Encoding.ASCII.GetBytes("id,text,themes\nw1,Huddles "), 0x96, .. System.Text.Encoding.ASCII.GetBytes(" time to reflect,time-and-space\n")]);

        var result = Cli.Run(["evaluate", "--model", fixture.ModelPath, "--data", coded, "--codebook", fixture.CodebookPath, "--out-dir", Path.Combine(folder, "report")]);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.Contains("Windows-1252", result.Err, StringComparison.Ordinal);
    }

    private IReadOnlyList<CodedPost> CodedReaders(string path) =>
        ThemeClassifier.Records.CodedRecords.Load([path], Codebook.Load(fixture.CodebookPath)).Posts;
}
