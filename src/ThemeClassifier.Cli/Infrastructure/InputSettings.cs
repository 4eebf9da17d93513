using System.ComponentModel;
using Spectre.Console.Cli;
using ThemeClassifier.Records;

namespace ThemeClassifier.Cli.Infrastructure;

/// <summary>The options of the verbs that read posts (<c>tag</c>, <c>suggest</c>): the input, as an argument or <c>--input</c>, its format and text column, and which posts are themed (<see cref="ChatPolicySettings"/>).</summary>
internal abstract class InputSettings : ChatPolicySettings
{
    [CommandArgument(0, "[INPUT]")]
    [Description("Posts to read (as --input): .csv, .xlsx, .jsonl, .txt or a Twitter API v2 response; - for standard input.")]
    public string? InputArgument { get; init; }

    [CommandOption("-i|--input <FILE>")]
    [Description("Posts to read, or - for standard input (the same as the INPUT argument).")]
    public string? Input { get; init; }

    [CommandOption("-f|--format <FORMAT>")]
    [Description("Input format: jsonl, csv, xlsx, text or twitter. Default: from the extension, else from the content.")]
    public string? Format { get; init; }

    [CommandOption("--text-column <NAME>")]
    [Description("The column (or JSON field) holding the post. Default: text, Tweet text, full_text, …")]
    public string? TextColumn { get; init; }

    /// <summary>The input: the argument, else <c>--input</c>, else standard input.</summary>
    public string InputPath => InputArgument ?? Input ?? "-";

    /// <summary>Opens the input; warnings (a guessed legacy encoding) go to stderr.</summary>
    /// <exception cref="RecordsException">It cannot be read.</exception>
    public IRecordReader OpenInput(CliContext cli) => RecordReader.Open(InputPath, cli.StdIn, RecordFormats.Parse(Format)!.Value, TextColumn, cli.Warn);

    /// <summary>The first problem with the input options, or null.</summary>
    protected string? CheckInput(bool required) =>
        InputArgument is not null && Input is not null && InputArgument != Input ? $"the input is given twice ({InputArgument} and --input {Input}); give one"
        : required && InputArgument is null && Input is null ? "the input is required: themes VERB FILE (or --input FILE, - for standard input)"
        : RecordFormats.Parse(Format) is null ? $"--format must be jsonl, csv, xlsx, text or twitter, not '{Format}'"
        : null;
}
