using System.Text;
using System.Text.RegularExpressions;

namespace ThemeClassifier.Tests.Features;

/// <summary>The reference for <c>TextNormalizer</c>: its regex chain as it was before issue 14, verbatim.</summary>
internal static partial class ReferenceTextNormalizer
{
    private const int MaxLength = 1000;

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
        s = ThemeClassifier.Reporting.ChatStructure.SplitRetweet(s).Body;
        s = MarkdownLink().Replace(s, "$1");
        s = Url().Replace(s, " ");
        s = Handle().Replace(s, " ");
        s = Hashtag().Replace(s, m => ChatTags.Contains(m.Groups[1].Value) ? " " : SplitCamelCase(m.Groups[1].Value));
        s = Whitespace().Replace(s, " ").Trim();
        return s.Length > MaxLength ? s[..MaxLength] : s;
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

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
