using Spectre.Console.Cli;
using ThemeClassifier.Data;
using ThemeClassifier.Model;
using ThemeClassifier.Records;

namespace ThemeClassifier.Cli.Infrastructure;

/// <summary>Bad input found by a verb: a one-line message and exit code 1.</summary>
internal sealed class InputException(string message) : Exception(message);

/// <summary>Bad usage found by a verb: a one-line message and exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Turns every failure into a short message on stderr and an exit code.</summary>
internal static class ErrorReporter
{
    /// <param name="exception">What went wrong.</param>
    /// <param name="context">Where to report it.</param>
    /// <param name="cancelled">Whether Ctrl-C was pressed: whatever was thrown then (the encoder's ONNX session reports
    /// its termination as an error of its own) means the run was cancelled.</param>
    public static int Report(Exception exception, CliContext context, bool cancelled)
    {
        var ex = exception is CommandRuntimeException { InnerException: { } inner } && inner is not CommandAppException ? inner : exception;
        if (cancelled)
        {
            ex = new OperationCanceledException();
        }

        switch (ex)
        {
            case OperationCanceledException:
                context.Message("themes: cancelled; the output written so far is complete up to the last record written.");
                return Program.ExitCancelled;
            case TrainingDataException data:
                context.Message($"themes: error: {data.Errors.Count} problem(s) in the data:");
                foreach (var error in data.Errors)
                {
                    context.Message("  " + error);
                }

                return Program.ExitBadInput;
            case UsageException or CommandAppException:
                context.Message($"themes: usage error: {OneLine(ex.Message)} (see 'themes --help')");
                return Program.ExitUsage;
            case InputException or RecordsException or InvalidModelException or CodebookMismatchException or FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException:
                context.Message($"themes: error: {OneLine(ex.Message)}");
                return Program.ExitBadInput;
            default:
                context.Message($"themes: internal error: {ex.GetType().Name}: {OneLine(ex.Message)}");
                return Program.ExitInternal;
        }
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
