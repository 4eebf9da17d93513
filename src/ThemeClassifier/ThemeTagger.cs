using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using ThemeClassifier.Data;
using ThemeClassifier.Encoding;
using ThemeClassifier.Evaluation;
using ThemeClassifier.Features;
using ThemeClassifier.Model;
using ThemeClassifier.Prediction;
using ThemeClassifier.Training;

namespace ThemeClassifier;

/// <summary>
/// A trained theme classifier. Build it once (<see cref="LoadDefault"/>, <see cref="Load(string)"/> or
/// <see cref="Train"/>) and reuse it: it is sealed, immutable and thread-safe, so one instance can serve every
/// thread of a process. It owns the sentence encoder's ONNX session; dispose it when the process no longer
/// needs it. <see cref="Dispose"/> stops calls still running on other threads (they throw
/// <see cref="ObjectDisposedException"/>) and waits for them before it frees the session; every method called
/// afterwards throws <see cref="ObjectDisposedException"/>.
/// </summary>
/// <remarks>
/// A post is scored against every theme of the codebook by one small ML.NET model over evidence from the
/// codebook's definitions and keywords and from the hand-coded examples (sentence-encoder and n-gram
/// similarities). Probabilities are calibrated; per-theme thresholds come from cross-validation.
/// </remarks>
public sealed class ThemeTagger : IThemeTagger, IDisposable
{
    /// <summary>Posts a stream reads and scores at a time.</summary>
    private const int ChunkSize = 512;

    /// <summary>Posts per unit of parallel work in batch prediction.</summary>
    private const int SliceSize = 64;

    private readonly NGramFeaturizer _featurizer;
    private readonly ThemeReferences _references;
    private readonly PairScorer _scorer;
    private readonly float[] _thresholds;
    private readonly SentenceEmbedder[] _embedders;
    private readonly string[] _ids;
    private readonly ModelCard _card;
    private readonly FeatureSet _features;

    // Lifetime: calls in flight are counted under _gate; Dispose cancels them through _disposing and waits for none to be left.
    private readonly object _gate = new();

    // Working buffers of a slice of batch scoring, each used by one thread at a time, rented from this pool.
    private readonly System.Collections.Concurrent.ConcurrentBag<SliceScratch> _scratch = [];
    private readonly CancellationTokenSource _disposing = new();
    private int _callsInFlight;
    private bool _disposed;

    internal ThemeTagger(
        Codebook codebook,
        ModelCard card,
        NGramFeaturizer featurizer,
        ThemeReferences references,
        PairScorer scorer,
        float[] thresholds,
        int maxThemes,
        SentenceEmbedder[] embedders,
        RelevanceGate gate)
    {
        Gate = gate;
        Codebook = codebook;
        _card = card.Clone();
        _features = _card.Features;
        _featurizer = featurizer;
        _references = references;
        _scorer = scorer;
        _thresholds = thresholds;
        MaxThemes = maxThemes;
        _embedders = embedders;
        _ids = codebook.Ids.ToArray();
        Thresholds = new ReadOnlyDictionary<string, float>(_ids.Select((id, t) => (id, t)).ToDictionary(x => x.id, x => thresholds[x.t]));
    }

    /// <summary>The themes this model tags with.</summary>
    public Codebook Codebook { get; }

    /// <summary>What the model is and how well it cross-validated: a copy, so changing it changes nothing here.</summary>
    public ModelCard Card => _card.Clone();

    /// <summary>Each theme's decision threshold, in codebook order. Read-only.</summary>
    public IReadOnlyDictionary<string, float> Thresholds { get; }

    /// <summary>The most themes a post is given.</summary>
    public int MaxThemes { get; }

    /// <summary>
    /// The <see cref="ThemePrediction.Relevance"/> a post needs to be given any theme; 0 for a model of format
    /// version 1, which has no relevance gate (its posts get the themes that pass their thresholds).
    /// </summary>
    public float RelevanceThreshold => Gate.Threshold;

    internal NGramFeaturizer Featurizer => _featurizer;

    internal ThemeReferences References => _references;

    internal PairScorer Scorer => _scorer;

    internal IReadOnlyList<SentenceEmbedder> Embedders => _embedders;

    internal float[] ThresholdArray => _thresholds;

    /// <summary>Decides whether a post is about any theme before themes are given.</summary>
    internal RelevanceGate Gate { get; }

