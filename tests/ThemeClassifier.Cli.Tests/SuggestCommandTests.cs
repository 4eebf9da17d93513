using System.Text;
using CsvHelper;
using Newtonsoft.Json.Linq;
using ThemeClassifier.Cli;
using ThemeClassifier.Data;
using ThemeClassifier.Features;

namespace ThemeClassifier.Cli.Tests;

[Collection("cli")]
public sealed class SuggestCommandTests(CliFixture fixture)
{
    /// <summary>Untagged chat: every text three times (as is, retweeted, and once more), plus near-duplicates.</summary>
    private string WriteChat(string folder)
    {
        var path = Path.Combine(folder, "chat.jsonl");
        var lines = new List<string>();
        var texts = File.ReadLines(Path.Combine(fixture.RepoRoot, "training-data", "leadingqi-2023-01-31.jsonl"))
            .Select(l => (string)JObject.Parse(l)["text"]!)
            .Take(30)
            .ToArray();
        for (var i = 0; i < texts.Length; i++)
        {
            lines.Add(new JObject { ["id"] = $"t{i}", ["text"] = texts[i] }.ToString(Newtonsoft.Json.Formatting.None));
            lines.Add(new JObject { ["id"] = $"rt{i}", ["text"] = "RT @someone: " + texts[i] }.ToString(Newtonsoft.Json.Formatting.None));
            lines.Add(new JObject { ["id"] = $"nd{i}", ["text"] = texts[i] + " 2" }.ToString(Newtonsoft.Json.Formatting.None));
        }

        lines.Add("{broken");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Suggest_ChatWithRetweets_PicksDistinctUncertainPosts()
    {
        var folder = fixture.NewFolder("suggest");
        var output = Path.Combine(folder, "to-code.csv");

        var result = Cli.Run("suggest", "--model", fixture.ModelPath, "--input", WriteChat(folder), "--count", "8", "--out", output);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        using var csv = CsvReader.Create(new StreamReader(output));
        csv.ReadHeader();
        Assert.Equal(new[] { "id", "text", "themes" }, csv.Headers.Take(3));
        var margin = csv.Headers.ToList().IndexOf("margin");
        var rows = new List<(string Id, string Text, string Themes, double Margin)>();
        while (csv.Read())
        {
            rows.Add((csv.GetString(0)!, csv.GetString(1)!, csv.GetString(2) ?? string.Empty, double.Parse(csv.GetString(margin)!, System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.Equal(8, rows.Count);
        var normalized = rows.Select(r => TextNormalizer.Normalize(r.Text).TrimEnd(' ', '2')).ToArray();
        Assert.Equal(normalized.Length, normalized.Distinct().Count());
        Assert.Equal(rows.Select(r => r.Margin).Order(), rows.Select(r => r.Margin));
        Assert.All(rows, r => Assert.All(r.Themes.Split(';', StringSplitOptions.RemoveEmptyEntries), t => Assert.Contains(t, fixture.ThemeIds)));
    }

    [Fact]
    public void Suggest_Margin_IsTheCloserOfTheGateAndTheThemeDecisions()
    {
        var folder = fixture.NewFolder("suggest-margin");
        var output = Path.Combine(folder, "to-code.jsonl");
        using var tagger = ThemeTagger.Load(fixture.ModelPath);

        var input = Path.Combine(folder, "chat.txt");
        File.WriteAllLines(input, Directory.GetFiles(Path.Combine(fixture.RepoRoot, "training-data"), "*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines)
            .Select(l => ((string)JObject.Parse(l)["text"]!).ReplaceLineEndings(" ")));

        var result = Cli.Run("suggest", "--model", fixture.ModelPath, "--input", input, "--count", "40", "--out", output);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var rows = File.ReadLines(output).Select(JObject.Parse).ToArray();
        Assert.Equal(40, rows.Length);
        Assert.True(tagger.RelevanceThreshold > 0);
        var gateDecided = 0;
        foreach (var row in rows)
        {
            var prediction = tagger.Predict((string)row["text"]!);
            var gate = Math.Abs(prediction.Relevance - tagger.RelevanceThreshold);
            var themes = prediction.Scores.Min(s => Math.Abs(s.Probability - s.Threshold));
            Assert.Equal(Math.Min(gate, themes), double.Parse((string)row["margin"]!, System.Globalization.CultureInfo.InvariantCulture), 4);
            gateDecided += gate < themes ? 1 : 0;
        }

        Assert.True(gateDecided > 0, "no picked post was nearest the gate's decision: the test does not exercise it");
    }

    [Fact]
    public void Suggest_EditThenTrain_RoundTripTrainsOnTheEditedFile()
    {
        var folder = fixture.NewFolder("roundtrip");
        var untagged = Path.Combine(folder, "untagged.txt");
        File.WriteAllLines(untagged, [
            "We asked patients what mattered to them before redesigning the clinic",
            "Huddles every morning give the team time to reflect",
            "RT @a: Huddles every morning give the team time to reflect",
            "Our board walks the wards every week",
            "Nobody is blamed when an incident is reported here",
            "Lovely sunny day for the conference",
        ]);
        var suggested = Path.Combine(folder, "suggested.csv");

        var suggest = Cli.Run("suggest", "--model", fixture.ModelPath, "--input", untagged, "--count", "10", "--out", suggested, "--id-prefix", "rt-test");
        Assert.Equal(Program.ExitOk, suggest.ExitCode);

        // The analyst corrects the 'themes' column in a spreadsheet.
        var corrections = new Dictionary<string, string>
        {
            ["patients"] = "patient-voice;co-creation",
            ["Huddles"] = "time-and-space",
            ["board"] = "visible-leadership",
            ["blamed"] = "psychological-safety",
            ["sunny"] = string.Empty,
        };
        var edited = new StringBuilder();
        using (var reader = CsvReader.Create(new StreamReader(suggested)))
        using (var writer = CsvWriter.Create(new StringWriter(edited)))
        {
            reader.ReadHeader();
            writer.WriteHeader(reader.Headers.ToArray());
            while (reader.Read())
            {
                var fields = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i) ?? string.Empty).ToArray();
                fields[2] = corrections.First(c => fields[1].Contains(c.Key, StringComparison.Ordinal)).Value;
                writer.WriteRecord(fields);
            }
        }

        File.WriteAllText(suggested, edited.ToString());
        Assert.Equal(5, File.ReadAllLines(suggested).Length - 1);
        Assert.Contains("rt-test-0001", File.ReadAllText(suggested), StringComparison.Ordinal);

        var model = Path.Combine(folder, "retrained.zip");
        var train = Cli.Run("train", "--data", fixture.TrainingDir, "--data", suggested, "--out", model, "--fast", "--trainer", "lr", "--repeats", "1");

        Assert.Equal(Program.ExitOk, train.ExitCode);
        using var tagger = ThemeTagger.Load(model);
        Assert.Equal(TrainingData.LoadDirectory(fixture.TrainingDir).Posts.Count + 5, tagger.Card.ExampleCount);
    }

    [Fact]
    public void Suggest_JsonlOut_TrainAcceptsItBack()
    {
        var folder = fixture.NewFolder("suggest-jsonl");
        var output = Path.Combine(folder, "to-code.jsonl");

        var result = Cli.Run("suggest", "--model", fixture.ModelPath, "--input", WriteChat(folder), "--count", "3", "--out", output);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var rows = File.ReadAllLines(output).Select(JObject.Parse).ToArray();
        Assert.Equal(3, rows.Length);
        Assert.All(rows, r => Assert.IsType<JArray>(r["themes"]));
        var data = ThemeClassifier.Data.CodedPostReader.ReadFile(output, ThemeClassifier.Data.Codebook.Load(fixture.CodebookPath));
        Assert.Equal(3, data.Count);
    }

    [Fact]
    public void Suggest_OutWithoutKnownExtension_ExitsTwo()
    {
        var result = Cli.Run("suggest", "--model", fixture.ModelPath, "--input", "x.jsonl", "--out", "x.docx");

        Assert.Equal(Program.ExitUsage, result.ExitCode);
    }
}
