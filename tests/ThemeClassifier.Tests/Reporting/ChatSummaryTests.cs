using ThemeClassifier.Data;
using ThemeClassifier.Reporting;

namespace ThemeClassifier.Tests.Reporting;

public sealed class ChatSummaryTests
{
    private static readonly Codebook Book = new([
        new Theme("safety", "Safety", "Feel safe to speak up.", [], []),
        new Theme("time", "Time", "Protected time.", [], []),
        new Theme("people", "People", "Relationships.", [], []),
    ]);

    private static readonly DateTimeOffset Start = new(2023, 1, 31, 19, 0, 0, TimeSpan.Zero);

    private static ChatPost Post(string author, int minute, string text, params (string Id, float P)[] themes) => new()
    {
        Author = author,
        Text = text,
        Time = Start.AddMinutes(minute).AddSeconds(20),
        Themes = themes.Select(t => t.Id).ToArray(),
        Scores = themes.ToDictionary(t => t.Id, t => t.P),
    };

    /// <summary>A hand-made chat: two questions by @host, five answers (one retweeted twice), chatter.</summary>
    private static List<ChatPost> Chat() =>
    [
        Post("@host", 0, "Welcome to the chat! #QIHour"),
        Post("@host", 1, "Q1: What makes staff feel safe? #QIHour"),
        Post("@ann", 2, "A1 Leaders who listen, no blame", ("safety", 0.9f), ("people", 0.4f)),
        Post("@bob", 3, "A1: feeling safe to speak up", ("safety", 0.7f)),
        Post("@cat", 3, "RT @ann: A1 Leaders who listen, no blame", ("safety", 0.9f), ("people", 0.4f)),
        Post("@dan", 4, "RT @ann: A1 Leaders who listen, no blame", ("safety", 0.9f), ("people", 0.4f)),
        Post("@bob", 5, "A1 time to talk with each other", ("time", 0.6f), ("people", 0.5f)),
        Post("@host", 10, "Q2. Where do you find time?"),
        Post("@ann", 12, "A2 protected time every week", ("time", 0.8f)),
        Post("@cat", 12, "A2 great question!"),
        Post("@bob", 13, "Thanks all!"),
    ];

    [Fact]
    public void Create_HandMadeChat_CountsActivity()
    {
        var summary = ChatSummary.Create(Chat(), Book);
        var a = summary.Activity;

        Assert.Equal(11, a.Posts);
        Assert.Equal(5, a.Authors);
        Assert.Equal(9, a.Originals);
        Assert.Equal(2, a.Retweets);
        Assert.Equal(Start.AddSeconds(20), a.First);
        Assert.Equal(Start.AddMinutes(13).AddSeconds(20), a.Last);
        Assert.Null(a.Likes);
        Assert.Null(a.Impressions);
        Assert.Empty(a.HighestImpact);
        Assert.Equal([new AccountCount("@bob", 3), new AccountCount("@host", 3), new AccountCount("@ann", 2), new AccountCount("@cat", 2), new AccountCount("@dan", 1)], a.MostActive);
        Assert.Equal([new AccountCount("@bob", 3), new AccountCount("@host", 3), new AccountCount("@ann", 2), new AccountCount("@cat", 1)], a.MostOriginal);
    }

    [Fact]
    public void Create_HandMadeChat_BinsPostsPerMinuteAndMarksQuestions()
    {
        var timeline = ChatSummary.Create(Chat(), Book).Activity.Timeline!;

        Assert.Equal(Start, timeline.Start);
        Assert.Equal(1, timeline.BinMinutes);
        Assert.Equal([1, 1, 1, 2, 1, 1, 0, 0, 0, 0, 1, 0, 2, 1], timeline.Counts);
        Assert.Equal([new QuestionMark(1, Start.AddMinutes(1).AddSeconds(20)), new QuestionMark(2, Start.AddMinutes(10).AddSeconds(20))], timeline.Questions);
    }

    [Fact]
    public void Create_LongExport_UsesWiderBins()
    {
        var posts = new[] { Post("@a", 0, "one"), Post("@b", 600, "two"), Post("@c", 601, "three") };

        var timeline = ChatSummary.Create(posts, Book).Activity.Timeline!;

        Assert.Equal(10, timeline.BinMinutes);
        Assert.Equal(61, timeline.Counts.Count);
        Assert.Equal(1, timeline.Counts[0]);
        Assert.Equal(2, timeline.Counts[60]);
    }

