using ThemeClassifier.Data;
using ThemeClassifier.Encoding;
using ThemeClassifier.Evaluation;
using ThemeClassifier.Model;
using ThemeClassifier.Prediction;

namespace ThemeClassifier.Training;

/// <summary>
/// Trains a <see cref="ThemeTagger"/>: encodes the data once, compares the candidate ML.NET trainers by repeated
/// stratified cross-validation, chooses thresholds from held-out probabilities, then fits the kept trainer on
/// all the data.
/// </summary>
internal static class ThemeTrainer
{
    public static ThemeTagger Train(TrainingData data, TrainingOptions options, IProgress<string>? progress, CancellationToken ct)
    {
        EnsureEnoughPosts(data, options);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var embedders = options.Encoders.Select(SentenceEmbedder.Create).ToArray();
        try
        {
            progress?.Report($"encoding {data.Posts.Count} posts and {data.Codebook.Themes.Count} themes");
            var corpus = TrainingCorpus.Encode(data, options, embedders, ct);
            var (cv, choice, thresholds) = CrossValidate(corpus, progress, ct);
            progress?.Report($"fitting {choice} on all {corpus.Count} posts");
            var all = Enumerable.Range(0, corpus.Count).ToArray();
            var (featurizer, references) = corpus.BuildReferences(all);
            var features = corpus.Features(all, featurizer, references, i => i);
            var scorer = FitScorer(choice, features, corpus.Themes, all, options.Seed);
            var card = new ModelCard
            {
                Options = options,
                Trainer = choice.ToString(),
                FeatureNames = Features.PairFeatures.Names(options.Features, options.Encoders.Select(e => e.ToString()).ToArray()),
                ExampleCount = corpus.Count,
                ExamplesPerTheme = data.CountsPerTheme(),
                DataFingerprint = ModelCard.Fingerprint(data),
                CrossValidation = cv,
                TrainingSeconds = Math.Round(started.Elapsed.TotalSeconds, 1),
            };
            var maxThemes = Math.Min(options.MaxThemes, data.Codebook.Themes.Count);
            return new ThemeTagger(data.Codebook, card, featurizer, references, scorer, thresholds, maxThemes, embedders);
        }
        catch
        {
            foreach (var e in embedders)
            {
                e.Dispose();
            }

            throw;
        }
    }

    public static CrossValidationReport CrossValidate(TrainingData data, TrainingOptions options, IProgress<string>? progress, CancellationToken ct)
    {
        EnsureEnoughPosts(data, options);
        var embedders = options.Encoders.Select(SentenceEmbedder.Create).ToArray();
        try
        {
            var corpus = TrainingCorpus.Encode(data, options, embedders, ct);
            return CrossValidate(corpus, progress, ct).Report;
        }
        finally
        {
            foreach (var e in embedders)
            {
                e.Dispose();
            }
        }
    }

    private static (CrossValidationReport Report, TrainerChoice Choice, float[] Thresholds) CrossValidate(
        TrainingCorpus corpus, IProgress<string>? progress, CancellationToken ct)
    {
        var options = corpus.Options;
        var themeCount = corpus.Data.Codebook.Themes.Count;
        var candidates = PairScorer.Candidates(options.Trainer, options.L2Regularization).ToArray();
        var folds = Enumerable.Range(0, options.Repeats).Select(r => StratifiedFolds(corpus.Themes, options.Folds, options.Seed + r)).ToArray();

        // held-out probabilities: [candidate][repeat][post][theme]
        var heldOut = candidates.Select(_ => folds.Select(_ => new float[corpus.Count][]).ToArray()).ToArray();
        for (var r = 0; r < folds.Length; r++)
        {
            for (var f = 0; f < options.Folds; f++)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report($"cross-validation: repeat {r + 1}/{folds.Length}, fold {f + 1}/{options.Folds}");
                var test = Enumerable.Range(0, corpus.Count).Where(i => folds[r][i] == f).ToArray();
                var train = Enumerable.Range(0, corpus.Count).Where(i => folds[r][i] != f).ToArray();
                if (test.Length == 0)
                {
                    continue;
                }

                var position = train.Select((post, k) => (post, k)).ToDictionary(x => x.post, x => x.k);
                var (featurizer, references) = corpus.BuildReferences(train);
                var trainFeatures = corpus.Features(train, featurizer, references, i => position[i]);
                var testFeatures = corpus.Features(test, featurizer, references, _ => -1);
                for (var c = 0; c < candidates.Length; c++)
                {
                    var scorer = FitScorer(candidates[c], trainFeatures, corpus.Themes, train, options.Seed);
                    for (var k = 0; k < test.Length; k++)
                    {
                        heldOut[c][r][test[k]] = scorer.Score(testFeatures[k]);
                    }
                }
            }
        }

        var codebook = corpus.Data.Codebook;
        var gold = corpus.Data.Posts.Select(p => p.Themes).ToArray();
        var results = new List<(TrainerResult Result, int Index, EvaluationReport Pooled, double[] PerRepeat)>();
        for (var c = 0; c < candidates.Length; c++)
        {
            var predictions = new List<ThemePrediction>();
            var perRepeat = new double[folds.Length];
            for (var r = 0; r < folds.Length; r++)
            {
                var repeatPredictions = CrossFittedPredictions(heldOut[c][r], folds[r], corpus, options);
                perRepeat[r] = Metrics.Compute(codebook, gold, repeatPredictions).MacroF1;
                predictions.AddRange(repeatPredictions);
            }

            var pooled = Metrics.Compute(codebook, Enumerable.Repeat(gold, folds.Length).SelectMany(g => g).ToArray(), predictions);
            var logLoss = LogLoss(heldOut[c], corpus.Themes, themeCount);
            var mean = perRepeat.Average();
            var sd = Math.Sqrt(perRepeat.Sum(x => (x - mean) * (x - mean)) / Math.Max(1, perRepeat.Length - 1));
            results.Add((new TrainerResult(candidates[c].ToString(), logLoss, pooled.Top1, pooled.Top3, mean, sd), c, pooled, perRepeat));
        }

