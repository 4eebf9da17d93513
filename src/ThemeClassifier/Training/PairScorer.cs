using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace ThemeClassifier.Training;

/// <summary>
/// The ML.NET binary model that turns a (post, theme) pair's features into a calibrated probability.
/// A linear model (normaliser, weights, Platt calibrator) is scored directly from its ML.NET parameters, which
/// is many times faster than a data view per batch; a tree model is scored with
/// <see cref="ITransformer.Transform"/> over a fresh data view per call. Both ways are thread-safe.
/// </summary>
internal sealed class PairScorer
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly SchemaDefinition _schema;
    private readonly LinearParameters? _linear;

    private PairScorer(MLContext ml, ITransformer model, int featureCount, string description)
    {
        _ml = ml;
        _model = model;
        FeatureCount = featureCount;
        Description = description;
        _schema = Schema(featureCount);
        _linear = LinearParameters.TryExtract(model, featureCount);
    }

    /// <summary>Whether scoring bypasses ML.NET's data views (linear models).</summary>
    public bool IsScoredDirectly => _linear is not null;

    /// <summary>The number of features per pair.</summary>
    public int FeatureCount { get; }

    /// <summary>The trainer and its settings, e.g. <c>LogisticRegression(L2=0.01)</c>.</summary>
    public string Description { get; }

    /// <summary>The candidate trainers <see cref="TrainerKind.Auto"/> compares, with their settings.</summary>
    public static IEnumerable<TrainerChoice> Candidates(TrainerKind kind, double? l2Regularization)
    {
        float[] grid = l2Regularization is { } fixedL2 ? [(float)fixedL2] : [0.001f, 0.01f, 0.1f, 1f, 10f, 100f];
        if (kind is TrainerKind.Auto or TrainerKind.LogisticRegression)
        {
            foreach (var l2 in grid)
            {
                yield return new TrainerChoice(TrainerKind.LogisticRegression, l2);
            }
        }

        if (kind is TrainerKind.Auto or TrainerKind.Sdca)
        {
            yield return new TrainerChoice(TrainerKind.Sdca, l2Regularization is { } l2 ? (float)l2 : 0.01f);
        }

        if (kind is TrainerKind.Auto or TrainerKind.FastTree)
        {
            yield return new TrainerChoice(TrainerKind.FastTree, 0);
        }

        if (kind is TrainerKind.Auto or TrainerKind.Gam)
        {
            yield return new TrainerChoice(TrainerKind.Gam, 0);
        }
    }

    /// <summary>Trains the pair model.</summary>
    public static PairScorer Train(TrainerChoice choice, IReadOnlyList<float[]> features, IReadOnlyList<bool> labels, int seed)
    {
        var ml = new MLContext(seed);
        var featureCount = features[0].Length;
        var rows = features.Select((f, i) => new PairRow { Features = f, Label = labels[i] });
        var data = ml.Data.LoadFromEnumerable(rows, Schema(featureCount));
        IEstimator<ITransformer> trainer = choice.Kind switch
        {
            TrainerKind.LogisticRegression => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
                new LbfgsLogisticRegressionBinaryTrainer.Options { L1Regularization = 0, L2Regularization = choice.L2, NumberOfThreads = 1 }),
            TrainerKind.Sdca => ml.BinaryClassification.Trainers.SdcaLogisticRegression(
                new SdcaLogisticRegressionBinaryTrainer.Options { L2Regularization = choice.L2, NumberOfThreads = 1, MaximumNumberOfIterations = 100 }),
            TrainerKind.FastTree => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfLeaves = 4,
                NumberOfTrees = 100,
                MinimumExampleCountPerLeaf = 10,
                LearningRate = 0.05,
                NumberOfThreads = 1,
                Seed = seed,
            }),
            TrainerKind.Gam => ml.BinaryClassification.Trainers.Gam(new GamBinaryTrainer.Options
            {
                NumberOfIterations = 500,
                MaximumBinCountPerFeature = 32,
                MinimumExampleCountPerLeaf = 10,
                LearningRate = 0.01,
                NumberOfThreads = 1,
                Seed = seed,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(choice), choice.Kind, "Not a concrete trainer."),
        };
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features").Append(trainer);
        var model = pipeline.Fit(data);
        return new PairScorer(ml, model, featureCount, choice.ToString());
    }

    /// <summary>Loads a model saved with <see cref="Save"/>; its feature count is the one it was saved with.</summary>
    /// <exception cref="InvalidDataException">The model does not map a fixed-size feature vector to a probability.</exception>
    public static PairScorer Load(Stream stream, string description, int seed)
    {
        var ml = new MLContext(seed);
        var model = ml.Model.Load(stream, out var input);
        if (input.GetColumnOrNull("Features")?.Type is not VectorDataViewType { ItemType: NumberDataViewType, Size: > 0 } features
            || features.ItemType != NumberDataViewType.Single
            || model.GetOutputSchema(input).GetColumnOrNull("Probability")?.Type != NumberDataViewType.Single)
        {
            throw new InvalidDataException("not a pair model: it does not map a fixed-size 'Features' vector to a 'Probability'.");
        }

        return new PairScorer(ml, model, features.Size, description);
    }

    /// <summary>Saves the ML.NET model.</summary>
    public void Save(Stream stream)
    {
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<PairRow>(), _schema).Schema;
        _ml.Model.Save(_model, schema, stream);
    }

    /// <summary>The probability of each pair, in input order.</summary>
    public float[] Score(IReadOnlyList<float[]> features)
    {
        if (_linear is { } linear)
        {
            var result = new float[features.Count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = linear.Probability(features[i]);
            }

            return result;
        }

        return ScoreWithMlNet(features);
    }

    /// <summary>
    /// The probability of each pair of <paramref name="rows"/> (pair after pair, <see cref="FeatureCount"/> features
    /// each) into <paramref name="probabilities"/>, as <see cref="Score(IReadOnlyList{float[]})"/> gives them; a
    /// linear model allocates nothing.
    /// </summary>
    public void Score(ReadOnlySpan<float> rows, Span<float> probabilities)
    {
        var count = rows.Length / FeatureCount;
        if (_linear is { } linear)
        {
            for (var i = 0; i < count; i++)
            {
                probabilities[i] = linear.Probability(rows.Slice(i * FeatureCount, FeatureCount));
            }

            return;
        }

        var features = new float[count][];
        for (var i = 0; i < count; i++)
        {
            features[i] = rows.Slice(i * FeatureCount, FeatureCount).ToArray();
        }

        ScoreWithMlNet(features).CopyTo(probabilities);
    }

    /// <summary>The probability of each pair through ML.NET's own scoring (a data view and a cursor).</summary>
    public float[] ScoreWithMlNet(IReadOnlyList<float[]> features)
    {
        var data = _ml.Data.LoadFromEnumerable(features.Select(f => new PairRow { Features = f }), _schema);
        var scored = _model.Transform(data);
        return scored.GetColumn<float>("Probability").ToArray();
    }

    private static SchemaDefinition Schema(int featureCount)
    {
        var schema = SchemaDefinition.Create(typeof(PairRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }

    private sealed class PairRow
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}

/// <summary>A calibrated linear model read out of its ML.NET parameters: normalise, weigh, calibrate.</summary>
internal sealed class LinearParameters
{
    private readonly float[] _offset;
    private readonly float[] _scale;
    private readonly float[] _weights;
    private readonly float _bias;
    private readonly ICalibrator _calibrator;

    private LinearParameters(float[] offset, float[] scale, float[] weights, float bias, ICalibrator calibrator)
    {
        _offset = offset;
        _scale = scale;
        _weights = weights;
        _bias = bias;
        _calibrator = calibrator;
    }

    /// <summary>The parameters of a mean-variance normaliser followed by a calibrated linear model; else null.</summary>
    public static LinearParameters? TryExtract(ITransformer model, int featureCount)
    {
        if (model is not IEnumerable<ITransformer> chain)
        {
            return null;
        }

        var parts = chain.ToArray();
        if (parts.Length != 2
            || parts[0] is not NormalizingTransformer normalizer
            || normalizer.GetNormalizerModelParameters(0) is not NormalizingTransformer.AffineNormalizerModelParameters<System.Collections.Immutable.ImmutableArray<float>> affine
            || parts[1] is not ISingleFeaturePredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>> predictor)
        {
            return null;
        }

        var weights = new float[featureCount];
        predictor.Model.SubModel.Weights.ToArray().CopyTo(weights, 0);
        var offset = affine.Offset.IsDefaultOrEmpty ? new float[featureCount] : affine.Offset.ToArray();
        var scale = affine.Scale.ToArray();
        return scale.Length == featureCount && offset.Length == featureCount
            ? new LinearParameters(offset, scale, weights, predictor.Model.SubModel.Bias, predictor.Model.Calibrator)
            : null;
    }

    /// <summary>The calibrated probability of one pair.</summary>
    public float Probability(ReadOnlySpan<float> features)
    {
        var score = _bias;
        for (var i = 0; i < _weights.Length; i++)
        {
            score += _weights[i] * (features[i] - _offset[i]) * _scale[i];
        }

        return _calibrator.PredictProbability(score);
    }
}

/// <summary>A trainer and its regularisation.</summary>
/// <param name="Kind">The trainer.</param>
/// <param name="L2">L2 regularisation, for the linear trainers.</param>
internal sealed record TrainerChoice(TrainerKind Kind, float L2)
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        TrainerKind.LogisticRegression or TrainerKind.Sdca => $"{Kind}(L2={L2.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
        _ => Kind.ToString(),
    };
}
