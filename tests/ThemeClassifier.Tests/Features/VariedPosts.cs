using System.Text;
using ThemeClassifier.Features;

namespace ThemeClassifier.Tests.Features;

/// <summary>Varied posts for the equivalence tests of the fast paths against their references.</summary>
internal static class VariedPosts
{
    /// <summary>
    /// Pieces spliced into posts: emoji, tweet markup (hashtags, links, handles, retweet prefixes, markdown links),
    /// punctuation, diacritics, non-Latin scripts, invalid UTF-16, odd whitespace, stop words.
    /// </summary>
    private static readonly string[] Extras =
    [
        "", " ", "🙌", "😀👍🏽", "#QIHour", "#PatientSafety", "https://t.co/abc123", "@someone:", "RT @x:", "don't", "can't!!!", "...", "—", "«quoted»",
        "“curly”", "naïve café", "CAFÉ", "İstanbul", "ΆΈΉ", "Ёлка", "e\u0301", "\uD800", "\uDC00x", "\uFFFD", "a|b", "24|7", "\t", "\u00A0", "100%", "3.5",
        "£20k", "A&E", "COVID-19", "NHS’s", "QI-Hour", "we", "our", "not", "together", "the", "and", "RT", "amp", "&amp;", "ǅ", "ß", "ﬁ", "Σ",
        "#leadingqi", "#BuildTrustTogether", "#psychological-safety", "#QI_Hour", "#", "@", "@user_1,", "[#QIHour](#)", "[a link](https://x.y/z)",
        "[not a link]", "(brackets)", "www.example.org/page", "HTTP://EXAMPLE.COM", "httpſ://x", "mailto:a@b.c", "\n", "\r\n", "\u2028", "\u3000",
        "\u200B", "\u0085", "中文字符", "العربية", "עברית", "हिन्दी", "🇬🇧", "👩‍⚕️", "x\u0000y", "Q1:", "A2.", "RT  @someone  ", "#ÉquipeSoins",
    ];

    /// <summary>
    /// <paramref name="count"/> posts: corpus texts spliced at random cut points, extras inserted, in upper case,
    /// normalised, mixed case or as they are, every 500th repeated 60 times (a very long text). Same arguments, same posts.
    /// </summary>
    public static IEnumerable<string> Generate(IReadOnlyList<string> corpus, int count, int seed = 7)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var a = corpus[random.Next(corpus.Count)].Split(' ');
            var b = corpus[random.Next(corpus.Count)].Split(' ');
            var words = a.Take(random.Next(a.Length + 1)).Concat(b.Skip(random.Next(b.Length + 1))).ToList();
            for (var e = random.Next(4); e > 0; e--)
            {
                words.Insert(random.Next(words.Count + 1), Extras[random.Next(Extras.Length)]);
            }

            var text = string.Join(random.Next(5) == 0 ? "  " : " ", words);
            text = (i % 4) switch
            {
                0 => text.ToUpperInvariant(),
                1 => TextNormalizer.Normalize(text),
                2 => new string([.. text.Select(c => random.Next(3) == 0 ? char.ToUpperInvariant(c) : c)]),
                _ => text,
            };
            yield return i % 500 == 0 ? new StringBuilder().Insert(0, text + " ", 60).ToString() : text;
        }
    }
}
