using ThemeClassifier.Data;

namespace ThemeClassifier.Reporting;

/// <summary>An account and a count (posts, original posts or impressions).</summary>
public sealed record AccountCount(string Author, long Count);

/// <summary>A question's place on the timeline.</summary>
public sealed record QuestionMark(int Question, DateTimeOffset Time);

/// <summary>Posts per time bin from the first post to the last, with the questions marked.</summary>
/// <param name="Start">The start of the first bin (the first post's minute).</param>
/// <param name="BinMinutes">Minutes per bin: 1 for a one-hour chat, more for longer exports (at most 120 bins).</param>
/// <param name="Counts">Posts in each bin.</param>
/// <param name="Questions">When each question was first asked.</param>
public sealed record ActivityTimeline(DateTimeOffset Start, int BinMinutes, IReadOnlyList<int> Counts, IReadOnlyList<QuestionMark> Questions);

/// <summary>The chat's activity, as an analytics tool reports it.</summary>
/// <param name="Posts">All posts read.</param>
/// <param name="Authors">Distinct authors; null when the export names none.</param>
/// <param name="Originals">Posts that are not retweets.</param>
/// <param name="Retweets">Posts starting <c>RT @user:</c>.</param>
/// <param name="First">The first post's time; null without times.</param>
/// <param name="Last">The last post's time.</param>
/// <param name="Likes">Total likes; null without a likes column.</param>
/// <param name="Impressions">Total impressions; null without an impressions column.</param>
/// <param name="MostActive">Accounts with the most posts.</param>
/// <param name="MostOriginal">Accounts with the most original posts.</param>
/// <param name="HighestImpact">Accounts with the most impressions; empty without an impressions column.</param>
/// <param name="Timeline">Posts over time; null without times.</param>
public sealed record ChatActivity(
    int Posts,
    int? Authors,
    int Originals,
    int Retweets,
    DateTimeOffset? First,
    DateTimeOffset? Last,
    long? Likes,
    long? Impressions,
    IReadOnlyList<AccountCount> MostActive,
    IReadOnlyList<AccountCount> MostOriginal,
    IReadOnlyList<AccountCount> HighestImpact,
    ActivityTimeline? Timeline);

/// <summary>A post quoted as evidence of a theme.</summary>
/// <param name="Post">The post (never a retweet).</param>
/// <param name="Probability">The model's probability of the theme for it.</param>
/// <param name="PassesThreshold">Whether the probability reaches the theme's threshold (when the threshold is known,
/// else whether the model gave the post the theme).</param>
public sealed record ThemeEvidence(ChatPost Post, float Probability, bool PassesThreshold);

/// <summary>A theme among a question's answers.</summary>
/// <param name="Theme">The codebook theme.</param>
/// <param name="Answers">Answers (retweets included) the model gave the theme.</param>
/// <param name="Evidence">The most representative original answers: highest probability first.</param>
public sealed record QuestionTheme(Theme Theme, int Answers, IReadOnlyList<ThemeEvidence> Evidence);

/// <summary>One question of the chat and what its answers were about.</summary>
/// <param name="Number">The question number.</param>
/// <param name="Text">The host's question post (the first original one); null when only answers name the question.</param>
/// <param name="Author">Who asked it.</param>
/// <param name="Time">When it was asked.</param>
/// <param name="Answers">Answers, retweets of answers included.</param>
/// <param name="OriginalAnswers">Answers that are not retweets.</param>
/// <param name="AnswersWithoutTheme">Answers the model gave no theme.</param>
/// <param name="Themes">Themes ranked by how many answers carry them (ties in codebook order); only those carried.</param>
public sealed record QuestionSummary(
    int Number,
    string? Text,
    string? Author,
    DateTimeOffset? Time,
    int Answers,
    int OriginalAnswers,
    int AnswersWithoutTheme,
    IReadOnlyList<QuestionTheme> Themes)
{
    /// <summary>The question as chats write it: <c>Q2</c>.</summary>
    public string Label => ChatStructure.Label(Number);
}

/// <summary>A theme over the whole chat.</summary>
/// <param name="Theme">The codebook theme.</param>
/// <param name="Posts">Posts (retweets included) the model gave the theme.</param>
/// <param name="OriginalPosts">Of those, the ones that are not retweets.</param>
public sealed record ThemeCount(Theme Theme, int Posts, int OriginalPosts);

