using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace ThemeClassifier.Features;

/// <summary>
/// ML.NET text features: word 1–2-grams and (optionally) character 3-grams, punctuation removed, English stop words removed
/// except negations and "we"/"our"/"together" (see <see cref="StopWords"/>), L2-normalised so that a dot product is a cosine. Wraps a fitted ML.NET transformer.
/// Word n-grams alone (the fast profile) are computed from the transformer's vocabulary by <see cref="WordNGrams"/>;
/// with character n-grams, texts go through ML.NET <c>PredictionEngine</c>s, which are not thread-safe, so each
/// call rents one from a pool and no two threads ever use the same engine.
/// </summary>
internal sealed class NGramFeaturizer
{
    private const string TextColumn = "Text";
    private const string FeaturesColumn = "Features";

    private readonly MLContext _ml;
    private readonly ITransformer _transformer;

    // PredictionEngine is not thread-safe: each is used by one thread at a time, rented from this pool.
    private readonly System.Collections.Concurrent.ConcurrentBag<PredictionEngine<TextRow, FeaturesRow>> _engines = [];

    // ML.NET's text normaliser with the options of Fit, for each UTF-16 code unit: the character it becomes, or -1 when dropped.
    private static readonly Lazy<int[]> CharMap = new(NormalizedChars);

    // Null when the features include character n-grams.
    private readonly WordNGrams? _words;

    private NGramFeaturizer(MLContext ml, ITransformer transformer)
    {
        _ml = ml;
        _transformer = transformer;
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        transformer.GetOutputSchema(ml.Data.LoadFromEnumerable(Array.Empty<TextRow>()).Schema)[FeaturesColumn].GetSlotNames(ref slotNames);
        var names = slotNames.DenseValues().Select(n => n.ToString()).ToArray();

        // With character n-grams ML.NET tags every slot "Char." or "Word."; a word alone never has a '.' (punctuation is dropped).
        if (!names.Any(n => n.StartsWith("Char.", StringComparison.Ordinal)))
        {
            _words = WordNGrams.Create(names, StopWords(), CharMap.Value, TransformThroughEngine);
        }
    }

    /// <summary>Fits the n-gram dictionary on <paramref name="corpus"/> (normalised texts).</summary>
    public static NGramFeaturizer Fit(IEnumerable<string> corpus, bool characterNGrams, int seed)
    {
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(corpus.Select(t => new TextRow { Text = t }));
        var options = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = true,
            StopWordsRemoverOptions = new CustomStopWordsRemovingEstimator.Options { StopWords = StopWords() },
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
            CharFeatureExtractor = characterNGrams ? new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false } : null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var transformer = ml.Transforms.Text.FeaturizeText(FeaturesColumn, options, TextColumn).Fit(data);
        return new NGramFeaturizer(ml, transformer);
    }

    /// <summary>Loads a featurizer saved with <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The model does not map a text to a feature vector.</exception>
    public static NGramFeaturizer Load(Stream stream, int seed)
    {
        var ml = new MLContext(seed);
        var transformer = ml.Model.Load(stream, out var input);
        if (input.GetColumnOrNull(TextColumn)?.Type is not TextDataViewType
            || transformer.GetOutputSchema(input).GetColumnOrNull(FeaturesColumn)?.Type is not VectorDataViewType { ItemType: var item } || item != NumberDataViewType.Single)
        {
            throw new InvalidDataException($"not an n-gram featurizer: it does not map a '{TextColumn}' to a '{FeaturesColumn}' vector.");
        }

        return new NGramFeaturizer(ml, transformer);
    }

    /// <summary>Saves the fitted transformer as an ML.NET model.</summary>
    public void Save(Stream stream)
    {
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<TextRow>()).Schema;
        _ml.Model.Save(_transformer, schema, stream);
    }

    /// <summary>The features of each text, in input order.</summary>
    public SparseVector[] Transform(IReadOnlyList<string> texts)
    {
        var result = new SparseVector[texts.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = TransformOne(texts[i]);
        }

        return result;
    }

    /// <summary>The features of one text.</summary>
    public SparseVector TransformOne(string text) => _words?.Transform(text) ?? TransformThroughEngine(text);

    /// <summary>The features of one text, into <paramref name="into"/> (no allocation with word n-grams alone).</summary>
    public void TransformOne(string text, SparseBuffer into)
    {
        if (_words is { } words)
        {
            words.Transform(text, into);
        }
        else
        {
            into.CopyFrom(TransformThroughEngine(text));
        }
    }

    /// <summary>
    /// The features of one text through a pooled prediction engine: measured cheaper per post than a data view
    /// and a cursor, even for thousands of posts (see benchmarks/README.md).
    /// </summary>
    internal SparseVector TransformThroughEngine(string text)
    {
        if (!_engines.TryTake(out var engine))
        {
            engine = _ml.Model.CreatePredictionEngine<TextRow, FeaturesRow>(_transformer);
        }

        try
        {
            var row = new FeaturesRow();
            engine.Predict(new TextRow { Text = text }, ref row);
            return ToSparse(row.Features);
        }
        finally
        {
            _engines.Add(engine);
        }
    }

    private static SparseVector ToSparse(in VBuffer<float> buffer)
    {
        var values = buffer.GetValues();
        if (buffer.IsDense)
        {
            var indices = new List<int>();
            var kept = new List<float>();
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] != 0)
                {
                    indices.Add(i);
                    kept.Add(values[i]);
                }
            }

            return new SparseVector([.. indices], [.. kept]);
        }

        return new SparseVector(buffer.GetIndices().ToArray(), values.ToArray());
    }

    private static int[] NormalizedChars()
    {
        // Each code unit after an 'a', so that a dropped one leaves a one-character text in its place.
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable([new CharsRow { Chars = [.. Enumerable.Range(0, char.MaxValue + 1).Select(c => $"a{(char)c}")] }]);
        var normalizer = ml.Transforms.Text.NormalizeText(nameof(CharsRow.Chars), nameof(CharsRow.Chars), TextNormalizingEstimator.CaseMode.Lower, keepDiacritics: false, keepPunctuations: false, keepNumbers: true);
        var normalized = ml.Data.CreateEnumerable<CharsRow>(normalizer.Fit(data).Transform(data), reuseRowObject: false).Single();
        return [.. normalized.Chars.Select(s => s.Length == 2 ? s[1] : -1)];
    }

    private static string[] StopWords() =>
    [
        "a", "about", "above", "after", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been",
        "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing",
        "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her",
        "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "itself", "just", "me", "more", "most", "my", "myself", "of", "off", "on", "once", "only", "or", "other",
        "ours", "ourselves", "out", "over", "same", "she", "should", "so", "some", "such", "than", "that", "the",
        "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through",
        "to", "too", "under", "until", "up", "very", "was", "were", "what", "when", "where", "which", "while",
        "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "s", "t",
        "amp", "rt", "via",
    ];

    private sealed class TextRow
    {
        public string Text { get; set; } = string.Empty;
    }

    private sealed class CharsRow
    {
        public string[] Chars { get; set; } = [];
    }

    private sealed class FeaturesRow
    {
        public VBuffer<float> Features { get; set; }
    }
}
