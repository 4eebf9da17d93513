using System.Buffers;
using System.Globalization;
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

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ChatTagLookup = ChatTags.GetAlternateLookup<ReadOnlySpan<char>>();

    // What every link the Url pattern removes contains.
    private static readonly SearchValues<string> UrlStarts = SearchValues.Create(["://", "www."], StringComparison.OrdinalIgnoreCase);

    // White space other than ' ' (char.IsWhiteSpace, which is regex \s).
    private static readonly SearchValues<char> OtherWhiteSpace =
        SearchValues.Create([.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(c => c != ' ' && char.IsWhiteSpace(c))]);

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

        if (s.AsSpan().ContainsAny(UrlStarts))
        {
            s = Url().Replace(s, " ");
        }

        s = s.AsSpan().IndexOfAny('@', '#') >= 0 ? HandlesAndHashtags(s) : CollapseWhitespace(s);
        return s.Length > MaxLength ? s[..MaxLength] : s;
    }

    /// <summary>Runs of white space as one space, none at either end: regex <c>\s+</c> → " ", then <c>Trim()</c>.</summary>
    private static string CollapseWhitespace(string s)
    {
        if (s.Length == 0 || (s[0] != ' ' && s[^1] != ' ' && !s.AsSpan().ContainsAny(OtherWhiteSpace) && !s.Contains("  ", StringComparison.Ordinal)))
        {
            return s;
        }

        var rented = ArrayPool<char>.Shared.Rent(s.Length);
        try
        {
            var writer = new CollapsingWriter(rented);
            foreach (var c in s)
            {
                writer.Write(c);
            }

            var collapsed = rented.AsSpan(0, writer.Length);
            return collapsed.SequenceEqual(s) ? s : new string(collapsed);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Each @handle (<c>@\w+</c>) and chat hashtag as a space, every other hashtag (<c>#[\p{L}\p{N}_-]+</c>) as its
    /// words (split where a lower-case letter meets an upper-case one), then white space collapsed as
    /// <see cref="CollapseWhitespace"/> does: one pass, as the two regex replacements and the collapse in turn (a
    /// handle and a hashtag never overlap, and each ends where the other begins; the collapse takes the replaced
    /// text character by character, so it runs on each character as it is written).
    /// </summary>
    private static string HandlesAndHashtags(string s)
    {
        var output = ArrayPool<char>.Shared.Rent(2 * s.Length);
        try
        {
            var writer = new CollapsingWriter(output);
            for (var i = 0; i < s.Length;)
            {
                var hashtag = s[i] == '#';
                var end = i + 1;
                if (hashtag || s[i] == '@')
                {
                    while (end < s.Length && (hashtag ? IsTagChar(s[end]) : IsWordChar(s[end])))
                    {
                        end++;
                    }
                }

                if (end == i + 1)
                {
                    writer.Write(s[i++]);
                    continue;
                }

                var name = s.AsSpan(i + 1, end - i - 1);
                if (!hashtag || ChatTagLookup.Contains(name))
                {
                    writer.Write(' ');
                }
                else
                {
                    for (var k = 0; k < name.Length; k++)
                    {
                        if (k > 0 && char.GetUnicodeCategory(name[k - 1]) == UnicodeCategory.LowercaseLetter && char.GetUnicodeCategory(name[k]) == UnicodeCategory.UppercaseLetter)
                        {
                            writer.Write(' ');
                        }

                        writer.Write(name[k]);
                    }
                }

                i = end;
            }

            return new string(output, 0, writer.Length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(output);
        }
    }

    /// <summary>
    /// Writes characters into a buffer with runs of white space as one space and none at either end (regex
    /// <c>\s+</c> → " ", then <c>Trim()</c>), as <see cref="CollapseWhitespace"/> does.
    /// </summary>
    private ref struct CollapsingWriter(Span<char> output)
    {
        private readonly Span<char> _output = output;
        private bool _space;

        /// <summary>The number of characters written.</summary>
        public int Length { get; private set; }

        public void Write(char c)
        {
            if (char.IsWhiteSpace(c))
            {
                _space = Length > 0;
                return;
            }

            if (_space)
            {
                _output[Length++] = ' ';
                _space = false;
            }

            _output[Length++] = c;
        }
    }

    /// <summary>Regex <c>\w</c>: a letter, non-spacing mark, decimal digit or connector punctuation.</summary>
    private static bool IsWordChar(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
        or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation;

    /// <summary>Regex <c>[\p{L}\p{N}_-]</c>.</summary>
    private static bool IsTagChar(char c) => c is '_' or '-' || char.IsLetter(c) || char.IsNumber(c);

    private static string RepairUtf16(string s)
    {
        if (!s.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return s;
        }

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

}
