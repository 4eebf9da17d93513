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
    ThemePrediction Predict(string text);

    /// <summary>The themes of many posts, in input order, with at most <paramref name="maxDegreeOfParallelism"/> threads (-1: all cores).</summary>
    IReadOnlyList<ThemePrediction> PredictBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default, int maxDegreeOfParallelism = -1);

    /// <summary>Tags a stream of posts in input order with bounded memory.</summary>
    IAsyncEnumerable<ThemePrediction> PredictStreamAsync(IAsyncEnumerable<string> texts, int chunkSize = 512, CancellationToken cancellationToken = default, int maxDegreeOfParallelism = -1);

    /// <summary>Tags a stream of records in input order with bounded memory; records without text pass through unscored.</summary>
    IAsyncEnumerable<Tagged<T>> TagStreamAsync<T>(IAsyncEnumerable<T> records, Func<T, string?> textOf, int chunkSize = 512, CancellationToken cancellationToken = default, int maxDegreeOfParallelism = -1);

    /// <summary>The prediction for a post and the evidence behind its best-scored themes.</summary>
    ThemeExplanation Explain(string text);
}
