namespace ThemeClassifier.Model;

/// <summary>
/// Thrown when a model file cannot be used: not a ThemeClassifier model, corrupt or truncated, saved by a newer
/// format, or invalid (an entry larger than a model can need, a field of the wrong type or out of range, parts that
/// do not agree). The message names the entry and the field.
/// </summary>
public sealed class InvalidModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the entry and field.</param>
    public InvalidModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What is wrong, naming the entry and field.</param>
    /// <param name="innerException">The exception that caused it.</param>
    public InvalidModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public InvalidModelException()
        : base("The model file is not a valid ThemeClassifier model.")
    {
    }
}

/// <summary>Thrown when data is coded with a different codebook than the model's.</summary>
public sealed class CodebookMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The differences between the codebooks.</param>
    public CodebookMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">The differences between the codebooks.</param>
    /// <param name="innerException">The exception that caused it.</param>
    public CodebookMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public CodebookMismatchException()
        : base("The data's codebook differs from the model's.")
    {
    }
}
