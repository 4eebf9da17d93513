using System.Globalization;
using ThemeClassifier.Reporting;

namespace ThemeClassifier.Cli.Reporting;

/// <summary>A label and a formatted value.</summary>
internal sealed record Stat(string Label, string Value);

/// <summary>A top-accounts table.</summary>
internal sealed record TopList(string Title, string Unit, IReadOnlyList<Stat> Rows);

/// <summary>One bar of an SVG bar chart, in view-box units: the label above its bar, the value after it.</summary>
internal sealed record BarView(string Label, string Value, string LabelY, string BarY, string BarWidth, string ValueX, string ValueY);

/// <summary>A horizontal bar chart drawn as inline SVG (400 units wide, scaled to the page).</summary>
internal sealed record BarChartView(string Id, string Title, string Description, string Height, IReadOnlyList<BarView> Bars);

/// <summary>One bin of the timeline: a rectangle in view-box units.</summary>
internal sealed record RectView(string X, string Y, string Width, string Height);

/// <summary>A question marked on the timeline.</summary>
internal sealed record MarkView(string Label, string X, string LabelY, string LineY);

/// <summary>Posts over time as inline SVG.</summary>
internal sealed record TimelineView(string Id, string Title, string Description, string Max, string From, string To, IReadOnlyList<RectView> Bars, IReadOnlyList<MarkView> Marks);

/// <summary>A quoted post.</summary>
internal sealed record EvidenceView(string Text, string Author, string Time, string? Link, string Confidence, bool BelowThreshold);

/// <summary>A theme among a question's answers.</summary>
internal sealed record QuestionThemeView(string Name, string Id, string Description, string Answers, IReadOnlyList<EvidenceView> Evidence);

/// <summary>One question's section.</summary>
internal sealed record QuestionView(string Anchor, string Label, string? Text, string Asked, string Answers, int AnswerCount, BarChartView? Chart, string? ChartFile, IReadOnlyList<QuestionThemeView> Themes);

/// <summary>
/// Everything a report template shows, formatted: the templates only lay it out. Built from a
/// <see cref="ChatSummary"/>; numbers in invariant culture, times as <c>31 Jan 2023 19:05 UTC</c>.
/// </summary>
internal sealed record ReportView
{
    private const double ChartWidth = 400;
    private const double RowHeight = 40;

    public required string Title { get; init; }

    public required string Subtitle { get; init; }

    public required IReadOnlyList<Stat> Stats { get; init; }

    public required IReadOnlyList<TopList> TopLists { get; init; }

    public TimelineView? Timeline { get; init; }

    public string? TimelineFile { get; init; }

    public required IReadOnlyList<QuestionView> Questions { get; init; }

    public required string QuestionsNote { get; init; }

    public required BarChartView ThemesChart { get; init; }

    public string? ThemesChartFile { get; init; }

    public required string NoTheme { get; init; }

    public required IReadOnlyList<string> Caveats { get; init; }

    /// <summary>The view of a summary.</summary>
    /// <param name="summary">What to show.</param>
    /// <param name="title">The report's title.</param>
    /// <param name="caveats">The caveats paragraphs.</param>
    /// <param name="chartFiles">For Markdown: the PNG file name of each chart by id (timeline, themes, q1…); null for HTML.</param>
    public static ReportView Create(ChatSummary summary, string title, IReadOnlyList<string> caveats, IReadOnlyDictionary<string, string>? chartFiles = null)
    {
        var a = summary.Activity;
        var stats = new List<Stat>
        {
            new("Posts", N(a.Posts)),
            new("Original posts", N(a.Originals)),
            new("Retweets", N(a.Retweets)),
        };
        if (a.Authors is int authors)
        {
            stats.Insert(1, new Stat("Accounts", N(authors)));
        }

        if (a.First is { } from && a.Last is { } to)
        {
            stats.Add(new Stat("Time span", Span(to - from)));
        }

        if (a.Likes is long likes)
        {
            stats.Add(new Stat("Likes", N(likes)));
        }

        if (a.Impressions is long impressions)
        {
            stats.Add(new Stat("Impressions", N(impressions)));
        }

        var tops = new List<TopList>();
        void AddTop(string name, string unit, IReadOnlyList<AccountCount> rows)
        {
            if (rows.Count > 0)
            {
                tops.Add(new TopList(name, unit, rows.Select(r => new Stat(r.Author, N(r.Count))).ToArray()));
            }
        }

        AddTop("Most active", "Posts", a.MostActive);
        AddTop("Most original", "Original posts", a.MostOriginal);
        AddTop("Highest impact", "Impressions", a.HighestImpact);
        string? File(string id) => chartFiles is not null && chartFiles.TryGetValue(id, out var f) ? f : null;

        return new ReportView
        {
            Title = title,
            Subtitle = a.First is { } first && a.Last is { } last
                ? first.Date == last.Date && first.Offset == last.Offset
                    ? first.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " to " + last.ToString("HH:mm", CultureInfo.InvariantCulture) + Zone(last)
                    : $"{Time(first)} to {Time(last)}"
                : $"{N(a.Posts)} posts",
            Stats = stats,
            TopLists = tops,
            Timeline = a.Timeline is null ? null : TimelineOf(a.Timeline),
            TimelineFile = File("timeline"),
            Questions = summary.Questions.Select(q => Question(q, File(q.Label.ToLowerInvariant()))).ToArray(),
            QuestionsNote = summary.Questions.Count == 0
                ? "No numbered questions (Q1, Q2 …) or answers (A1 …) were found, and the input has no question column."
                : summary.PostsOutsideQuestions == 0
                    ? "Every post asks or answers a question."
                    : $"{N(summary.PostsOutsideQuestions)} posts neither ask nor answer a numbered question (greetings, replies, resources); they count in the activity and the themes summary only.",
            ThemesChart = Bars(
                "themes",
                "Themes across the whole chat",
                "Posts the model gave each theme, retweets included.",
                summary.Themes.Where(t => t.Posts > 0).Select(t => (t.Theme.Name, (double)t.Posts, $"{N(t.Posts)} ({N(t.OriginalPosts)} original)")).ToArray()),
            ThemesChartFile = File("themes"),
            NoTheme = $"{N(summary.PostsWithoutTheme)} of {N(a.Posts)} posts ({Percent(1 - summary.TaggedShare)}) got no theme: chatter, thanks, logistics, or a theme the codebook does not have.",
            Caveats = caveats,
        };
    }

