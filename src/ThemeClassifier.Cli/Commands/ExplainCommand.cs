using System.ComponentModel;
using System.Globalization;
using Newtonsoft.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Cli.Reports;

namespace ThemeClassifier.Cli.Commands;

/// <summary>Settings of <c>themes explain</c>.</summary>
internal sealed class ExplainSettings : CommandSettings
{
    [CommandArgument(0, "<TEXT>")]
    [Description("The post to explain (quote it).")]
    public string Text { get; init; } = string.Empty;

    [CommandOption("-m|--model <MODEL>")]
    [Description("The model. Default: the shipped model.")]
    public string? Model { get; init; }

    [CommandOption("--json")]
    [Description("Print the explanation as JSON.")]
    public bool Json { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Text) ? ValidationResult.Error("TEXT must not be empty") : ValidationResult.Success();
}

/// <summary><c>themes explain</c>: the evidence behind a post's themes.</summary>
internal sealed class ExplainCommand(CliContext cli) : Command<ExplainSettings>
{
    public override int Execute(CommandContext context, ExplainSettings settings, CancellationToken cancellationToken)
    {
        using var tagger = ModelLoader.Load(settings.Model);
        var explanation = tagger.Explain(settings.Text);
        if (settings.Json)
        {
            cli.StdOut.WriteLine(JsonConvert.SerializeObject(explanation, new JsonSerializerSettings { Formatting = Formatting.Indented, ContractResolver = new Newtonsoft.Json.Serialization.CamelCasePropertyNamesContractResolver() }));
            return Program.ExitOk;
        }

        var themes = explanation.Prediction.Themes;
        cli.Out.MarkupLine(themes.Count > 0
            ? $"[bold]Themes:[/] {Markup.Escape(string.Join(", ", themes))}"
            : "[bold]Themes:[/] none: the post is judged to be about no theme (the three best-scored are shown)");
        cli.Out.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]Relevance (about any theme):[/] {explanation.Prediction.Relevance:0.000}, needs {tagger.RelevanceThreshold:0.000}"));
        cli.Out.MarkupLine($"[grey]Read as:[/] {Markup.Escape(explanation.NormalizedText)}");
        var table = new Table().Title("Evidence").AddColumn(new TableColumn("Theme").NoWrap()).AddColumns("Probability", "Threshold", "Given", "Definition sim.");
        foreach (var e in explanation.Evidence)
        {
            table.AddRow(
                Markup.Escape(e.ThemeId),
                e.Probability.ToString("0.000", CultureInfo.InvariantCulture),
                tagger.Thresholds[e.ThemeId].ToString("0.000", CultureInfo.InvariantCulture),
                e.Passes ? "[green]yes[/]" : "no",
                e.DefinitionSimilarity.ToString("0.00", CultureInfo.InvariantCulture));
        }

        cli.Out.Write(table);
        cli.Out.WriteLine();
        foreach (var e in explanation.Evidence)
        {
            cli.Out.Write(Tables.Block($"[bold]{Markup.Escape(e.ThemeId)}[/]",
            [
                ("Keywords found", e.MatchedKeywords.Count == 0 ? "none" : string.Join(", ", e.MatchedKeywords)),
                ("Shared words", e.SharedWords.Count == 0 ? "none" : string.Join(", ", e.SharedWords.Take(12))),
                ("Nearest examples", string.Join("\n", e.NearestExamples.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Similarity:0.00} {n.Id}: {Shorten(n.Text, 140)}")))),
            ]));
        }

        return Program.ExitOk;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
