using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Cli.Reports;

namespace ThemeClassifier.Cli.Commands;

/// <summary>Settings of <c>themes codebook</c>.</summary>
internal sealed class CodebookSettings : CommandSettings
{
    [CommandOption("-m|--model <MODEL>")]
    [Description("Show this model's codebook. Default: the shipped model's.")]
    public string? Model { get; init; }

    [CommandOption("--codebook <FILE>")]
    [Description("Show a codebook file instead of a model's.")]
    public string? Codebook { get; init; }

    [CommandOption("--json")]
    [Description("Print the codebook as JSON (the codebook.json format).")]
    public bool Json { get; init; }

    public override ValidationResult Validate() =>
        Model is not null && Codebook is not null ? ValidationResult.Error("give --model or --codebook, not both") : ValidationResult.Success();
}

/// <summary><c>themes codebook</c>: the themes and their definitions.</summary>
internal sealed class CodebookCommand(CliContext cli) : Command<CodebookSettings>
{
    public override int Execute(CommandContext context, CodebookSettings settings, CancellationToken cancellationToken)
    {
        Data.Codebook codebook;
        if (settings.Codebook is not null)
        {
            codebook = Data.Codebook.Load(settings.Codebook);
        }
        else
        {
            using var tagger = ModelLoader.Load(settings.Model);
            codebook = tagger.Codebook;
        }

        if (settings.Json)
        {
            cli.StdOut.WriteLine(codebook.ToJson());
            return Program.ExitOk;
        }

        cli.Out.MarkupLine($"[bold]Codebook: {codebook.Themes.Count} themes[/]");
        cli.Out.WriteLine();
        foreach (var theme in codebook.Themes)
        {
            cli.Out.Write(Tables.Block(
                $"[bold]{Markup.Escape(theme.Id)}[/]: {Markup.Escape(theme.Name)}",
                [
                    ("Definition", theme.Description),
                    ("Keywords", theme.Keywords.Count == 0 ? "none" : string.Join(", ", theme.Keywords)),
                    ("Include", theme.Include.Count == 0 ? "none" : string.Join("\n", theme.Include)),
                    ("Exclude", theme.Exclude.Count == 0 ? "none" : string.Join("\n", theme.Exclude)),
                    ("Counter-examples", theme.CounterExamples.Count == 0 ? "none" : string.Join("\n", theme.CounterExamples.Select(c => $"{c.Text} → {c.ThemeId}"))),
                ]));
        }

        return Program.ExitOk;
    }
}
