using CsvHelper;
using MiniExcelLibs;
using Newtonsoft.Json.Linq;
using ThemeClassifier.Cli;

namespace ThemeClassifier.Cli.Tests.Infrastructure;

/// <summary>Item 4 of issue 9: a chat's structure and languages decide what is themed (ChatPolicy, through tag and suggest).</summary>
[Collection("cli")]
public sealed class ChatPolicyTests(CliFixture fixture)
{
    private const string Spanish = "La seguridad psicológica es clave para que el personal hable sin miedo #QIHour";
    private const string French = "Les équipes doivent se sentir en sécurité pour signaler les erreurs #LeadingQI";

    /// <summary>A chat: two host questions (one retweeted), answers by number and by column, chatter, and a Spanish and a French post.</summary>
    private static readonly string[] ChatLines =
    [
        """{"id":"q1","text":"Q1: What does psychological safety mean to you? #LeadingQI #QIHour"}""",
        """{"id":"a1","text":"A1 Staff must feel safe to speak up without blame #QIHour"}""",
        """{"id":"q4","text":"Q4. How do leaders make improvement visible on the wards? #LeadingQI"}""",
        """{"id":"rt","text":"RT @WarwickBSchool: Q4. How do leaders make improvement visible on the wards? #LeadingQI"}""",
        """{"id":"col","text":"Leaders should walk the wards every week and listen","question":"Q4"}""",
        """{"id":"es","text":"La seguridad psicológica es clave para que el personal hable sin miedo #QIHour"}""",
        """{"id":"fr","text":"Les équipes doivent se sentir en sécurité pour signaler les erreurs #LeadingQI"}""",
        """{"id":"hi","text":"Thanks all, great chat!"}""",
    ];

    private string WriteChat(string name = "chat.jsonl")
    {
        var path = Path.Combine(fixture.NewFolder("chat"), name);
        File.WriteAllLines(path, ChatLines);
        return path;
    }

    private Dictionary<string, JObject> Tag(out CliResult result, params string[] options)
    {
        result = Cli.Run(["tag", "--model", fixture.ModelPath, WriteChat(), .. options]);
        Assert.Equal(Program.ExitOk, result.ExitCode);
        return result.OutLines.Select(Cli.Json).ToDictionary(o => (string)o["id"]!);
    }

    [Fact]
    public void Tag_HostQuestionsAndTheirRetweets_NoThemesWithReasonScoresKept()
    {
        var lines = Tag(out _);

        foreach (var (id, question) in new[] { ("q1", "Q1"), ("q4", "Q4"), ("rt", "Q4") })
        {
            Assert.Equal("question", (string?)lines[id]["role"]);
            Assert.Equal(question, (string?)lines[id]["question"]);
            Assert.Equal("host question", (string?)lines[id]["skipped"]);
            Assert.Empty(lines[id]["themes"]!);
            Assert.Equal(fixture.ThemeIds, ((JObject)lines[id]["scores"]!).Properties().Select(p => p.Name));
        }
    }

    [Fact]
    public void Tag_Answers_QuestionAndRoleFromNumberOrColumn()
    {
        var lines = Tag(out _);

        Assert.Equal(("answer", "Q1", "en", string.Empty), Fields(lines["a1"]));
        Assert.Equal(("answer", "Q4", "en", string.Empty), Fields(lines["col"]));
        Assert.Null(lines["col"]["input_question"]);
        Assert.Equal(("other", string.Empty, "en", string.Empty), Fields(lines["hi"]));
        Assert.Contains("psychological-safety", lines["a1"]["themes"]!.Values<string>());
    }

    [Fact]
    public void Tag_SpanishAndFrenchPosts_LanguageAndSkippedWithReason()
    {
        var lines = Tag(out _);

        Assert.Equal(("other", string.Empty, "es", "not English (es)"), Fields(lines["es"]));
        Assert.Equal(("other", string.Empty, "fr", "not English (fr)"), Fields(lines["fr"]));
        Assert.Empty(lines["es"]["themes"]!);
        Assert.Equal(fixture.ThemeIds.Count, ((JObject)lines["fr"]["scores"]!).Count);
    }

