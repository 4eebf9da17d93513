using System.Text;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Commands;
using ThemeClassifier.Cli.Infrastructure;

namespace ThemeClassifier.Cli;

/// <summary>
/// The <c>themes</c> command: tag, train, evaluate, compare, suggest, explain and codebook. Exit codes: 0 ok, 1 bad input
/// (data, model or codebook), 2 usage, 130 cancelled (Ctrl-C).
/// </summary>
public static class Program
{
    /// <summary>Everything went well.</summary>
    public const int ExitOk = 0;

    /// <summary>Bad input: invalid data, an unreadable model, a codebook mismatch, a missing file or text column.</summary>
    public const int ExitBadInput = 1;

    /// <summary>Bad usage: unknown verb or option, missing or invalid argument.</summary>
    public const int ExitUsage = 2;

    /// <summary>Stopped by Ctrl-C: lines written to stdout are whole; an output file is left as it was (what was written is in OUTPUT.partial).</summary>
    public const int ExitCancelled = 130;

    /// <summary>The process entry point: wires the real console, stdin/stdout and Ctrl-C.</summary>
    public static int Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl-C stops cleanly (output flushed); a second one kills the process.
            if (!cts.IsCancellationRequested)
            {
                e.Cancel = true;
                cts.Cancel();
            }
        };
        var utf8 = new UTF8Encoding(false);
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), utf8, 1 << 16) { AutoFlush = false };
        using var stderr = new StreamWriter(Console.OpenStandardError(), utf8, 1 << 12) { AutoFlush = true };
        using var stdin = new StreamReader(Console.OpenStandardInput(), utf8, false, 1 << 16);
        var terminal = new TerminalInfo(!Console.IsOutputRedirected, !Console.IsErrorRedirected);
        try
        {
            return Run(args, stdout, stderr, stdin, terminal, cts.Token);
        }
        finally
        {
            stdout.Flush();
        }
    }

    /// <summary>Runs the tool in-process, as <c>themes ARGS</c> would, on the given streams.</summary>
    /// <param name="args">The command line, verb first.</param>
    /// <param name="stdout">Standard output (JSON lines, tables, help).</param>
    /// <param name="stderr">Standard error (messages, progress).</param>
    /// <param name="stdin">Standard input for <c>--input -</c>; empty when null.</param>
    /// <param name="terminal">Whether stdout/stderr are terminals; neither when null.</param>
    /// <param name="cancellationToken">Stops the verb cleanly.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TextReader? stdin = null, TerminalInfo? terminal = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var context = new CliContext(stdout, stderr, stdin ?? TextReader.Null, terminal ?? new TerminalInfo(false, false));
        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(CliContext), context);
        var app = new CommandApp(registrar);
        app.Configure(config =>
        {
            config.SetApplicationName("themes");
            config.ConfigureConsole(context.Out);
            config.CancellationExitCode(ExitCancelled);
            config.UseStrictParsing();
            config.SetHelpProvider(new ThemesHelpProvider(config.Settings));
            config.SetExceptionHandler((ex, _) => ErrorReporter.Report(ex, context, cancellationToken.IsCancellationRequested));
            config.AddCommand<TagCommand>("tag")
                .WithDescription("Tag posts with themes: reads JSON lines, CSV, plain text or a Twitter API v2 response; writes one JSON line per record.")
                .WithExample("tag", "--input", "chat.csv", "--output", "chat-tagged.jsonl")
                .WithExample("tag", "--model", "themes-fast.zip", "--input", "-", "--format", "text");
            config.AddCommand<TrainCommand>("train")
                .WithDescription("Validate hand-coded data, train a model, print its cross-validation and write the model and its card (MODEL.md).")
                .WithExample("train", "--data", "training-data", "--data", "suggested.csv", "--out", "themes.zip", "--eval", "external-dev.jsonl");
            config.AddCommand<EvaluateCommand>("evaluate")
                .WithDescription("Score a model on labelled posts (or cross-validate with --cv): per-theme table, confusion.png, f1.png, metrics.json.")
                .WithExample("evaluate", "--model", "themes.zip", "--data", "external-dev.jsonl", "--out-dir", "report")
                .WithExample("evaluate", "--cv", "--data", "training-data", "--fast");
            config.AddCommand<CompareCommand>("compare")
                .WithDescription("Is a new model better than the one it would replace? Both scored on the same labelled posts, side by side, with McNemar's test and a verdict.")
                .WithExample("compare", "--model", "themes-2026-11.zip", "--data", "external-dev.jsonl")
                .WithExample("compare", "--model", "themes-2026-11.zip", "--baseline", "themes-2026-10.zip", "--data", "external-dev.jsonl", "--json");
            config.AddCommand<SuggestCommand>("suggest")
                .WithDescription("Pick the posts most worth hand-coding next (the model is least sure of them; near-duplicates and retweets skipped).")
                .WithExample("suggest", "--model", "themes.zip", "--input", "chat.csv", "--count", "40", "--out", "to-code.csv");
            config.AddCommand<ExplainCommand>("explain")
                .WithDescription("Why a post gets its themes: probabilities, thresholds, keywords, shared words and nearest hand-coded examples.")
                .WithExample("explain", "\"Staff must feel safe to speak up without blame\"")
                .WithExample("explain", "--json", "\"Co-design the service with patients\"");
            config.AddCommand<CodebookCommand>("codebook")
                .WithDescription("List the themes and their definitions (of a model, or of a codebook file).")
                .WithExample("codebook")
                .WithExample("codebook", "--codebook", "training-data/codebook.json", "--json");
            config.AddCommand<PublishCommand>("publish").WithDescription("Add the posts of a file to a Redis stream, one entry each, for 'themes worker' to tag.").WithExample("publish", "--redis", "127.0.0.1:6379", "--stream", "posts", "--input", "chat.jsonl");
            config.AddCommand<WorkerCommand>("worker").WithDescription("Tag a Redis stream as one of any number of workers in a consumer group: results to STREAM:tagged, malformed entries to STREAM:dead.").WithExample("worker", "--redis", "127.0.0.1:6379", "--stream", "posts", "--group", "taggers");
        });

        try
        {
            return app.Run(args, cancellationToken);
        }
        finally
        {
            stdout.Flush();
            stderr.Flush();
        }
    }
}
