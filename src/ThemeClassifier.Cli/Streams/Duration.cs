using System.Globalization;

namespace ThemeClassifier.Cli.Streams;

/// <summary>Parses the durations the stream verbs take: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>24h</c>, or plain seconds.</summary>
internal static class Duration
{
    /// <summary>The duration written, or null when it is not a positive number with an optional unit ms, s, m or h.</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim().ToLowerInvariant();
        var (number, unit) = t.EndsWith("ms", StringComparison.Ordinal) ? (t[..^2], 0.001)
            : t.EndsWith('s') ? (t[..^1], 1.0)
            : t.EndsWith('m') ? (t[..^1], 60.0)
            : t.EndsWith('h') ? (t[..^1], 3600.0)
            : (t, 1.0);
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0 && value * unit < TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(value * unit)
            : null;
    }
}
