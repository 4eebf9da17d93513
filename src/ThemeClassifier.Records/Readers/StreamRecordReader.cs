namespace ThemeClassifier.Records;

/// <summary>What every reader of a character stream shares: the stream, its name and progress.</summary>
internal abstract class StreamRecordReader(string name, TextReader reader, Stream? stream, RecordFormat format, string? textColumn) : IRecordReader
{
    public string Name { get; } = name;

    public RecordFormat Format { get; } = format;

    public virtual IReadOnlyList<string>? Columns => null;

    public long? Length => Stream is { CanSeek: true } s ? s.Length : null;

    public long Position => Stream is { CanSeek: true } s ? s.Position : 0;

    /// <summary>The characters read.</summary>
    protected TextReader Reader { get; } = reader;

    /// <summary>The file's bytes; null for stdin (which is not ours to close).</summary>
    protected Stream? Stream { get; } = stream;

    /// <summary>The column or field named by the user as the text, or null for the usual names.</summary>
    protected string? TextColumn { get; } = textColumn;

    public abstract IAsyncEnumerable<Record> ReadAsync(CancellationToken cancellationToken = default);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the file (not stdin).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Stream is not null)
        {
            Reader.Dispose();
        }
    }
}
