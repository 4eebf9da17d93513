using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Cli.Reporting;
using ThemeClassifier.Records;

namespace ThemeClassifier.Cli.Tests.Reporting;

[Collection("cli")]
public sealed class ChatExportTests(CliFixture fixture)
{
    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(fixture.NewFolder("chat-export"), name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Load_TaggedCsvWithProbabilityColumns_ReadsThemesAndScores()
    {
        var input = Write("tagged.csv",
            "id,author,created_at,text,themes,psychological-safety,co-creation",
            "1,@ann,2023-01-31T19:01:00Z,A1 feel safe,psychological-safety;co-creation,0.9100,0.4000",
            "2,bob,2023-01-31T19:02:00Z,A1 thanks,,0.0100,0.0200");
        using var tagger = ThemeTagger.Load(fixture.ModelPath);

        var chat = ChatExport.Load(input, null, tagger, new ChatPolicy(false, false), CancellationToken.None);

        Assert.True(chat.WasTagged);
        Assert.Equal(["psychological-safety", "co-creation"], chat.Posts[0].Themes);
        Assert.Equal(0.91f, chat.Posts[0].Scores["psychological-safety"]);
        Assert.Empty(chat.Posts[1].Themes);
        Assert.Equal("@bob", chat.Posts[1].Author);
        Assert.Equal(new DateTimeOffset(2023, 1, 31, 19, 2, 0, TimeSpan.Zero), chat.Posts[1].Time);
    }

    [Fact]
    public void Load_UntaggedJsonLines_TaggedByTheModelAndBadLinesSkipped()
    {
        var input = Write("chat.jsonl",
            """{"id":"1","username":"ann","text":"Staff must feel safe to speak up without blame","public_metrics":{"like_count":4,"impression_count":120}}""",
            """{"broken""",
            """{"id":"3","text":""}""",
            """{"id":"4","user":"bob","text":"We need protected time for improvement work","url":"https://x.com/bob/status/4"}""");
        using var tagger = ThemeTagger.Load(fixture.ModelPath);

        var chat = ChatExport.Load(input, null, tagger, new ChatPolicy(false, false), CancellationToken.None);

        Assert.False(chat.WasTagged);
        Assert.Equal(2, chat.Posts.Count);
        Assert.Equal(2, chat.Skipped);
        Assert.Equal(tagger.Predict(chat.Posts[0].Text).Themes, chat.Posts[0].Themes);
        Assert.Equal(fixture.ThemeIds.Count, chat.Posts[0].Scores.Count);
        Assert.Equal(4, chat.Posts[0].Likes);
        Assert.Equal(120, chat.Posts[0].Impressions);
        Assert.Equal(new Uri("https://x.com/bob/status/4"), chat.Posts[1].Link);
    }

    [Fact]
    public void Load_UntaggedHostQuestion_ScoredButNotThemedAsTagDoes()
    {
        const string question = "Q2 How do leaders make it safe for staff to speak up about problems without blame? #LeadingQI";
        var input = Write("chat.jsonl",
            $$"""{"id":"1","username":"host","text":"{{question}}"}""",
            """{"id":"2","username":"ann","text":"A2 Staff must feel safe to speak up without blame"}""");
        using var tagger = ThemeTagger.Load(fixture.ModelPath);
        Assert.NotEmpty(tagger.Predict(question).Themes);

        var chat = ChatExport.Load(input, null, tagger, new ChatPolicy(false, false), CancellationToken.None);
        var all = ChatExport.Load(input, null, tagger, new ChatPolicy(tagQuestions: true, false), CancellationToken.None);

        Assert.Empty(chat.Posts[0].Themes);
        Assert.Equal(fixture.ThemeIds.Count, chat.Posts[0].Scores.Count);
        Assert.Equal(1, chat.Policy!.HostQuestions);
        Assert.Equal(tagger.Predict(question).Themes, all.Posts[0].Themes);
        Assert.Equal(tagger.Predict(chat.Posts[1].Text).Themes, chat.Posts[1].Themes);
    }

    [Fact]
    public void Load_TaggedInput_ThemesKeptAndNoPolicyApplied()
    {
        var input = Write("tagged.csv",
            "id,text,themes,psychological-safety",
            "1,Q2 How do leaders make it safe to speak up?,psychological-safety,0.9100");
        using var tagger = ThemeTagger.Load(fixture.ModelPath);

        var chat = ChatExport.Load(input, null, tagger, new ChatPolicy(false, false), CancellationToken.None);

        Assert.Equal(["psychological-safety"], chat.Posts[0].Themes);
        Assert.Null(chat.Policy);
    }

    [Fact]
    public void Load_NoTextColumn_IsBadInput()
    {
        var input = Write("chat.csv", "id,words", "1,hello");
        using var tagger = ThemeTagger.Load(fixture.ModelPath);

        var ex = Assert.Throws<RecordsException>(() => ChatExport.Load(input, null, tagger, new ChatPolicy(false, false), CancellationToken.None));

        Assert.Contains("no text column", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2023-01-31T19:05:00Z", 19, 5, 0)]
    [InlineData("2023-01-31 19:05:00", 19, 5, 0)]
    [InlineData("Tue Jan 31 19:05:00 +0000 2023", 19, 5, 0)]
    [InlineData("2023-01-31T19:05:00+01:00", 19, 5, 1)]
    public void ParseTime_ExportFormats_Parsed(string text, int hour, int minute, int offsetHours)
    {
        Assert.Equal(new DateTimeOffset(2023, 1, 31, hour, minute, 0, TimeSpan.FromHours(offsetHours)), ChatExport.ParseTime(text));
    }
}
