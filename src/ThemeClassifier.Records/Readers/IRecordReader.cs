namespace ThemeClassifier.Records;

/// <summary>An open input of records, read lazily record by record (bounded memory). Open one with <see cref="RecordReader.Open"/>.</summary>
public interface IRecordReader : IDisposable
{
    /// <summary>The file name, or "stdin".</summary>
    string Name { get; }

    /// <summary>The format read.</summary>
    RecordFormat Format { get; }

    /// <summary>The header's column names, for formats that have one (CSV, xlsx); null otherwise.</summary>
    IReadOnlyList<string>? Columns { get; }

    /// <summary>Bytes of a file input, for progress; null for stdin.</summary>
    long? Length { get; }

    /// <summary>Bytes read so far of a file input.</summary>
    long Position { get; }

    /// <summary>Reads the records lazily, in input order; a malformed one comes back with an <see cref="Record.Error"/>.</summary>
    IAsyncEnumerable<Record> ReadAsync(CancellationToken cancellationToken = default);
}
