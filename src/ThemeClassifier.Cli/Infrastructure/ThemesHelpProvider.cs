using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace ThemeClassifier.Cli.Infrastructure;

/// <summary>Spectre's help, with the exit codes at the foot of every page.</summary>
internal sealed class ThemesHelpProvider(ICommandAppSettings settings) : HelpProvider(settings)
{
    public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command) =>
    [
        new Markup("\n[yellow]EXIT CODES:[/]\n    0    ok\n    1    bad input: invalid data (file:line listed), missing file or text column, unreadable model, codebook mismatch, an output that is an input\n    2    usage: unknown verb or option, missing or invalid argument, no verb\n    3    internal error: a bug (please report it with the message)\n    130  cancelled with Ctrl-C (an --output file is left as it was; what was tagged is kept in OUTPUT.partial)\n"),
    ];
}