        var ranked = results.OrderBy(x => x.Result.LogLoss).ThenBy(x => x.Index).ToArray();
        var best = ranked[0];
        var thresholds = ThresholdChooser.Choose(heldOut[best.Index].SelectMany(x => x).ToArray(), Enumerable.Repeat(corpus.Themes, folds.Length).SelectMany(x => x).ToArray(), themeCount, options);
        var report = new CrossValidationReport
        {
            Folds = options.Folds,
            Repeats = options.Repeats,
            Trainers = ranked.Select(x => x.Result).ToArray(),
            Chosen = best.Result.Trainer,
            Pooled = best.Pooled,
            MacroF1PerRepeat = best.PerRepeat,
            Warnings = corpus.Data.Warnings,
        };
        return (report, candidates[best.Index], thresholds);
    }

    /// <summary>Predictions of one repeat where each fold's thresholds come from the other folds only.</summary>
    private static ThemePrediction[] CrossFittedPredictions(float[][] probabilities, int[] fold, TrainingCorpus corpus, TrainingOptions options)
    {
        var ids = corpus.Data.Codebook.Ids.ToArray();
        var result = new ThemePrediction[probabilities.Length];
        for (var f = 0; f < options.Folds; f++)
        {
            var others = Enumerable.Range(0, probabilities.Length).Where(i => fold[i] != f).ToArray();
            var thresholds = ThresholdChooser.Choose(others.Select(i => probabilities[i]).ToArray(), others.Select(i => corpus.Themes[i]).ToArray(), ids.Length, options);
            foreach (var i in Enumerable.Range(0, probabilities.Length).Where(i => fold[i] == f))
            {
                result[i] = new ThemePrediction(ids.Select((id, t) => new ThemeScore(id, probabilities[i][t], thresholds[t])).ToArray(), options.MaxThemes);
            }
        }

        return result;
    }

    private static PairScorer FitScorer(TrainerChoice choice, float[][][] features, int[][] themes, int[] posts, int seed)
    {
        var rows = new List<float[]>();
        var labels = new List<bool>();
        for (var k = 0; k < posts.Length; k++)
        {
            for (var t = 0; t < features[k].Length; t++)
            {
                rows.Add(features[k][t]);
                labels.Add(themes[posts[k]].Contains(t));
            }
        }

        return PairScorer.Train(choice, rows, labels, seed);
    }

    /// <summary>
    /// Refuses, before anything is encoded, data too small to learn from or to cross-validate as asked: fewer than
    /// <see cref="TrainingData.MinimumPostsToTrain"/> posts, more folds than posts, or a fold whose training part
    /// has fewer than 2 theme-coded posts.
    /// </summary>
    private static void EnsureEnoughPosts(TrainingData data, TrainingOptions options)
    {
        var count = data.Posts.Count;
        if (count < TrainingData.MinimumPostsToTrain)
        {
            throw new TrainingDataException($"Too few posts to train: {count}; training and its cross-validation need at least {TrainingData.MinimumPostsToTrain} hand-coded posts.");
        }

        if (options.Folds > count)
        {
            throw new TrainingDataException($"Too few posts for {options.Folds}-fold cross-validation: {count}; use at most {count} folds ({count} is leave-one-out).");
        }

        var themes = TrainingCorpus.ThemeIndices(data);
        for (var r = 0; r < options.Repeats; r++)
        {
            var folds = StratifiedFolds(themes, options.Folds, options.Seed + r);
            for (var f = 0; f < options.Folds; f++)
            {
                var coded = Enumerable.Range(0, count).Count(i => folds[i] != f && themes[i].Length > 0);
                if (coded < 2)
                {
                    throw new TrainingDataException($"Too few theme-coded posts for {options.Folds}-fold cross-validation: fold {f + 1} of repeat {r + 1} would train on {coded}; every fold needs at least 2 (code more posts or use fewer folds).");
                }
            }
        }
    }

    /// <summary>Fold of each post: posts grouped by most central theme, shuffled, dealt round-robin.</summary>
    private static int[] StratifiedFolds(int[][] themes, int folds, int seed)
    {
        var random = new Random(seed);
        var fold = new int[themes.Length];
        var next = 0;
        var groups = Enumerable.Range(0, themes.Length).GroupBy(i => themes[i].FirstOrDefault(-1)).OrderBy(g => g.Key);
        foreach (var group in groups)
        {
            var members = group.ToArray();
            random.Shuffle(members);
            foreach (var i in members)
            {
                fold[i] = next++ % folds;
            }
        }

        return fold;
    }

    private static double LogLoss(float[][][] heldOut, int[][] gold, int themeCount)
    {
        double sum = 0;
        var n = 0;
        foreach (var repeat in heldOut)
        {
            for (var i = 0; i < repeat.Length; i++)
            {
                for (var t = 0; t < themeCount; t++)
                {
                    var p = Math.Clamp(repeat[i][t], 1e-6, 1 - 1e-6);
                    sum -= gold[i].Contains(t) ? Math.Log(p) : Math.Log(1 - p);
                    n++;
                }
            }
        }

        return sum / n;
    }
}