/// <summary>
/// What a monthly tweetchat report says, counted from tagged posts: activity, one summary per question (themes
/// ranked by answers, representative original posts), the chat's themes and the posts with none. Rendering is left
/// to the caller; every number a report shows comes from here.
/// </summary>
public sealed class ChatSummary
{
    private const int MaxBins = 120;
    private static readonly int[] BinSizes = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];

    private ChatSummary(ChatActivity activity, IReadOnlyList<QuestionSummary> questions, IReadOnlyList<ThemeCount> themes, int postsWithoutTheme, int postsOutsideQuestions)
    {
        Activity = activity;
        Questions = questions;
        Themes = themes;
        PostsWithoutTheme = postsWithoutTheme;
        PostsOutsideQuestions = postsOutsideQuestions;
    }

    /// <summary>Posts, authors, originals and retweets, likes, impressions, top accounts, the timeline.</summary>
    public ChatActivity Activity { get; }

    /// <summary>The questions in number order.</summary>
    public IReadOnlyList<QuestionSummary> Questions { get; }

    /// <summary>Every codebook theme with the posts carrying it, most carried first (ties in codebook order).</summary>
    public IReadOnlyList<ThemeCount> Themes { get; }

    /// <summary>Posts the model gave no theme.</summary>
    public int PostsWithoutTheme { get; }

    /// <summary>Posts that neither ask nor answer a numbered question.</summary>
    public int PostsOutsideQuestions { get; }

    /// <summary>The share of posts with at least one theme (0 when there are no posts).</summary>
    public double TaggedShare => Activity.Posts == 0 ? 0 : (double)(Activity.Posts - PostsWithoutTheme) / Activity.Posts;

    /// <summary>Counts and selects everything a report shows.</summary>
    /// <param name="posts">The chat's posts, tagged, in any order.</param>
    /// <param name="codebook">The themes the posts were tagged with.</param>
    /// <param name="thresholds">Each theme's threshold, to mark evidence below it; null: a post's own themes pass.</param>
    /// <param name="topAccounts">Accounts in each top list.</param>
    /// <param name="evidencePerTheme">Posts quoted per theme and question.</param>
    /// <exception cref="ArgumentException">A post carries a theme that is not in the codebook.</exception>
    public static ChatSummary Create(
        IReadOnlyList<ChatPost> posts,
        Codebook codebook,
        IReadOnlyDictionary<string, float>? thresholds = null,
        int topAccounts = 5,
        int evidencePerTheme = 3)
    {
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(codebook);
        var unknown = posts.SelectMany(p => p.Themes).FirstOrDefault(id => !codebook.Contains(id));
        if (unknown is not null)
        {
            throw new ArgumentException($"theme '{unknown}' is not in the codebook: the posts were tagged with another model's themes", nameof(posts));
        }

        var positions = posts.Select(p => ChatStructure.Classify(p.Text, p.Question)).ToArray();
        var activity = Count(posts, positions, topAccounts);
        var questions = SummariseQuestions(posts, positions, codebook, thresholds, evidencePerTheme);
        var themes = codebook.Themes
            .Select((theme, order) => (Count: new ThemeCount(
                theme,
                posts.Count(p => p.Themes.Contains(theme.Id)),
                posts.Where((p, i) => !positions[i].IsRetweet && p.Themes.Contains(theme.Id)).Count()), order))
            .OrderByDescending(x => x.Count.Posts)
            .ThenBy(x => x.order)
            .Select(x => x.Count)
            .ToArray();
        var outside = positions.Count(p => p.Role == ChatRole.Other);
        return new ChatSummary(activity, questions, themes, posts.Count(p => p.Themes.Count == 0), outside);
    }

    private static ChatActivity Count(IReadOnlyList<ChatPost> posts, ChatPosition[] positions, int top)
    {
        var retweets = positions.Count(p => p.IsRetweet);
        var authored = posts.Where(p => !string.IsNullOrWhiteSpace(p.Author)).ToArray();
        var times = posts.Where(p => p.Time is not null).Select(p => p.Time!.Value).ToArray();
        var hasLikes = posts.Any(p => p.Likes is not null);
        var hasImpressions = posts.Any(p => p.Impressions is not null);

        IReadOnlyList<AccountCount> Top(IEnumerable<(string Author, long Value)> values) => values
            .GroupBy(v => v.Author, StringComparer.OrdinalIgnoreCase)
            .Select(g => new AccountCount(g.First().Author, g.Sum(v => v.Value)))
            .Where(a => a.Count > 0)
            .OrderByDescending(a => a.Count)
            .ThenBy(a => a.Author, StringComparer.OrdinalIgnoreCase)
            .Take(top)
            .ToArray();

        var originals = posts.Where((p, i) => !positions[i].IsRetweet && !string.IsNullOrWhiteSpace(p.Author));
        return new ChatActivity(
            posts.Count,
            authored.Length == 0 ? null : authored.Select(p => p.Author!).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
            posts.Count - retweets,
            retweets,
            times.Length == 0 ? null : times.Min(),
            times.Length == 0 ? null : times.Max(),
            hasLikes ? posts.Sum(p => p.Likes ?? 0) : null,
            hasImpressions ? posts.Sum(p => p.Impressions ?? 0) : null,
            Top(authored.Select(p => (p.Author!, 1L))),
            Top(originals.Select(p => (p.Author!, 1L))),
            hasImpressions ? Top(authored.Select(p => (p.Author!, p.Impressions ?? 0))) : [],
            times.Length == 0 ? null : Timeline(posts, positions, times));
    }

    private static ActivityTimeline Timeline(IReadOnlyList<ChatPost> posts, ChatPosition[] positions, DateTimeOffset[] times)
    {
        var first = times.Min();
        var start = new DateTimeOffset(first.Year, first.Month, first.Day, first.Hour, first.Minute, 0, first.Offset);
        var minutes = (times.Max() - start).TotalMinutes;
        var bin = BinSizes.FirstOrDefault(b => minutes / b < MaxBins, BinSizes[^1]);
        var counts = new int[(int)(minutes / bin) + 1];
        foreach (var t in times)
        {
            counts[Math.Min(counts.Length - 1, (int)((t - start).TotalMinutes / bin))]++;
        }

        var marks = posts
            .Select((p, i) => (p, position: positions[i]))
            .Where(x => x.position is { Role: ChatRole.Question, IsRetweet: false } && x.p.Time is not null)
            .GroupBy(x => x.position.Question!.Value)
            .Select(g => new QuestionMark(g.Key, g.Min(x => x.p.Time!.Value)))
            .OrderBy(m => m.Question)
            .ToArray();
        return new ActivityTimeline(start, bin, counts, marks);
    }

    private static QuestionSummary[] SummariseQuestions(
        IReadOnlyList<ChatPost> posts,
        ChatPosition[] positions,
        Codebook codebook,
        IReadOnlyDictionary<string, float>? thresholds,
        int evidencePerTheme)
    {
        var numbers = positions.Where(p => p.Role != ChatRole.Other).Select(p => p.Question!.Value).Distinct().Order();
        return numbers.Select(n =>
        {
            var asked = posts
                .Select((p, i) => (p, position: positions[i]))
                .Where(x => x.position is { Role: ChatRole.Question, IsRetweet: false } && x.position.Question == n)
                .OrderBy(x => x.p.Time ?? DateTimeOffset.MaxValue)
                .Select(x => x.p)
                .FirstOrDefault();
            var answers = posts
                .Select((p, i) => (p, position: positions[i]))
                .Where(x => x.position.Role == ChatRole.Answer && x.position.Question == n)
                .ToArray();
            var themes = codebook.Themes
                .Select((theme, order) => (theme, order, count: answers.Count(a => a.p.Themes.Contains(theme.Id))))
                .Where(x => x.count > 0)
                .OrderByDescending(x => x.count)
                .ThenBy(x => x.order)
                .Select(x => new QuestionTheme(x.theme, x.count, Evidence(answers.Where(a => !a.position.IsRetweet).Select(a => a.p), x.theme.Id, thresholds, evidencePerTheme)))
                .ToArray();
            return new QuestionSummary(
                n,
                asked?.Text,
                asked?.Author,
                asked?.Time,
                answers.Length,
                answers.Count(a => !a.position.IsRetweet),
                answers.Count(a => a.p.Themes.Count == 0),
                themes);
        }).ToArray();
    }

    private static ThemeEvidence[] Evidence(IEnumerable<ChatPost> originals, string themeId, IReadOnlyDictionary<string, float>? thresholds, int count) => originals
        .Where(p => p.Themes.Contains(themeId))
        .Select(p => (post: p, probability: p.Scores.TryGetValue(themeId, out var s) ? s : float.NaN))
        .OrderByDescending(x => float.IsNaN(x.probability) ? -1 : x.probability)
        .ThenBy(x => x.post.Time ?? DateTimeOffset.MaxValue)
        .DistinctBy(x => x.post.Text, StringComparer.Ordinal)
        .Take(count)
        .Select(x => new ThemeEvidence(
            x.post,
            x.probability,
            thresholds is null || !thresholds.TryGetValue(themeId, out var threshold) || x.probability >= threshold))
        .ToArray();
}
