using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Records;
using ThemeClassifier.Cli.Reporting;
using ThemeClassifier.Reporting;

namespace ThemeClassifier.Cli.Commands;

/// <summary>Settings of <c>themes report</c>.</summary>
internal sealed class ReportSettings : ChatPolicySettings
{
    [CommandOption("-i|--input <FILE>")]
    [Description("The chat: 'themes tag' output (JSON lines or CSV), or an untagged export (JSON lines or CSV), tagged here.")]
    public string? Input { get; init; }

    [CommandOption("-o|--output <FILE>")]
    [Description("The report to write. Default: the input's name with .report.html (or .report.md).")]
    public string? Output { get; init; }

    [CommandOption("-f|--format <FORMAT>")]
    [Description("html (one self-contained page) or md (Markdown with PNG charts beside it). Default: from --output's extension, else html.")]
    public string? Format { get; init; }

    [CommandOption("-m|--model <FILE>")]
    [Description("Model to tag an untagged input with, and whose thresholds and card the report quotes. Default: the shipped model.")]
    public string? Model { get; init; }

    [CommandOption("--text-column <NAME>")]
    [Description("The column (or JSON field) holding the post. Default: text, Tweet text, full_text, …")]
    public string? TextColumn { get; init; }

    [CommandOption("--title <TEXT>")]
    [Description("The report's title. Default: 'Tweetchat report' and the chat's date.")]
    public string? Title { get; init; }

    /// <summary>"html" or "md".</summary>
    public string ResolvedFormat => Format?.ToLowerInvariant() switch
    {
        "markdown" => "md",
        { } f => f,
        null => Output is not null && Path.GetExtension(Output).Equals(".md", StringComparison.OrdinalIgnoreCase) ? "md" : "html",
    };

    /// <summary>The report's path.</summary>
    public string ResolvedOutput => Output ?? Path.ChangeExtension(Input!, ResolvedFormat == "md" ? ".report.md" : ".report.html");

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Input) ? ValidationResult.Error("--input is required")
        : ResolvedFormat is not ("html" or "md") ? ValidationResult.Error($"--format must be html or md, not '{Format}'")
        : ValidationResult.Success();
}

/// <summary><c>themes report</c>: the monthly tweetchat report an analyst would write, from a chat export.</summary>
internal sealed class ReportCommand(CliContext cli) : Command<ReportSettings>
{
    public override int Execute(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        var output = settings.ResolvedOutput;
        OutputFile.Check(output);
        OutputFile.EnsureNotInput([("--output", output)], [("--input", settings.Input)]);
        using var tagger = ModelLoader.Load(settings.Model);
        var input = ChatExport.Load(settings.Input!, settings.TextColumn, tagger, settings.Policy(), cancellationToken);
        var summary = ChatSummary.Create(input.Posts, tagger.Codebook, tagger.Thresholds);
        var title = settings.Title ?? (summary.Activity.First is { } first
            ? $"Tweetchat report: {first.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}"
            : $"Tweetchat report: {Path.GetFileNameWithoutExtension(settings.Input)}");
        var caveats = Caveats(summary, input, tagger, settings.Model);
        if (settings.ResolvedFormat == "md")
        {
            var charts = ReportPngs.Write(summary, output);
            OutputFile.WriteText(output, ReportRenderer.Markdown(ReportView.Create(summary, title, caveats, charts)));
        }
        else
        {
            OutputFile.WriteText(output, ReportRenderer.Html(ReportView.Create(summary, title, caveats)));
        }

        cli.Message($"themes: wrote {output}: {ReportView.N(summary.Activity.Posts, "post")}, {ReportView.N(summary.Questions.Count, "question")}, {summary.TaggedShare:0%} with a theme.");
        return Program.ExitOk;
    }

    /// <summary>What a reader must know before quoting the report.</summary>
    private static IReadOnlyList<string> Caveats(ChatSummary summary, ChatInput input, ThemeTagger tagger, string? modelPath)
    {
        var card = tagger.Card;
        var model = modelPath is null ? "the model shipped with the tool" : $"the model {Path.GetFileName(modelPath)}";
        var about = $"{card.Profile} profile, trained on {card.ExampleCount:N0} hand-coded posts, {card.Trainer}, a threshold per theme from cross-validation";
        var caveats = new List<string>
        {
            input.WasTagged
                ? $"Themes and probabilities were read from the input, as 'themes tag' wrote them; the thresholds and figures quoted here are those of {model} ({about})."
                : $"Themes were suggested by {model} ({about}).",
        };
        var figures = ModelCardFigures.Read(ModelCardFigures.CardPath(modelPath));
        caveats.Add(figures is null
            ? "The model's card reports no evaluation on posts it was not trained on, so its accuracy on a new chat is unknown."
            : $"On {figures.Posts} posts from other sources it was not trained on ({figures.Source}), the model's first theme matched the analysts' coding for {figures.Top1} of them (macro-F1 {figures.MacroF1}, from its card): many posts will be themed differently from how an analyst would code them.");
        var tagged = summary.Activity.Posts - summary.PostsWithoutTheme;
        caveats.Add($"{ReportView.Percent(summary.TaggedShare)} of posts ({tagged:N0} of {summary.Activity.Posts:N0}) got at least one theme. Counts include retweets; quoted posts never are.");
        caveats.Add("Themes are suggestions to be checked, not findings: read the quoted posts before using a theme, and treat a quote marked below its theme's threshold as weaker still.");
        caveats.Add("Questions are found from the chat's numbering (Q1, Q2 … from the host, A1, A2 … in answers) or a question column; answers that do not number themselves count in the activity and the themes summary but in no question.");
        if (input.Skipped > 0)
        {
            caveats.Add($"{input.Skipped:N0} record(s) of the input had no text or were error lines and are left out.");
        }

        if (input.Policy is { Skipped: > 0 } policy)
        {
            caveats.Add($"{policy.Described()} got no theme, as 'themes tag' does (--tag-questions, --all-languages to theme them).");
        }

        return caveats;
    }
}