    [Fact]
    public void Tag_SummaryLine_CountsSkippedByReason()
    {
        Tag(out var result);

        Assert.Contains(", 0 errors, 5 skipped (3 host questions, 2 not English) -> ", result.Err, StringComparison.Ordinal);
        Assert.Contains("themes: 8 records: ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_TagQuestionsAndAllLanguages_NothingSkippedStructureStillReported()
    {
        var lines = Tag(out var result, "--tag-questions", "--all-languages");

        Assert.All(lines.Values, l => Assert.Equal(string.Empty, (string?)l["skipped"]));
        Assert.Equal(("question", "Q4", "en", string.Empty), Fields(lines["rt"]));
        Assert.Equal("es", (string?)lines["es"]["language"]);
        Assert.DoesNotContain("skipped", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_TagQuestionsOnly_NonEnglishStillSkipped()
    {
        var lines = Tag(out var result, "--tag-questions");

        Assert.Equal(string.Empty, (string?)lines["q4"]["skipped"]);
        Assert.Equal("not English (es)", (string?)lines["es"]["skipped"]);
        Assert.Contains("2 skipped (0 host questions, 2 not English)", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ha! Very true")]
    [InlineData("Great question!")]
    [InlineData("Poll: on and off")]
    [InlineData("Poll: when the topic grabs me")]
    [InlineData("A1 never miss one #QIHour")]
    [InlineData("A3: System level change needs the commissioners in the room too")]
    [InlineData("Relational connections are key such an important skill #QIHour #LeadingQI")]
    [InlineData("Gemba walks every Friday, no excuses")]
    [InlineData("Hello from Bristol 👋 #LeadingQI")]
    public void Tag_ShortEnglishPost_NotTakenForAnotherLanguage(string text)
    {
        var result = Cli.RunWithInput(text + "\n", "tag", "--model", fixture.ModelPath, "--format", "text");

        var line = Cli.Json(Assert.Single(result.OutLines));
        Assert.Contains((string?)line["language"], new[] { "en", string.Empty });
        Assert.Equal(string.Empty, (string?)line["skipped"]);
    }

    [Fact]
    public void Tag_InputQuestionColumnNotAQuestionNumber_KeptAsInputQuestion()
    {
        var path = Path.Combine(fixture.NewFolder("chat-column"), "chat.jsonl");
        File.WriteAllLines(path, ["""{"id":"x","text":"We need protected time for improvement work","question":"see thread"}"""]);

        var line = Cli.Json(Assert.Single(Cli.Run("tag", "--model", fixture.ModelPath, path).OutLines));

        Assert.Equal("see thread", (string?)line["input_question"]);
        Assert.Equal(string.Empty, (string?)line["question"]);
        Assert.Equal("other", (string?)line["role"]);
    }

    [Fact]
    public void Tag_TaggedJsonlTaggedAgain_SameFile()
    {
        var folder = fixture.NewFolder("chat-again");
        var once = Path.Combine(folder, "once.jsonl");
        var twice = Path.Combine(folder, "twice.jsonl");

        Assert.Equal(Program.ExitOk, Cli.Run("tag", "--model", fixture.ModelPath, WriteChat(), "-o", once).ExitCode);
        Assert.Equal(Program.ExitOk, Cli.Run("tag", "--model", fixture.ModelPath, once, "-o", twice).ExitCode);

        Assert.Equal(File.ReadAllText(once), File.ReadAllText(twice));
    }

    [Fact]
    public void Tag_OutputCsv_ChatColumnsAfterInputColumns()
    {
        var folder = fixture.NewFolder("chat-csv");
        var input = Path.Combine(folder, "chat.csv");
        File.WriteAllText(input, $"id,text,question\nq,Q2: What does readiness for change mean?,\na,A2 Leaders have to be seen on the floor,Q2\nes,\"{Spanish}\",\n");
        var output = Path.Combine(folder, "tagged.csv");

        var result = Cli.Run("tag", "--model", fixture.ModelPath, input, "-o", output);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        using var csv = CsvReader.Create(new StreamReader(output));
        csv.ReadHeader();
        Assert.Equal(["id", "text", "question", "role", "language", "skipped", "themes", "top_theme"], csv.Headers.Take(8));
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(new[] { "question", "role", "language", "skipped", "themes" }.Select(c => csv.GetString(c) ?? string.Empty).ToArray());
        }

        Assert.Equal(["Q2", "question", "en", "host question", string.Empty], rows[0]);
        Assert.Equal(["Q2", "answer", "en", string.Empty], rows[1][..4]);
        Assert.Equal([string.Empty, "other", "es", "not English (es)", string.Empty], rows[2]);
        Assert.Contains("2 skipped (1 host question, 1 not English)", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_OutputXlsx_ChatColumnsAndSkippedCount()
    {
        var output = Path.Combine(fixture.NewFolder("chat-xlsx"), "tagged.xlsx");

        var result = Cli.Run("tag", "--model", fixture.ModelPath, WriteChat(), "-o", output);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var rows = MiniExcel.Query(output, useHeaderRow: true, sheetName: "tagged").Cast<IDictionary<string, object?>>().ToDictionary(r => (string)r["id"]!);
        Assert.Equal("question", rows["rt"]["role"]);
        Assert.Equal("Q4", rows["rt"]["question"]);
        Assert.Equal("host question", rows["rt"]["skipped"]);
        Assert.Equal(string.Empty, rows["rt"]["themes"] ?? string.Empty);
        Assert.Equal("fr", rows["fr"]["language"]);
        Assert.Equal("not English (fr)", rows["fr"]["skipped"]);
        var counts = MiniExcel.Query(output, useHeaderRow: true, sheetName: "theme counts").Cast<IDictionary<string, object?>>().ToArray();
        Assert.Equal(5, Convert.ToInt32(counts.Single(c => ((string)c["theme"]!).StartsWith("(skipped", StringComparison.Ordinal))["records"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Suggest_HostQuestionsAndNonEnglishPosts_NeverPicked()
    {
        var output = Path.Combine(fixture.NewFolder("chat-suggest"), "to-code.jsonl");

        var result = Cli.Run("suggest", "--model", fixture.ModelPath, WriteChat(), "--count", "40", "-o", output);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var texts = File.ReadAllLines(output).Select(l => (string)Cli.Json(l)["text"]!).ToArray();
        Assert.Equal(3, texts.Length);
        Assert.DoesNotContain(texts, t => t.StartsWith("Q", StringComparison.Ordinal) || t == Spanish || t == French);
        Assert.Contains("5 skipped (3 host questions, 2 not English)", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggest_TagQuestionsAndAllLanguages_MayPickThem()
    {
        var output = Path.Combine(fixture.NewFolder("chat-suggest-all"), "to-code.jsonl");

        var result = Cli.Run("suggest", "--model", fixture.ModelPath, WriteChat(), "--count", "40", "-o", output, "--tag-questions", "--all-languages");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var texts = File.ReadAllLines(output).Select(l => (string)Cli.Json(l)["text"]!).ToArray();
        Assert.Contains(Spanish, texts);
        Assert.Contains(texts, t => t.StartsWith("Q1:", StringComparison.Ordinal));
    }

    private static (string?, string?, string?, string?) Fields(JObject line) =>
        ((string?)line["role"], (string?)line["question"], (string?)line["language"], (string?)line["skipped"]);
}
