using System.Globalization;

namespace ThemeClassifier.Cli.Infrastructure;

/// <summary>The one line a verb prints on stderr when it is done.</summary>
internal static class Summary
{
    /// <summary><c>themes: 315 records: 181 tagged, 134 with no theme, 0 errors -> tagged.csv (2.1 s)</c>.</summary>
    public static string Line(int records, int tagged, int noTheme, int errors, string where, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"themes: {records:N0} records: {tagged:N0} tagged, {noTheme:N0} with no theme, {errors:N0} errors -> {where} ({Seconds(elapsed)})");

    /// <summary>A duration as people read it: <c>2.1 s</c>, <c>3 min 05 s</c>.</summary>
    public static string Seconds(TimeSpan elapsed) =>
        elapsed.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds:00} s")
            : string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0.0} s");
}
