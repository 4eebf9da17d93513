using System.ComponentModel;
using Newtonsoft.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Records;
using ThemeClassifier.Cli.Reports;
using ThemeClassifier.Evaluation;
using ThemeClassifier.Model;

namespace ThemeClassifier.Cli.Commands;

/// <summary>Settings of <c>themes compare</c>.</summary>
internal sealed class CompareSettings : CommandSettings
{
    [CommandOption("-m|--model <MODEL>")]
    [Description("The new model (for instance this month's retrained one).")]
    public string? Model { get; init; }

    [CommandOption("-b|--baseline <MODEL>")]
    [Description("The model it would replace. Default: the shipped model (as tag uses without --model).")]
    public string? Baseline { get; init; }

    [CommandOption("-d|--data <PATH>")]
    [Description("Labelled posts neither model was trained on: .jsonl or .csv files, or folders of them (repeat for several).")]
    public string[] Data { get; init; } = [];

    [CommandOption("--json")]
    [Description("Print the comparison as JSON instead of tables.")]
    public bool Json { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model is required")
        : Data.Length == 0 ? ValidationResult.Error("--data is required")
        : ValidationResult.Success();
}

/// <summary><c>themes compare</c>: is the new model better than the one it would replace, on the same posts?</summary>
internal sealed class CompareCommand(CliContext cli) : Command<CompareSettings>
{
    public override int Execute(CommandContext context, CompareSettings settings, CancellationToken cancellationToken)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        using var baseline = ModelLoader.Load(settings.Baseline);
        using var candidate = ModelLoader.Load(settings.Model);
        var posts = CodedRecords.Load(settings.Data, baseline.Codebook, cli.Warn).Posts;
        ModelComparison comparison;
        try
        {
            comparison = ModelComparison.Compare(baseline, candidate, posts, cancellationToken);
        }
        catch (CodebookMismatchException ex)
        {
            throw new InputException($"the models cannot be compared: {ex.Message}");
        }

        var baselineName = settings.Baseline is null ? "shipped model" : Path.GetFileName(settings.Baseline);
        if (settings.Json)
        {
            cli.StdOut.WriteLine(JsonConvert.SerializeObject(new { Model = settings.Model, Baseline = settings.Baseline ?? "(shipped)", settings.Data, Comparison = comparison }, Formatting.Indented));
        }
        else
        {
            cli.Out.Write(Tables.Comparison(comparison, Path.GetFileName(settings.Model!), baselineName, string.Join(", ", settings.Data.Select(Path.GetFileName))));
        }

        cli.Message($"themes: {posts.Count:N0} labelled posts compared: {Path.GetFileName(settings.Model!)} against {baselineName} -> standard output ({Summary.Seconds(stopwatch.Elapsed)})");
        return Program.ExitOk;
    }
}
