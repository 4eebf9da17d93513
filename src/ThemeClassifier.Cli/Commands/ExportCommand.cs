using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Records;
using ThemeClassifier.Cli.Reporting;

namespace ThemeClassifier.Cli.Commands;

/// <summary>Settings of <c>themes export</c>.</summary>
internal sealed class ExportSettings : ChatPolicySettings
{
    [CommandOption("-i|--input <FILE>")]
    [Description("The chat: 'themes tag' output (JSON lines or CSV), or an untagged export, tagged here.")]
    public string? Input { get; init; }

    [CommandOption("-o|--output <FILE>")]
    [Description("The project to write (.qdpx); the codebook (.qdc) is written beside it. Default: the input's name with .qdpx.")]
    public string? Output { get; init; }

    [CommandOption("-f|--format <FORMAT>")]
    [Description("refi-qda: the REFI-QDA exchange format NVivo, ATLAS.ti, MAXQDA and QualCoder import.")]
    [DefaultValue("refi-qda")]
    public string Format { get; init; } = "refi-qda";

    [CommandOption("-m|--model <FILE>")]
    [Description("Model to tag an untagged input with (and whose codebook and thresholds are exported). Default: the shipped model.")]
    public string? Model { get; init; }

    [CommandOption("--text-column <NAME>")]
    [Description("The column (or JSON field) holding the post. Default: text, Tweet text, full_text, …")]
    public string? TextColumn { get; init; }

    /// <summary>The project's path.</summary>
    public string ResolvedOutput => Output ?? Path.ChangeExtension(Input!, ".qdpx");

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Input) ? ValidationResult.Error("--input is required")
        : !Format.Equals("refi-qda", StringComparison.OrdinalIgnoreCase) ? ValidationResult.Error($"--format must be refi-qda, not '{Format}'")
        : ValidationResult.Success();
}

/// <summary><c>themes export</c>: the tagged chat for qualitative-analysis software (REFI-QDA project and codebook).</summary>
internal sealed class ExportCommand(CliContext cli) : Command<ExportSettings>
{
    public override int Execute(CommandContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        var output = settings.ResolvedOutput;
        var codebook = Path.ChangeExtension(output, ".qdc");
        OutputFile.Check(output);
        OutputFile.EnsureNotInput([("--output", output), ("--output (codebook)", codebook)], [("--input", settings.Input)]);
        using var tagger = ModelLoader.Load(settings.Model);
        var input = ChatExport.Load(settings.Input!, settings.TextColumn, tagger, settings.Policy(), cancellationToken);
        var model = settings.Model is null ? "the ThemeClassifier model shipped with the tool" : $"the ThemeClassifier model {Path.GetFileName(settings.Model)}";
        var (project, sources) = RefiQda.Project(Path.GetFileNameWithoutExtension(settings.Input!), input.Posts, tagger.Codebook, tagger.Thresholds, model);
        OutputFile.Write(output, stream => RefiQda.WriteProject(stream, project, sources));
        OutputFile.Write(codebook, stream => RefiQda.Save(RefiQda.Codebook(tagger.Codebook), stream));
        cli.Message($"themes: wrote {output} ({sources.Count:N0} posts as sources, retweets left out) and {codebook} ({tagger.Codebook.Themes.Count} codes).");
        return Program.ExitOk;
    }
}
