using Spectre.Console;

namespace ThemeClassifier.Cli.Infrastructure;

/// <summary>Whether the standard streams are terminals (people) or pipes and files (machines).</summary>
/// <param name="OutputIsTerminal">Whether stdout is a terminal.</param>
/// <param name="ErrorIsTerminal">Whether stderr is a terminal: progress bars are shown only then.</param>
/// <param name="Width">Columns tables are laid out in; null: the terminal's width, or 160 when not a terminal.</param>
public sealed record TerminalInfo(bool OutputIsTerminal, bool ErrorIsTerminal, int? Width = null);

/// <summary>The streams a verb reads and writes; injected into every command.</summary>
internal sealed class CliContext
{
    public CliContext(TextWriter stdout, TextWriter stderr, TextReader stdin, TerminalInfo terminal)
    {
        StdOut = stdout;
        StdErr = stderr;
        StdIn = stdin;
        Terminal = terminal;
        Out = CreateConsole(stdout, terminal.OutputIsTerminal, terminal.Width);
        Error = CreateConsole(stderr, terminal.ErrorIsTerminal, terminal.Width);
    }

    /// <summary>Raw standard output, for JSON lines.</summary>
    public TextWriter StdOut { get; }

    /// <summary>Raw standard error, for one-line messages.</summary>
    public TextWriter StdErr { get; }

    /// <summary>Standard input.</summary>
    public TextReader StdIn { get; }

    public TerminalInfo Terminal { get; }

    /// <summary>Tables and help for people, on stdout.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Progress and warnings, on stderr.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>Writes a one-line message on stderr.</summary>
    public void Message(string text) => StdErr.WriteLine(text);

    /// <summary>Writes a one-line warning on stderr: <c>themes: warning: …</c>.</summary>
    public void Warn(string text) => StdErr.WriteLine("themes: warning: " + text);

    private static IAnsiConsole CreateConsole(TextWriter writer, bool terminal, int? width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (width is not null || !terminal)
        {
            console.Profile.Width = width ?? 160;
        }

        return console;
    }
}
