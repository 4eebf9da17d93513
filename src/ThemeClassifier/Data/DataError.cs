namespace ThemeClassifier.Data;

/// <summary>One problem found in a data file: where it is and what is wrong.</summary>
/// <param name="Location">File and line.</param>
/// <param name="Field">The offending field, when one is to blame.</param>
/// <param name="Message">What is wrong, in words an analyst understands.</param>
public sealed record DataError(SourceLocation Location, string? Field, string Message)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = Location == SourceLocation.None ? string.Empty : $"{Location}: ";
        return Field is null ? where + Message : $"{where}field '{Field}': {Message}";
    }
}

/// <summary>Thrown when training or evaluation data is invalid. Lists every problem found, each with file and line.</summary>
public sealed class TrainingDataException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public TrainingDataException(IReadOnlyList<DataError> errors)
        : base(FormatMessage(errors)) => Errors = errors;

    /// <summary>Creates the exception from one message.</summary>
    public TrainingDataException(string message)
        : base(message) => Errors = [new DataError(SourceLocation.None, null, message)];

    /// <summary>Creates the exception from one message and its cause.</summary>
    public TrainingDataException(string message, Exception innerException)
        : base(message, innerException) => Errors = [new DataError(SourceLocation.None, null, message)];

    /// <summary>Creates the exception with a generic message.</summary>
    public TrainingDataException()
        : this("The training data is invalid.")
    {
    }

    /// <summary>Every problem found, in file and line order.</summary>
    public IReadOnlyList<DataError> Errors { get; }

    private static string FormatMessage(IReadOnlyList<DataError> errors)
    {
        const int Shown = 20;
        var lines = errors.Take(Shown).Select(e => "  " + e);
        var more = errors.Count > Shown ? $"{Environment.NewLine}  … and {errors.Count - Shown} more" : string.Empty;
        return $"{errors.Count} problem(s) in the data:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}{more}";
    }
}