    /// <summary>The model shipped inside this assembly, trained on the report's hand-coded tweets.</summary>
    /// <exception cref="InvalidModelException">The assembly was built without its default model.</exception>
    /// <returns>The tagger; dispose it when done.</returns>
    public static ThemeTagger LoadDefault()
    {
        using var stream = typeof(ThemeTagger).Assembly.GetManifestResourceStream(ModelArchive.DefaultResourceName)
            ?? throw new InvalidModelException($"This build of ThemeClassifier has no embedded default model ('{ModelArchive.DefaultResourceName}').");
        return Load(stream);
    }

    /// <summary>Loads a model saved with <see cref="Save(string)"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidModelException">The file is not a valid model; the message names the entry and field.</exception>
    /// <param name="path">The model file.</param>
    /// <returns>The tagger; dispose it when done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static ThemeTagger Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model file not found: {path}", path);
        }

        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>
    /// Loads a model from a stream (read to its end; not closed). A model file is untrusted input: every entry's
    /// size, every field's type and range, and the agreement of its parts are checked here, before any use.
    /// </summary>
    /// <exception cref="InvalidModelException">The stream does not hold a valid model; the message names the entry and field.</exception>
    /// <param name="stream">The model (a zip archive).</param>
    /// <returns>The tagger; dispose it when done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public static ThemeTagger Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ModelArchive.Read(stream);
    }

    /// <summary>Saves the model to a file (a zip archive).</summary>
    /// <param name="path">The file; replaced when it exists.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The tagger is disposed.</exception>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        ThrowIfDisposed();
        using var stream = File.Create(path);
        Save(stream);
    }

    /// <summary>Saves the model to a stream (not closed).</summary>
    /// <param name="stream">Where the zip archive is written.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The tagger is disposed.</exception>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ThrowIfDisposed();
        ModelArchive.Write(this, stream);
    }

    /// <summary>Trains a model: compares ML.NET trainers by cross-validation and keeps the best.</summary>
    /// <param name="data">The codebook and hand-coded posts.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives one line per step; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops training.</param>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    /// <exception cref="TrainingDataException">Too few posts for the cross-validation asked for (see <see cref="TrainingOptions.Folds"/>).</exception>
    /// <returns>The trained tagger, its card holding the cross-validation; dispose it when done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    public static ThemeTagger Train(TrainingData data, TrainingOptions? options = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new TrainingOptions();
        options.Validate();
        return ThemeTrainer.Train(data, options, progress, cancellationToken);
    }

    /// <summary>
    /// Repeated stratified k-fold cross-validation of the training procedure on <paramref name="data"/>, every
    /// trainer compared. Set <see cref="TrainingOptions.Folds"/> to the number of posts for leave-one-out.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    /// <exception cref="TrainingDataException">Too few posts for the cross-validation asked for (see <see cref="TrainingOptions.Folds"/>).</exception>
    /// <param name="data">The codebook and hand-coded posts.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives one line per step; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops cross-validation.</param>
    /// <returns>Every trainer's cross-validated scores.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    public static CrossValidationReport CrossValidate(TrainingData data, TrainingOptions? options = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new TrainingOptions();
        options.Validate();
        return ThemeTrainer.CrossValidate(data, options, progress, cancellationToken);
    }

    /// <summary>Scores labelled posts the model was not trained on against their human coding.</summary>
    /// <exception cref="CodebookMismatchException">The posts use theme ids the model does not know.</exception>
    /// <param name="labelled">The hand-coded posts.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <returns>Per-theme and overall scores.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="labelled"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The tagger is disposed.</exception>
    public EvaluationReport Evaluate(IReadOnlyList<CodedPost> labelled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        ThrowIfDisposed();
        var unknown = labelled.SelectMany(p => p.Themes).Where(t => !Codebook.Contains(t)).Distinct().ToArray();
        if (unknown.Length > 0)
        {
            throw new CodebookMismatchException($"The data uses theme ids the model does not know: {string.Join(", ", unknown)}. Retrain the model with this codebook.");
        }

        var predictions = PredictBatch(labelled.Select(p => p.Text).ToArray(), cancellationToken);
        return Metrics.Compute(Codebook, labelled.Select(p => p.Themes).ToArray(), predictions);
    }

    /// <summary>Checks that <paramref name="codebook"/> has exactly this model's theme ids, in order.</summary>
    /// <exception cref="CodebookMismatchException">It does not; the message lists the differences.</exception>
    /// <param name="codebook">The codebook the data is coded with.</param>
    /// <exception cref="ArgumentNullException"><paramref name="codebook"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The tagger is disposed.</exception>
    public void EnsureCodebook(Codebook codebook)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ThrowIfDisposed();
        if (!Codebook.HasSameIds(codebook))
        {
            var missing = Codebook.Ids.Except(codebook.Ids).ToArray();
            var extra = codebook.Ids.Except(Codebook.Ids).ToArray();
            throw new CodebookMismatchException(
                $"The codebook differs from the model's: missing [{string.Join(", ", missing)}], extra [{string.Join(", ", extra)}]{(missing.Length + extra.Length == 0 ? " (same ids, other order)" : string.Empty)}. Retrain the model with this codebook.");
        }
    }

    /// <summary>The themes of one post.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <param name="text">The post.</param>
    /// <returns>The post's themes and every theme's probability.</returns>
    public ThemePrediction Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PredictBatch([text])[0];
    }

    /// <summary>
    /// The themes of many posts, in input order, using all cores (or <paramref name="maxDegreeOfParallelism"/>
    /// threads; -1 for no limit). Identical posts and retweets of one post are featurised once. Results equal
    /// those of <see cref="Predict"/>.
    /// </summary>
    /// <param name="texts">The posts.</param>
    /// <param name="cancellationToken">Stops tagging.</param>
    /// <param name="maxDegreeOfParallelism">The most threads to use; -1 for all cores.</param>
    /// <returns>One prediction per post, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The tagger is disposed.</exception>
    public IReadOnlyList<ThemePrediction> PredictBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ThrowIfDisposed();
        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentNullException(nameof(texts), $"Text {i} of the batch is null.");
            }
        }

        var normalized = NormalizeAll(texts, cancellationToken, maxDegreeOfParallelism);
        var unique = new Dictionary<string, int>(normalized.Length, StringComparer.Ordinal);
        var map = new int[normalized.Length];
        for (var i = 0; i < normalized.Length; i++)
        {
            var text = normalized[i]!;
            if (!unique.TryGetValue(text, out var u))
            {
                u = unique.Count;
                unique.Add(text, u);
            }

            map[i] = u;
        }

        var predictions = Run(cancellationToken, token => ScoreNormalized(unique.Keys.ToArray(), token, maxDegreeOfParallelism));
        return map.Select(u => predictions[u]).ToArray();
    }

    /// <summary>
    /// Tags a stream of posts in input order with bounded memory: posts are read and scored a chunk at a time,
    /// and a bounded cache of recent texts means repeated posts and retweets are scored once. A chunk uses at most
    /// <paramref name="maxDegreeOfParallelism"/> threads (-1: all cores).
    /// </summary>
    /// <param name="texts">The posts.</param>
    /// <param name="chunkSize">How many posts are read and scored at a time.</param>
    /// <param name="cancellationToken">Stops tagging.</param>
    /// <param name="maxDegreeOfParallelism">The most threads a chunk uses; -1 for all cores.</param>
    /// <returns>One prediction per post, in input order.</returns>
    public async IAsyncEnumerable<ThemePrediction> PredictStreamAsync(
        IAsyncEnumerable<string> texts,
        int chunkSize = ChunkSize,
        [EnumeratorCancellation] CancellationToken cancellationToken = default,
        int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(texts);
        await foreach (var item in TagStreamAsync(texts, t => t, chunkSize, cancellationToken, maxDegreeOfParallelism).ConfigureAwait(false))
        {
            yield return item.Prediction!;
        }
    }

    /// <summary>
    /// Tags a stream of records in input order with bounded memory. <paramref name="textOf"/> gives a record's
    /// text; a record for which it returns <see langword="null"/> (say, a malformed one) passes through with no
    /// prediction, so records in equals records out. A chunk uses at most <paramref name="maxDegreeOfParallelism"/>
    /// threads (-1: all cores).
    /// </summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="records">The records.</param>
    /// <param name="textOf">A record's text; <see langword="null"/> for a record to pass through unscored.</param>
    /// <param name="chunkSize">How many records are read and scored at a time.</param>
    /// <param name="cancellationToken">Stops tagging.</param>
    /// <param name="maxDegreeOfParallelism">The most threads a chunk uses; -1 for all cores.</param>
    /// <returns>Every record with its prediction (null when it has no text), in input order.</returns>
    public async IAsyncEnumerable<Tagged<T>> TagStreamAsync<T>(
        IAsyncEnumerable<T> records,
        Func<T, string?> textOf,
        int chunkSize = ChunkSize,
        [EnumeratorCancellation] CancellationToken cancellationToken = default,
        int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(textOf);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ThrowIfDisposed();
        var cache = new RecentCache<string, ThemePrediction>(capacity: 16 * chunkSize);
        var chunk = new List<T>(chunkSize);
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            chunk.Add(record);
            if (chunk.Count == chunkSize)
            {
                foreach (var tagged in TagChunk(chunk, textOf, cache, cancellationToken, maxDegreeOfParallelism))
                {
                    yield return tagged;
                }

                chunk.Clear();
            }
        }

        foreach (var tagged in TagChunk(chunk, textOf, cache, cancellationToken, maxDegreeOfParallelism))
        {
            yield return tagged;
        }
    }

    /// <summary>The prediction for a post and the evidence behind its best-scored themes.</summary>
    /// <param name="text">The post.</param>
    /// <returns>The prediction and the evidence behind its best-scored themes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The tagger is disposed.</exception>
    public ThemeExplanation Explain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Run(CancellationToken.None, _ => ExplainNow(text));
    }

    /// <summary>
    /// Stops calls in flight on other threads (they throw <see cref="ObjectDisposedException"/>), waits for them
    /// to end, then frees the sentence encoder's ONNX session. Every method called afterwards throws
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _disposing.Cancel();
        lock (_gate)
        {
            while (_callsInFlight > 0)
            {
                Monitor.Wait(_gate);
            }
        }

        foreach (var embedder in _embedders)
        {
            embedder.Dispose();
        }

        _disposing.Dispose();
    }

    private void ThrowIfDisposed()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> as a call in flight: refused once disposed, given a token that
    /// <see cref="Dispose"/> cancels, and waited for by <see cref="Dispose"/> before the ONNX session is freed.
    /// </summary>
    private T Run<T>(CancellationToken cancellationToken, Func<CancellationToken, T> work)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _callsInFlight++;
        }

        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
            return work(linked.Token);
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(ThemeTagger), "The tagger was disposed while this call was running.");
        }
        finally
        {
            lock (_gate)
            {
                if (--_callsInFlight == 0)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    private ThemeExplanation ExplainNow(string text)
    {
        var normalized = TextNormalizer.Normalize(text);
        var lower = normalized.ToLowerInvariant();
        var encoded = _embedders.Select(e => e.Encode([normalized])).ToArray();
        var width = _scorer.FeatureCount;
        var features = new float[_ids.Length * width];
        var prediction = ScoreOne(normalized, encoded, features);
        var vectors = encoded.Select(v => v[0]).ToArray();
        var ngrams = _featurizer.TransformOne(normalized);
        var shown = prediction.Themes.Count > 0 ? prediction.Themes : prediction.Scores.Take(3).Select(s => s.ThemeId).ToArray();
        var words = ContentWords(lower).Distinct(StringComparer.Ordinal).ToArray();
        var keywords = _references.MatchedKeywords(lower);
        var evidence = shown.Select(id =>
        {
            var t = Codebook.IndexOf(id);
            var theme = Codebook.Themes[t];
            var score = prediction.Scores.First(s => s.ThemeId == id);
            var nearest = _references.ThemeExamples[t]
                .Select(j => new NearestExample(_references.ExampleIds[j], _references.ExampleTexts[j], ExampleSimilarity(vectors, ngrams, j)))
                .OrderByDescending(n => n.Similarity)
                .Take(3)
                .ToArray()
                .AsReadOnly();
            var themeWords = ContentWords(string.Join(' ', new[] { theme.Name, theme.Description }
                .Concat(theme.Keywords)
                .Concat(_references.ThemeExamples[t].Select(j => _references.ExampleTexts[j]))).ToLowerInvariant())
                .ToHashSet(StringComparer.Ordinal);
            var definition = vectors.Length > 0 ? PairFeatures.Dot(vectors[0], _references.DefinitionVectors[0][t]) : ngrams.Dot(_references.DefinitionNGrams[t]);
            return new ThemeEvidence(
                id,
                score.Probability,
                prediction.Themes.Contains(id),
                definition,
                nearest,
                keywords[t].AsReadOnly(),
                words.Where(themeWords.Contains).ToArray().AsReadOnly(),
                _card.FeatureNames.Select((n, k) => (n, k)).ToDictionary(x => x.n, x => features[(t * width) + x.k]).AsReadOnly());
        }).ToArray();
        return new ThemeExplanation(text, normalized, prediction, evidence.AsReadOnly());
    }

    private List<Tagged<T>> TagChunk<T>(List<T> chunk, Func<T, string?> textOf, RecentCache<string, ThemePrediction> cache, CancellationToken cancellationToken, int maxDegreeOfParallelism)
    {
        var keys = NormalizeAll(chunk.Select(textOf).ToArray(), cancellationToken, maxDegreeOfParallelism);
        var predictions = new Dictionary<string, ThemePrediction>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var key in keys.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (cache.TryGet(key, out var cached))
            {
                predictions.Add(key, cached);
            }
            else
            {
                missing.Add(key);
            }
        }

        var scored = Run(cancellationToken, token => ScoreNormalized(missing, token, maxDegreeOfParallelism));
        for (var i = 0; i < missing.Count; i++)
        {
            var prediction = scored[i];
            predictions.Add(missing[i], prediction);
            cache.Add(missing[i], prediction);
        }

        return chunk.Select((record, i) => new Tagged<T>(record, keys[i] is { } key ? predictions[key] : null)).ToList();
    }

    /// <summary>Predictions of normalised, distinct texts.</summary>
    private ThemePrediction[] ScoreNormalized(IReadOnlyList<string> normalized, CancellationToken cancellationToken, int maxDegreeOfParallelism)
    {
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = maxDegreeOfParallelism };
        var vectors = _embedders.Select(e => e.Encode(normalized, parallel)).ToArray();
        var result = new ThemePrediction[normalized.Count];
        var slices = (normalized.Count + SliceSize - 1) / SliceSize;
        if (slices <= 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scratch = RentScratch();
            ScoreSlice(normalized, 0, normalized.Count, vectors, scratch, result);
            _scratch.Add(scratch);
            return result;
        }

        Parallel.For(0, slices, parallel, RentScratch, (c, _, scratch) =>
        {
            var start = c * SliceSize;
            ScoreSlice(normalized, start, Math.Min(SliceSize, normalized.Count - start), vectors, scratch, result);
            return scratch;
        }, _scratch.Add);
        return result;
    }

    /// <summary>Each text normalised (null stays null), in slices over the cores when there are many.</summary>
    private static string?[] NormalizeAll(IReadOnlyList<string?> texts, CancellationToken cancellationToken, int maxDegreeOfParallelism)
    {
        var result = new string?[texts.Count];
        var slices = (texts.Count + SliceSize - 1) / SliceSize;
        if (slices <= 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            NormalizeSlice(0);
        }
        else
        {
            Parallel.For(0, slices, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = maxDegreeOfParallelism }, NormalizeSlice);
        }

        return result;

        void NormalizeSlice(int c)
        {
            for (var i = c * SliceSize; i < Math.Min(texts.Count, (c + 1) * SliceSize); i++)
            {
                result[i] = texts[i] is { } text ? TextNormalizer.Normalize(text) : null;
            }
        }
    }

    /// <summary>Scores the <paramref name="count"/> texts from <paramref name="start"/> into <paramref name="result"/>.</summary>
    private void ScoreSlice(IReadOnlyList<string> normalized, int start, int count, float[][][] vectors, SliceScratch scratch, ThemePrediction[] result)
    {
        var themes = _ids.Length;
        var width = _scorer.FeatureCount;
        var gateWidth = RelevanceGate.FeatureCount(width);
        var pairs = scratch.Pairs.AsSpan(0, count * themes * width);
        var probabilities = scratch.Probabilities.AsSpan(0, count * themes);
        var gateRows = scratch.GateRows.AsSpan(0, count * gateWidth);
        var relevance = scratch.Relevance.AsSpan(0, count);
        for (var k = 0; k < count; k++)
        {
            var text = normalized[start + k];
            for (var e = 0; e < vectors.Length; e++)
            {
                scratch.Vectors[e] = vectors[e][start + k];
            }

            _featurizer.TransformOne(text, scratch.NGrams);
            var ngrams = scratch.NGrams;
            PairFeatures.Compute(
                _references, _features, scratch.Vectors, ngrams.Indices.AsSpan(0, ngrams.Count), ngrams.Values.AsSpan(0, ngrams.Count), scratch.Lower(text), null, pairs.Slice(k * themes * width, themes * width), scratch.Pair);
        }

        _scorer.Score(pairs, probabilities);
        for (var k = 0; k < count; k++)
        {
            RelevanceGate.Features(pairs.Slice(k * themes * width, themes * width), probabilities.Slice(k * themes, themes), gateRows.Slice(k * gateWidth, gateWidth));
        }

        Gate.Relevance(gateRows, relevance);
        for (var k = 0; k < count; k++)
        {
            result[start + k] = ToPrediction(probabilities.Slice(k * themes, themes), relevance[k]);
        }
    }

    /// <summary>
    /// Scores one normalised post from its encoder <paramref name="vectors"/> ([encoder][1][dimension]) exactly as a
    /// batch scores it, and copies its pair features (theme after theme) into <paramref name="pairFeatures"/>.
    /// </summary>
    private ThemePrediction ScoreOne(string normalized, float[][][] vectors, float[] pairFeatures)
    {
        var result = new ThemePrediction[1];
        var scratch = RentScratch();
        ScoreSlice([normalized], 0, 1, vectors, scratch, result);
        scratch.Pairs.AsSpan(0, pairFeatures.Length).CopyTo(pairFeatures);
        _scratch.Add(scratch);
        return result[0];
    }

    private SliceScratch RentScratch() => _scratch.TryTake(out var scratch) ? scratch : new SliceScratch(this);

    private ThemePrediction ToPrediction(ReadOnlySpan<float> probabilities, float relevance) =>
        new(_ids, _thresholds, probabilities, MaxThemes, relevance, Gate.IsGate ? Gate.Threshold : null);

    private float ExampleSimilarity(float[][] vectors, SparseVector ngrams, int example) =>
        vectors.Length > 0 ? PairFeatures.Dot(vectors[0], _references.ExampleVectors[0][example]) : ngrams.Dot(_references.ExampleNGrams[example]);

    /// <summary>Words of four or more letters, in text order.</summary>
    private static IEnumerable<string> ContentWords(string lower) =>
        lower.Split((char[])[' ', ',', '.', ';', ':', '!', '?', '"', '\'', '(', ')', '/', '-', '…', '“', '”', '‘', '’'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 3 && w.All(char.IsLetter));

    /// <summary>The buffers a thread scores a slice of a batch with, reused slice after slice.</summary>
    private sealed class SliceScratch
    {
        private char[] _lower = new char[TextNormalizer.MaxLength];

        public SliceScratch(ThemeTagger tagger)
        {
            var themes = tagger._ids.Length;
            var width = tagger._scorer.FeatureCount;
            Pair = new PairScratch(tagger._references);
            Vectors = new float[tagger._embedders.Length][];
            Pairs = new float[SliceSize * themes * width];
            Probabilities = new float[SliceSize * themes];
            GateRows = new float[SliceSize * RelevanceGate.FeatureCount(width)];
            Relevance = new float[SliceSize];
        }

        public PairScratch Pair { get; }

        /// <summary>The post's n-gram features.</summary>
        public SparseBuffer NGrams { get; } = new();

        /// <summary>[encoder]: the post's sentence vectors.</summary>
        public float[][] Vectors { get; }

        /// <summary>[post, theme, feature]: the pair features.</summary>
        public float[] Pairs { get; }

        /// <summary>[post, theme]: the pair probabilities.</summary>
        public float[] Probabilities { get; }

        /// <summary>[post, feature]: the relevance gate's features.</summary>
        public float[] GateRows { get; }

        /// <summary>[post]: the relevance.</summary>
        public float[] Relevance { get; }

        /// <summary>The text in lower case (invariant culture), in a buffer reused until the next call.</summary>
        public ReadOnlySpan<char> Lower(string text)
        {
            if (_lower.Length < text.Length)
            {
                _lower = new char[text.Length];
            }

            // ASCII (vectorised) when the text is all ASCII, where it equals the invariant culture's lower case.
            var lower = _lower.AsSpan(0, text.Length);
            if (System.Text.Ascii.ToLower(text, lower, out _) != System.Buffers.OperationStatus.Done)
            {
                text.AsSpan().ToLowerInvariant(lower);
            }

            return lower;
        }
    }
}

/// <summary>A record of a stream and its prediction (null when the record had no text).</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Record">The record as read.</param>
/// <param name="Prediction">Its themes, or null when it had no text to tag.</param>
public sealed record Tagged<T>(T Record, ThemePrediction? Prediction);
