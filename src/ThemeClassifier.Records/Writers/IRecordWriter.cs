using ThemeClassifier.Prediction;

namespace ThemeClassifier.Records;

/// <summary>
/// Writes tagged records, one out per record in, in order. Create one with <see cref="RecordWriter.Create(RecordFormat, Stream, IReadOnlyList{string}, IReadOnlyList{string}?)"/>;
/// nothing is complete until <see cref="CompleteAsync"/>.
/// </summary>
public interface IRecordWriter : IAsyncDisposable
{
    /// <summary>Writes one record: tagged with <paramref name="prediction"/>, or, when it is null, as a record that could not be tagged.</summary>
    ValueTask WriteAsync(Record record, ThemePrediction? prediction, CancellationToken cancellationToken = default);

    /// <summary>Pushes what is written so far to the output, where the format allows (JSON lines); a no-op otherwise.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>Finishes the output: a tabular format writes its header and rows now.</summary>
    Task CompleteAsync(CancellationToken cancellationToken = default);
}
