using ThemeClassifier.Data;
using ThemeClassifier.Model;
using ThemeClassifier.Prediction;

namespace ThemeClassifier;

/// <summary>
/// What code that tags posts needs of a <see cref="ThemeTagger"/>: depend on this interface to swap in a fake in
/// tests, or the reloading tagger of <c>ThemeClassifier.Extensions.DependencyInjection</c>. Implementations are thread-safe.
/// </summary>
public interface IThemeTagger
{
    /// <summary>The themes this model tags with.</summary>
    Codebook Codebook { get; }

    /// <summary>What the model is and how well it cross-validated.</summary>
    ModelCard Card { get; }

    /// <summary>The themes of one post.</summary>
    /// <param name="text">The post.</param>
    /// <returns>The post's themes and every theme's probability.</returns>
    ThemePrediction Predict(string text);

    /// <summary>The themes of many posts, in input order, with at most <paramref name="maxDegreeOfParallelism"/> threads (-1: all cores).</summary>
    /// <param name="texts">The posts.</param>
    /// <param name="cancellationToken">Stops tagging.</param>
    /// <param name="maxDegreeOfParallelism">The most threads to use; -1 for all cores.</param>
    /// <returns>One prediction per post, in input order.</returns>
    IReadOnlyList<ThemePrediction> PredictBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default, int maxDegreeOfParallelism = -1);

    /// <summary>Tags a stream of posts in input order with bounded memory.</summary>
    /// <param name="texts">The posts.</param>
    /// <param name="chunkSize">How many posts are read and scored at a time.</param>
    /// <param name="cancellationToken">Stops tagging.</param>
    /// <param name="maxDegreeOfParallelism">The most threads a chunk uses; -1 for all cores.</param>
    /// <returns>One prediction per post, in input order.</returns>
    IAsyncEnumerable<ThemePrediction> PredictStreamAsync(IAsyncEnumerable<string> texts, int chunkSize = 512, CancellationToken cancellationToken = default, int maxDegreeOfParallelism = -1);

    /// <summary>Tags a stream of records in input order with bounded memory; records without text pass through unscored.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="records">The records.</param>
    /// <param name="textOf">A record's text; <see langword="null"/> for a record to pass through unscored.</param>
    /// <param name="chunkSize">How many records are read and scored at a time.</param>
    /// <param name="cancellationToken">Stops tagging.</param>
    /// <param name="maxDegreeOfParallelism">The most threads a chunk uses; -1 for all cores.</param>
    /// <returns>Every record with its prediction (null when it has no text), in input order.</returns>
    IAsyncEnumerable<Tagged<T>> TagStreamAsync<T>(IAsyncEnumerable<T> records, Func<T, string?> textOf, int chunkSize = 512, CancellationToken cancellationToken = default, int maxDegreeOfParallelism = -1);

    /// <summary>The prediction for a post and the evidence behind its best-scored themes.</summary>
    /// <param name="text">The post.</param>
    /// <returns>The prediction and the evidence behind its best-scored themes.</returns>
    ThemeExplanation Explain(string text);
}
