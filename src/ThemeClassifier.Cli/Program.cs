using System.Reflection;
using System.Text;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Commands;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Data;
using ThemeClassifier.Encoders.ArcticXs;

namespace ThemeClassifier.Cli;

/// <summary>
/// The <c>themes</c> command: tag, train, evaluate, compare, suggest, explain, report, export and codebook. Exit codes: 0 ok, 1 bad input
/// (data, model or codebook), 2 usage, 3 internal error (a bug), 130 cancelled (Ctrl-C).
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

    /// <summary>An unexpected internal error: a bug, to be reported with its message.</summary>
    public const int ExitInternal = 3;

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
        ArcticXsEncoder.Register();   // train --encoder arcticxs, and models trained with it
        var context = new CliContext(stdout, stderr, stdin ?? TextReader.Null, terminal ?? new TerminalInfo(false, false));
        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(CliContext), context);
        var app = new CommandApp(registrar);
        var verbs = new Dictionary<string, Type>(StringComparer.Ordinal);   // verb → settings, for "did you mean"
        ICommandConfigurator Add<TCommand>(IConfigurator config, string verb)
            where TCommand : class, ICommand
        {
            verbs[verb] = SettingsOf(typeof(TCommand));
            return config.AddCommand<TCommand>(verb);
        }

        app.Configure(config =>
        {
            config.SetApplicationName("themes");
            config.SetApplicationVersion(typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion);
            config.ConfigureConsole(context.Out);
            config.CancellationExitCode(ExitCancelled);
            config.UseStrictParsing();
            config.SetHelpProvider(new ThemesHelpProvider(config.Settings));
            config.SetExceptionHandler((ex, _) => ErrorReporter.Report(ex, context, cancellationToken.IsCancellationRequested));
            Add<TagCommand>(config, "tag")
                .WithDescription("Tag posts with themes: reads CSV, xlsx, JSON lines, plain text or a Twitter API v2 response; writes one record out per record in (CSV or xlsx with a themes column, or JSON lines).")
                .WithExample("tag", "chat.csv", "--output", "chat-tagged.xlsx")
                .WithExample("tag", "--input", "chat.csv", "--output", "chat-tagged.jsonl")
                .WithExample("tag", "--model", "themes-fast.zip", "--input", "-", "--format", "text");
            Add<TrainCommand>(config, "train")
                .WithDescription("Validate hand-coded data, train a model, print its cross-validation and write the model and its card (MODEL.md).")
                .WithExample("train", "--data", "training-data", "--data", "to-code.xlsx", "--output", "themes.zip", "--eval", "held-out.xlsx");
            Add<EvaluateCommand>(config, "evaluate")
                .WithDescription("Score a model on labelled posts (or cross-validate with --cv): per-theme table, confusion.png, f1.png, metrics.json.")
                .WithExample("evaluate", "--model", "themes.zip", "--data", "external-dev.jsonl", "--out-dir", "report")
                .WithExample("evaluate", "--cv", "--data", "training-data", "--fast");
            Add<CompareCommand>(config, "compare")
                .WithDescription("Is a new model better than the one it would replace? Both scored on the same labelled posts, side by side, with McNemar's test and a verdict.")
                .WithExample("compare", "--model", "themes-2026-11.zip", "--data", "external-dev.jsonl")
                .WithExample("compare", "--model", "themes-2026-11.zip", "--baseline", "themes-2026-10.zip", "--data", "external-dev.jsonl", "--json");
            Add<SuggestCommand>(config, "suggest")
                .WithDescription("Pick the posts most worth hand-coding next (the model is least sure of them; near-duplicates and retweets skipped).")
                .WithExample("suggest", "chat.csv", "--count", "40", "--data", "training-data", "--output", "to-code.xlsx", "--id-prefix", "2026-11");
            Add<ExplainCommand>(config, "explain")
                .WithDescription("Why a post gets its themes: probabilities, thresholds, keywords, shared words and nearest hand-coded examples.")
                .WithExample("explain", "\"Staff must feel safe to speak up without blame\"")
                .WithExample("explain", "--json", "\"Co-design the service with patients\"");
            Add<ReportCommand>(config, "report")
                .WithDescription("Write the month's tweetchat report: activity, one section per question with its themes and quoted posts, a themes summary and caveats (HTML, or Markdown with PNG charts).")
                .WithExample("report", "--input", "chat-tagged.jsonl", "--output", "report.html")
                .WithExample("report", "--input", "chat.csv", "--output", "report.md");
            Add<ExportCommand>(config, "export")
                .WithDescription("Export the tagged chat for qualitative-analysis software: a REFI-QDA project (.qdpx: posts as sources, the model's themes as codings with their probability in a memo) and codebook (.qdc).")
                .WithExample("export", "--input", "chat-tagged.jsonl", "--output", "chat.qdpx");
            Add<CodebookCommand>(config, "codebook")
                .WithDescription("List the themes and their definitions (of a model, or of a codebook file).")
                .WithExample("codebook")
                .WithExample("codebook", "--codebook", "training-data/codebook.json", "--json");
            Add<PublishCommand>(config, "publish").WithDescription("Add the posts of a file to a Redis stream, one entry each, for 'themes worker' to tag.").WithExample("publish", "--redis", "127.0.0.1:6379", "--stream", "posts", "--input", "chat.jsonl");
            Add<WorkerCommand>(config, "worker").WithDescription("Tag a Redis stream as one of any number of workers in a consumer group: results to STREAM:tagged, malformed entries to STREAM:dead.").WithExample("worker", "--redis", "127.0.0.1:6379", "--stream", "posts", "--group", "taggers");
        });

        try
        {
            if (args.Length == 0)
            {
                // A bare 'themes' is a question, not a run: show what it can do, and say it did nothing.
                app.Run(["--help"], cancellationToken);
                return ExitUsage;
            }

            if (Misspelt(args, verbs) is { } problem)
            {
                context.Message($"themes: usage error: {problem} (see 'themes --help')");
                return ExitUsage;
            }

            return app.Run(args, cancellationToken);
        }
        finally
        {
            stdout.Flush();
            stderr.Flush();
        }
    }

    /// <summary>An unknown verb or option, with the closest known one ("did you mean"); null when every one is known.</summary>
    private static string? Misspelt(string[] args, Dictionary<string, Type> verbs)
    {
        var verb = args[0];
        if (verb.StartsWith('-'))
        {
            return null;
        }

        if (!verbs.TryGetValue(verb, out var settings))
        {
            var guess = Spelling.Closest(verb, verbs.Keys);
            return $"unknown verb '{verb}'{(guess is null ? $"; the verbs are {string.Join(", ", verbs.Keys)}" : $"; did you mean '{guess}'?")}";
        }

        var options = settings.GetProperties()
            .SelectMany(p => p.GetCustomAttributes(typeof(CommandOptionAttribute), true).Cast<CommandOptionAttribute>())
            .SelectMany(a => a.LongNames)
            .Select(n => "--" + n)
            .Append("--help")
            .ToArray();
        foreach (var arg in args.Skip(1).Select(a => a.Split('=', 2)[0]))
        {
            if (arg.Length > 2 && arg.StartsWith("--", StringComparison.Ordinal) && char.IsAsciiLetter(arg[2]) && !options.Contains(arg, StringComparer.Ordinal))
            {
                var guess = Spelling.Closest(arg, options);
                return $"unknown option '{arg}' for '{verb}'{(guess is null ? string.Empty : $"; did you mean '{guess}'?")}";
            }
        }

        return null;
    }

    /// <summary>The settings class of a command: the type argument of its <c>Command&lt;TSettings&gt;</c> or <c>AsyncCommand&lt;TSettings&gt;</c> base.</summary>
    private static Type SettingsOf(Type command)
    {
        for (var type = command; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericArguments() is [var settings] && typeof(CommandSettings).IsAssignableFrom(settings))
            {
                return settings;
            }
        }

        throw new InvalidOperationException($"{command.Name} has no settings class");
    }
}
