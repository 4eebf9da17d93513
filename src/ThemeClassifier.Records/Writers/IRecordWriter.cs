using ThemeClassifier.Prediction;

namespace ThemeClassifier.Records;

/// <summary>
/// Writes tagged records, one out per record in, in order. Create one with <see cref="RecordWriter.Create(RecordFormat, Stream, IReadOnlyList{string}, IReadOnlyList{string}?)"/>;
/// nothing is complete until <see cref="CompleteAsync"/>.
/// </summary>
public interface IRecordWriter : IAsyncDisposable
{
    /// <summary>Writes one record: tagged with <paramref name="prediction"/>, or, when it is null, as a record that could not be tagged.</summary>
    /// <param name="record">The input record, written back with its fields.</param>
    /// <param name="prediction">The record's themes; null for a record that could not be tagged.</param>
    /// <param name="cancellationToken">Stops writing.</param>
    /// <returns>A task that completes when the record is written or buffered.</returns>
    ValueTask WriteAsync(Record record, ThemePrediction? prediction, CancellationToken cancellationToken = default) =>
        WriteAsync(record, prediction, null, cancellationToken);

    /// <summary>
    /// Writes one record as <see cref="WriteAsync(Record, ThemePrediction?, CancellationToken)"/> does, with its place in
    /// the chat (<see cref="PostContext"/>) when <paramref name="context"/> is given: a skipped post gets no themes.
    /// </summary>
    /// <param name="record">The input record, written back with its fields.</param>
    /// <param name="prediction">The record's themes; null for a record that could not be tagged.</param>
    /// <param name="context">The post's question, role, language and why it was skipped; null when not known.</param>
    /// <param name="cancellationToken">Stops writing.</param>
    /// <returns>A task that completes when the record is written or buffered.</returns>
    ValueTask WriteAsync(Record record, ThemePrediction? prediction, PostContext? context, CancellationToken cancellationToken = default);

    /// <summary>Pushes what is written so far to the output, where the format allows (JSON lines); a no-op otherwise.</summary>
    /// <param name="cancellationToken">Stops flushing.</param>
    /// <returns>A task that completes when the output is flushed.</returns>
    Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>Finishes the output: a tabular format writes its header and rows now.</summary>
    /// <param name="cancellationToken">Stops writing.</param>
    /// <returns>A task that completes when the output is written.</returns>
    Task CompleteAsync(CancellationToken cancellationToken = default);
}