    [Fact]
    public void Create_HandMadeChat_SummarisesEachQuestion()
    {
        var summary = ChatSummary.Create(Chat(), Book);

        Assert.Equal([1, 2], summary.Questions.Select(q => q.Number));
        var q1 = summary.Questions[0];
        Assert.Equal("Q1: What makes staff feel safe? #QIHour", q1.Text);
        Assert.Equal("@host", q1.Author);
        Assert.Equal(5, q1.Answers);
        Assert.Equal(3, q1.OriginalAnswers);
        Assert.Equal(0, q1.AnswersWithoutTheme);
        Assert.Equal([("safety", 4), ("people", 4), ("time", 1)], q1.Themes.Select(t => (t.Theme.Id, t.Answers)));
        var q2 = summary.Questions[1];
        Assert.Equal(2, q2.Answers);
        Assert.Equal(1, q2.AnswersWithoutTheme);
        Assert.Equal(["time"], q2.Themes.Select(t => t.Theme.Id));
    }

    [Fact]
    public void Create_HandMadeChat_QuotesOriginalsByProbabilityNeverRetweets()
    {
        var safety = ChatSummary.Create(Chat(), Book, evidencePerTheme: 3).Questions[0].Themes[0];

        Assert.Equal(["A1 Leaders who listen, no blame", "A1: feeling safe to speak up"], safety.Evidence.Select(e => e.Post.Text));
        Assert.Equal([0.9f, 0.7f], safety.Evidence.Select(e => e.Probability));
        Assert.All(safety.Evidence, e => Assert.True(e.PassesThreshold));
        Assert.DoesNotContain(safety.Evidence, e => e.Post.Text.StartsWith("RT ", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_ThresholdAboveProbability_MarksEvidenceBelowThreshold()
    {
        var thresholds = new Dictionary<string, float> { ["safety"] = 0.8f, ["time"] = 0.5f, ["people"] = 0.3f };

        var safety = ChatSummary.Create(Chat(), Book, thresholds).Questions[0].Themes[0];

        Assert.Equal([true, false], safety.Evidence.Select(e => e.PassesThreshold));
    }

    [Fact]
    public void Create_HandMadeChat_CountsThemesAndPostsWithout()
    {
        var summary = ChatSummary.Create(Chat(), Book);

        Assert.Equal([("safety", 4, 2), ("people", 4, 2), ("time", 2, 2)], summary.Themes.Select(t => (t.Theme.Id, t.Posts, t.OriginalPosts)));
        Assert.Equal(5, summary.PostsWithoutTheme);
        Assert.Equal(2, summary.PostsOutsideQuestions);
        Assert.Equal(6.0 / 11, summary.TaggedShare, 6);
    }

    [Fact]
    public void Create_ExportColumns_SumsLikesAndRanksImpact()
    {
        var posts = new[]
        {
            Post("@a", 0, "one") with { Likes = 3, Impressions = 100 },
            Post("@b", 1, "two") with { Likes = 1, Impressions = 5000 },
            Post("@a", 2, "three") with { Impressions = 200 },
        };

        var a = ChatSummary.Create(posts, Book).Activity;

        Assert.Equal(4, a.Likes);
        Assert.Equal(5300, a.Impressions);
        Assert.Equal([new AccountCount("@b", 5000), new AccountCount("@a", 300)], a.HighestImpact);
    }

    [Fact]
    public void Create_QuestionColumn_AssignsAnswersWithoutNumbers()
    {
        var posts = new[]
        {
            Post("@host", 0, "Q2: What does readiness mean?") with { Question = "Q2" },
            Post("@a", 1, "Having fertile ground", ("safety", 0.6f)) with { Question = "Q2" },
            Post("@b", 2, "Time to think", ("time", 0.6f)) with { Question = "q2" },
        };

        var q = Assert.Single(ChatSummary.Create(posts, Book).Questions);

        Assert.Equal(2, q.Number);
        Assert.Equal("Q2: What does readiness mean?", q.Text);
        Assert.Equal(2, q.Answers);
    }

    [Fact]
    public void Create_NoAuthorsOrTimes_LeavesThemUnknown()
    {
        var a = ChatSummary.Create([new ChatPost { Text = "A1 hello" }], Book).Activity;

        Assert.Null(a.Authors);
        Assert.Null(a.First);
        Assert.Null(a.Timeline);
        Assert.Empty(a.MostActive);
    }

    [Fact]
    public void Create_UnknownTheme_Throws()
    {
        var posts = new[] { new ChatPost { Text = "x", Themes = ["not-a-theme"] } };

        var ex = Assert.Throws<ArgumentException>(() => ChatSummary.Create(posts, Book));

        Assert.Contains("not-a-theme", ex.Message, StringComparison.Ordinal);
    }
}