    private static QuestionView Question(QuestionSummary q, string? chartFile)
    {
        var retweets = q.Answers - q.OriginalAnswers;
        var asked = q.Author is null && q.Time is null ? string.Empty : $"Asked{(q.Author is null ? string.Empty : " by " + q.Author)}{(q.Time is { } t ? " at " + Time(t) : string.Empty)}.";
        var answers = $"{N(q.Answers, "answer")} ({N(q.OriginalAnswers)} original, {N(retweets, "retweet")}); {N(q.AnswersWithoutTheme)} with no theme.";
        var chart = q.Themes.Count == 0 ? null : Bars(
            q.Label.ToLowerInvariant(),
            $"{q.Label}: themes of the answers",
            $"Answers to {q.Label} the model gave each theme, retweets included.",
            q.Themes.Select(t => (t.Theme.Name, (double)t.Answers, N(t.Answers))).ToArray());
        var themes = q.Themes.Select(t => new QuestionThemeView(
            t.Theme.Name,
            t.Theme.Id,
            t.Theme.Description,
            N(t.Answers, "answer"),
            t.Evidence.Select(e => new EvidenceView(
                e.Post.Text,
                e.Post.Author ?? "unknown author",
                e.Post.Time is { } time ? Time(time) : string.Empty,
                e.Post.Link?.AbsoluteUri,
                float.IsNaN(e.Probability) ? "Suggested by the model" : $"Suggested by the model, probability {e.Probability.ToString("0.00", CultureInfo.InvariantCulture)}",
                !e.PassesThreshold)).ToArray())).ToArray();
        return new QuestionView(q.Label.ToLowerInvariant(), q.Label, q.Text, asked, answers, q.Answers, chart, chartFile, themes);
    }

    private static BarChartView Bars(string id, string title, string description, IReadOnlyList<(string Label, double Value, string Shown)> bars)
    {
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var room = ChartWidth - 120;
        return new BarChartView(
            "chart-" + id,
            title,
            description,
            U((bars.Count * RowHeight) + 8),
            bars.Select((b, i) =>
            {
                var top = i * RowHeight;
                var width = Math.Max(2, b.Value / max * room);
                return new BarView(b.Label, b.Shown, U(top + 15), U(top + 20), U(width), U(width + 6), U(top + 32));
            }).ToArray());
    }

    private static TimelineView TimelineOf(ActivityTimeline t)
    {
        const double left = 8, width = ChartWidth - 16, top = 30, height = 120;
        var n = t.Counts.Count;
        var max = Math.Max(1, t.Counts.Max());
        var step = width / n;
        var bars = t.Counts
            .Select((c, i) => (c, i))
            .Where(x => x.c > 0)
            .Select(x => new RectView(U(left + (x.i * step)), U(top + height - (x.c * height / max)), U(Math.Max(0.8, step * 0.85)), U(x.c * height / max)))
            .ToArray();
        var marks = t.Questions.Select((m, i) => new MarkView(
            ChatStructure.Label(m.Question),
            U(left + ((m.Time - t.Start).TotalMinutes / t.BinMinutes * step)),
            U(i % 2 == 0 ? 12 : 24),
            U(i % 2 == 0 ? 16 : 28))).ToArray();
        var unit = t.BinMinutes == 1 ? "minute" : $"{t.BinMinutes} minutes";
        var end = t.Start.AddMinutes(n * t.BinMinutes);
        var busiest = t.Start.AddMinutes(t.Counts.ToList().IndexOf(t.Counts.Max()) * t.BinMinutes);
        return new TimelineView(
            "chart-timeline",
            $"Posts per {unit}",
            $"Posts per {unit} from {Time(t.Start)} to {Time(end)}; the busiest {unit} ({Time(busiest)}) had {N(t.Counts.Max())} posts.{(t.Questions.Count == 0 ? string.Empty : $" Questions are marked: {string.Join(", ", t.Questions.Select(q => $"{ChatStructure.Label(q.Question)} at {q.Time.ToString("HH:mm", CultureInfo.InvariantCulture)}"))}.")}",
            N(max),
            Time(t.Start),
            Time(end),
            bars,
            marks);
    }

    private static string Span(TimeSpan span) =>
        span.TotalHours >= 48 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} days")
        : span.TotalMinutes >= 120 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} hours")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min");

    private static string U(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    internal static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A count and its noun, singular for one: <c>1 answer</c>, <c>1,204 answers</c>.</summary>
    internal static string N(long value, string noun) => $"{N(value)} {noun}{(value == 1 ? string.Empty : "s")}";

    internal static string Percent(double share) => share.ToString("0%", CultureInfo.InvariantCulture);

    internal static string Time(DateTimeOffset t) => t.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + Zone(t);

    private static string Zone(DateTimeOffset t) => t.Offset == TimeSpan.Zero ? " UTC" : t.ToString(" zzz", CultureInfo.InvariantCulture);
}
