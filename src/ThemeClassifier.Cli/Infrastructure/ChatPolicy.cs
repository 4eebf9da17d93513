using System.Globalization;
using System.Text.RegularExpressions;
using Lingua;
using ThemeClassifier.Records;
using ThemeClassifier.Reporting;

namespace ThemeClassifier.Cli.Infrastructure;

/// <summary>
/// The one place that decides a post's place in a chat and whether it is themed (<c>tag</c>, <c>suggest</c>): its
/// question and role (<see cref="ChatStructure"/>: a retweet has the role of what it repeats, and an input
/// <c>question</c> column names the question an answer belongs to) and its language. A host question is not themed
/// (it only asks), nor is a post detected as not English (the model is trained on English); their scores are still
/// written. Each rule can be turned off. One policy counts the posts of one run; not thread-safe.
/// </summary>
/// <param name="tagQuestions">Theme host questions too.</param>
/// <param name="allLanguages">Theme posts detected as not English too.</param>
internal sealed partial class ChatPolicy(bool tagQuestions, bool allLanguages)
{
    /// <summary>
    /// The languages told apart: English and the languages most likely in UK/European healthcare-QI chats (Welsh for
    /// NHS Wales). Fewer candidates mean fewer short English posts mistaken for another language; a post in a language
    /// not listed is reported as the nearest one listed or as unknown. Keep in step with ChatLanguages in the csproj,
    /// which ships only these languages' models.
    /// </summary>
    internal static readonly Language[] Languages =
        [Language.English, Language.Spanish, Language.French, Language.German, Language.Portuguese, Language.Italian, Language.Dutch, Language.Welsh];

    /// <summary>Below this many words (mentions, hashtags, links, numbering and the retweet prefix removed) a post's language is unknown: too short to tell.</summary>
    internal const int MinimumWords = 4;

    /// <summary>
    /// Lingua's minimum relative distance: when the best two languages are closer than this, the language is unknown
    /// rather than guessed. High-accuracy mode (all n-gram sizes): short posts are where it matters.
    /// </summary>
    private const double MinimumRelativeDistance = 0.1;

    private static readonly Lazy<LanguageDetector> Detector = new(() =>
        LanguageDetectorBuilder.FromLanguages(Languages).WithMinimumRelativeDistance(MinimumRelativeDistance).Build());

    /// <summary>The reason a host question is skipped.</summary>
    public const string HostQuestion = "host question";

    /// <summary>Posts skipped as host questions so far.</summary>
    public int HostQuestions { get; private set; }

    /// <summary>Posts skipped as not English so far.</summary>
    public int NotEnglish { get; private set; }

    /// <summary>Posts skipped so far.</summary>
    public int Skipped => HostQuestions + NotEnglish;

    /// <summary>A post's place in the chat and whether it is themed (counted in <see cref="HostQuestions"/>, <see cref="NotEnglish"/>).</summary>
    /// <param name="record">A readable record (its text is not null).</param>
    public PostContext Decide(Record record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var text = record.Text ?? throw new ArgumentException("the record has no text", nameof(record));
        var position = ChatStructure.Classify(text, record.Field(["question"]));
        var language = DetectLanguage(text);
        string? skipped = null;
        if (position.Role == ChatRole.Question && !tagQuestions)
        {
            skipped = HostQuestion;
            HostQuestions++;
        }
        else if (language is not null && language != "en" && !allLanguages)
        {
            skipped = $"not English ({language})";
            NotEnglish++;
        }

        return new PostContext(position.QuestionLabel, position.Role, language, skipped);
    }

    /// <summary>The summary's account of skipped posts: <c>, 12 skipped (9 host questions, 3 not English)</c>; empty when none.</summary>
    public string SummaryPart() =>
        Skipped == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {Skipped:N0} skipped ({Count(HostQuestions, "host question")}, {NotEnglish:N0} not English)");

    /// <summary>The skipped posts in words: <c>9 host questions and 1 post not in English</c>, naming only the kinds there were.</summary>
    public string Described() => string.Join(" and ", new[]
    {
        HostQuestions == 0 ? null : Count(HostQuestions, "host question"),
        NotEnglish == 0 ? null : Count(NotEnglish, "post") + " not in English",
    }.OfType<string>());

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n:N0} {noun}{(n == 1 ? string.Empty : "s")}");

    /// <summary>
    /// The language of a post (ISO 639-1, lower case), or null when unknown: fewer than <see cref="MinimumWords"/>
    /// words once mentions, hashtags, links, question/answer numbers and the retweet prefix are removed, or no clear
    /// winner among <see cref="Languages"/>.
    /// </summary>
    public static string? DetectLanguage(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = Noise().Replace(text, " ");
        if (Word().Count(words) < MinimumWords)
        {
            return null;
        }

        var language = Detector.Value.DetectLanguageOf(words);
        return language == Language.Unknown ? null : language.IsoCode6391().ToString().ToLowerInvariant();
    }

    /// <summary>What says nothing about the language: the retweet prefix, mentions, hashtags, links, Q/A numbers.</summary>
    [GeneratedRegex(@"^\s*RT\s+@\w+:?|[@#]\w+|https?://\S+|www\.\S+|\b[QA]\d{1,2}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Noise();

    /// <summary>A word: two or more letters.</summary>
    [GeneratedRegex(@"\p{L}{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
