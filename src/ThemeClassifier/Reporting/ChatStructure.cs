using System.Globalization;
using System.Text.RegularExpressions;

namespace ThemeClassifier.Reporting;

/// <summary>What a post does in a tweetchat.</summary>
public enum ChatRole
{
    /// <summary>Neither a numbered question nor a numbered answer (greetings, replies, resources).</summary>
    Other,

    /// <summary>A host's numbered question: <c>Q2: What does …</c>.</summary>
    Question,

    /// <summary>A numbered answer (<c>A2 …</c>), or a post a <c>question</c> column assigns to a question.</summary>
    Answer,
}

/// <summary>A post's place in a chat.</summary>
/// <param name="Role">Question, answer or other.</param>
/// <param name="Question">The question number asked or answered; null for <see cref="ChatRole.Other"/>.</param>
/// <param name="RetweetOf">The handle a retweet (<c>RT @user: …</c>) repeats, with its <c>@</c>; null for an original post.</param>
public sealed record ChatPosition(ChatRole Role, int? Question, string? RetweetOf)
{
    /// <summary>Whether the post is a retweet.</summary>
    public bool IsRetweet => RetweetOf is not null;

    /// <summary>The question as chats write it (<c>Q2</c>); null when the post belongs to none.</summary>
    public string? QuestionLabel => Question is int n ? ChatStructure.Label(n) : null;
}

/// <summary>
/// Finds a tweetchat's structure in its posts: the host's numbered questions (<c>Q1</c>, <c>Q1:</c>, <c>Q1.</c>,
/// <c>Q1 -</c>, <c>Q1)</c>) and the numbered answers (<c>A1 …</c>, <c>A1:</c>), after an optional retweet prefix and
/// leading @mentions or hashtags, case-insensitive. A <c>question</c> column (<c>Q2</c> or <c>2</c>) overrides the
/// answer number found in the text.
/// </summary>
public static partial class ChatStructure
{
    /// <summary>The label of question <paramref name="number"/>: <c>Q2</c>.</summary>
    public static string Label(int number) => "Q" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The role of one post, from its text and, when the export has one, its <c>question</c> column.</summary>
    /// <param name="text">The post as written, retweet prefix included.</param>
    /// <param name="questionColumn">The export's <c>question</c> value (<c>Q2</c>, <c>2</c>); null or unparsable: ignored.</param>
    public static ChatPosition Classify(string text, string? questionColumn = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var retweet = Retweet().Match(text);
        var retweetOf = retweet.Success ? "@" + retweet.Groups[1].Value : null;
        var body = Lead().Replace(text[(retweet.Success ? retweet.Length : 0)..], string.Empty);
        var numbered = Numbered().Match(body);
        var column = ParseQuestion(questionColumn);
        if (numbered.Success && char.ToUpperInvariant(numbered.Groups[1].Value[0]) == 'Q')
        {
            return new ChatPosition(ChatRole.Question, int.Parse(numbered.Groups[2].Value, CultureInfo.InvariantCulture), retweetOf);
        }

        if (column is not null)
        {
            return new ChatPosition(ChatRole.Answer, column, retweetOf);
        }

        return numbered.Success
            ? new ChatPosition(ChatRole.Answer, int.Parse(numbered.Groups[2].Value, CultureInfo.InvariantCulture), retweetOf)
            : new ChatPosition(ChatRole.Other, null, retweetOf);
    }

    /// <summary>The question number of a <c>question</c> column value: <c>Q2</c>, <c>q2</c> or <c>2</c>; null otherwise.</summary>
    public static int? ParseQuestion(string? value)
    {
        var m = value is null ? Match.Empty : QuestionValue().Match(value);
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"^\s*RT\s+@(\w+):?\s*", RegexOptions.CultureInvariant)]
    private static partial Regex Retweet();

    /// <summary>Leading @mentions (a reply) and hashtags before the number.</summary>
    [GeneratedRegex(@"^\s*(?:[@#]\w+[\s,:]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Lead();

    /// <summary>Q or A, one or two digits, then a separator, whitespace or the end: not "A1C" or "Q10x".</summary>
    [GeneratedRegex(@"^([QA])(\d{1,2})(?=$|\s|[:.\-–—),;!?])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Numbered();

    [GeneratedRegex(@"^\s*[Qq]?\s*(\d{1,2})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionValue();
}
