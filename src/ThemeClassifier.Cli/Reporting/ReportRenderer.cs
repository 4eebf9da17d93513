using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Fluid;
using Fluid.Values;

namespace ThemeClassifier.Cli.Reporting;

/// <summary>
/// Lays a <see cref="ReportView"/> out with the Liquid templates embedded in the tool (<c>Templates/*.liquid</c>,
/// rendered by Fluid): one self-contained HTML page, or Markdown that links its PNG charts.
/// </summary>
internal static partial class ReportRenderer
{
    private static readonly FluidParser Parser = new(new FluidParserOptions { AllowFunctions = true });

    /// <summary>The HTML page: inline CSS and SVG, no script; every value HTML-encoded.</summary>
    public static string Html(ReportView view) => Render("report.html.liquid", view, HtmlEncoder.Create(UnicodeRanges.All));

    /// <summary>Markdown; values pass through the <c>md</c> filter, which escapes Markdown's special characters.</summary>
    public static string Markdown(ReportView view) => Render("report.md.liquid", view, NullEncoder.Default);

    /// <summary>Escapes what Markdown would read as formatting, links, HTML or table cells; line breaks become spaces.</summary>
    public static string EscapeMarkdown(string text) => MarkdownSpecial().Replace(text.ReplaceLineEndings(" "), @"\$0");

    private static string Render(string name, ReportView view, TextEncoder encoder)
    {
        using var stream = typeof(ReportRenderer).Assembly.GetManifestResourceStream("ThemeClassifier.Cli.Templates." + name)
            ?? throw new InvalidOperationException($"template {name} is not embedded in the tool");
        using var reader = new StreamReader(stream);
        if (!Parser.TryParse(reader.ReadToEnd(), out var template, out var error))
        {
            throw new InvalidOperationException($"template {name}: {error}");
        }

        var options = new TemplateOptions { MemberAccessStrategy = new UnsafeMemberAccessStrategy() };
        options.Filters.AddFilter("md", (input, _, _) => new ValueTask<FluidValue>(new StringValue(EscapeMarkdown(input.ToStringValue()))));
        return template.Render(new TemplateContext(view, options), encoder);
    }

    [GeneratedRegex(@"[\\`*_\[\]<>|#~]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownSpecial();
}
