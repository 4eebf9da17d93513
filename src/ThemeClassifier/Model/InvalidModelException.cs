namespace ThemeClassifier.Model;

/// <summary>
/// Thrown when a model file cannot be used: not a ThemeClassifier model, corrupt or truncated, saved by a newer
/// format, or invalid (an entry larger than a model can need, a field of the wrong type or out of range, parts that
/// do not agree). The message names the entry and the field.
/// </summary>
public sealed class InvalidModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
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
    public CodebookMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
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
