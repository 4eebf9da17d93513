namespace ThemeClassifier.Records;

/// <summary>An input that cannot be read or an output that cannot be written; the message is one line naming the file (and line).</summary>
public sealed class RecordsException : Exception
{
    /// <summary>A problem described by <paramref name="message"/>.</summary>
    public RecordsException(string message)
        : base(message)
    {
    }

    /// <summary>A problem described by <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public RecordsException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>An unspecified problem.</summary>
    public RecordsException()
    {
    }
}
