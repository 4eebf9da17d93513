using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace ThemeClassifier.Features;

/// <summary>
/// Cleans a post before it is featurised: drops the retweet prefix, links, @handles and the chat's own hashtags,
/// turns other hashtags into words, repairs invalid UTF-16 and caps the length. Retweets of a post normalise to
/// the same text, so they are featurised once.
/// </summary>
internal static partial class TextNormalizer
{
    /// <summary>Normalised texts are cut to this many characters (the encoder reads about 128 word pieces).</summary>
    public const int MaxLength = 1000;

    private static readonly HashSet<string> ChatTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "LeadingQI", "QIHour", "QI-Hour", "QITwitter", "NHSKaizen", "askingforafriend",
    };

    /// <summary>The cleaned text; empty when nothing but noise remains.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Length > 4 * MaxLength ? text[..(4 * MaxLength)] : text;
        s = RepairUtf16(s);
        s = Reporting.ChatStructure.SplitRetweet(s).Body;

        // Each pattern runs only on a text holding what every match of it holds (most posts lack some).
        if (s.Contains('['))
        {
            s = MarkdownLink().Replace(s, "$1");
        }

        if (s.Contains("://", StringComparison.Ordinal) || s.Contains("www.", StringComparison.OrdinalIgnoreCase))
        {
            s = Url().Replace(s, " ");
        }

        if (s.Contains('@'))
        {
            s = Handle().Replace(s, " ");
        }

        if (s.Contains('#'))
        {
            s = Hashtag().Replace(s, m => ChatTags.Contains(m.Groups[1].Value) ? " " : SplitCamelCase(m.Groups[1].Value));
        }

        s = CollapseWhitespace(s);
        return s.Length > MaxLength ? s[..MaxLength] : s;
    }

    /// <summary>Runs of white space as one space, none at either end: regex <c>\s+</c> → " ", then <c>Trim()</c>.</summary>
    private static string CollapseWhitespace(string s)
    {
        var rented = ArrayPool<char>.Shared.Rent(s.Length);
        try
        {
            var n = 0;
            var space = false;
            foreach (var c in s)
            {
                if (char.IsWhiteSpace(c))
                {
                    space = n > 0;
                    continue;
                }

                if (space)
                {
                    rented[n++] = ' ';
                    space = false;
                }

                rented[n++] = c;
            }

            var collapsed = rented.AsSpan(0, n);
            return collapsed.SequenceEqual(s) ? s : new string(collapsed);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static string SplitCamelCase(string tag) => CamelBoundary().Replace(tag, " ");

    private static string RepairUtf16(string s)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var ok = !char.IsSurrogate(c)
                || (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]));
            if (ok && char.IsHighSurrogate(c))
            {
                sb?.Append(c).Append(s[i + 1]);
                i++;
                continue;
            }

            if (!ok && sb is null)
            {
                sb = new StringBuilder(s.Length).Append(s, 0, i);
            }

            sb?.Append(ok ? c : '\uFFFD');
        }

        return sb?.ToString() ?? s;
    }

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"(https?://|www\.)\S+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"@\w+", RegexOptions.CultureInvariant)]
    private static partial Regex Handle();

    [GeneratedRegex(@"#([\p{L}\p{N}_-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Hashtag();

    [GeneratedRegex(@"(?<=\p{Ll})(?=\p{Lu})", RegexOptions.CultureInvariant)]
    private static partial Regex CamelBoundary();
}
