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
            var fitted = Fit(corpus, progress, ct);
            var card = new ModelCard
            {
                Options = options,
                Trainer = fitted.Choice.ToString(),
                FeatureNames = Features.PairFeatures.Names(options.Features, options.Encoders.Select(e => e.ToString()).ToArray()),
                ExampleCount = corpus.Count,
                ExamplesPerTheme = data.CountsPerTheme(),
                DataFingerprint = ModelCard.Fingerprint(data),
                CrossValidation = fitted.CrossValidation,
                TrainingSeconds = Math.Round(started.Elapsed.TotalSeconds, 1),
            };
            var maxThemes = Math.Min(options.MaxThemes, data.Codebook.Themes.Count);
            return new ThemeTagger(data.Codebook, card, fitted.Featurizer, fitted.References, fitted.Scorer, fitted.Thresholds, maxThemes, embedders, fitted.Gate);
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

    /// <summary>
    /// Learning curve: in each repeat, every fold is held out in turn and the training procedure is run on growing
    /// shares (1/<paramref name="points"/> … all) of the other folds; the held-out predictions are pooled per share.
    /// </summary>
    public static LearningCurve LearningCurve(TrainingData data, TrainingOptions options, int points, IReadOnlyList<CodedPost>? external, IProgress<string>? progress, CancellationToken ct)
    {
        var embedders = options.Encoders.Select(SentenceEmbedder.Create).ToArray();
        try
        {
            var corpus = TrainingCorpus.Encode(data, options, embedders, ct);
            var externalCorpus = external is null ? null : TrainingCorpus.Encode(new TrainingData(data.Codebook, external), options, embedders, ct);
            var externalPosts = Enumerable.Range(0, externalCorpus?.Count ?? 0).ToArray();
            var externalReports = Enumerable.Range(0, points).Select(_ => new List<EvaluationReport>()).ToArray();
            var ids = data.Codebook.Ids.ToArray();
            var inner = options.WithRepeats(1);
            var gold = data.Posts.Select(p => p.Themes).ToArray();
            var reports = new EvaluationReport[points][];
            var sizes = new double[points];
            for (var s = 0; s < points; s++)
            {
                reports[s] = new EvaluationReport[options.Repeats];
            }

            for (var r = 0; r < options.Repeats; r++)
            {
                var fold = StratifiedFolds(corpus.Data.Posts, corpus.Themes, options.GroupByQuestion, options.Folds, options.Seed + r);
                var order = Enumerable.Range(0, corpus.Count).ToArray();
                new Random(options.Seed + r).Shuffle(order);
                var predictions = Enumerable.Range(0, points).Select(_ => new ThemePrediction[corpus.Count]).ToArray();
                for (var f = 0; f < options.Folds; f++)
                {
                    var test = Enumerable.Range(0, corpus.Count).Where(i => fold[i] == f).ToArray();
                    var others = order.Where(i => fold[i] != f).ToArray();
                    for (var s = 0; s < points && test.Length > 0; s++)
                    {
                        ct.ThrowIfCancellationRequested();
                        progress?.Report($"learning curve: repeat {r + 1}/{options.Repeats}, fold {f + 1}/{options.Folds}, share {s + 1}/{points}");
                        var train = others.Take((int)Math.Round(others.Length * (s + 1.0) / points)).Order().ToArray();
                        sizes[s] += train.Length / (double)(options.Folds * options.Repeats);
                        var fitted = Fit(corpus.Subset(train, inner), null, ct);
                        var features = corpus.Features(test, fitted.Featurizer, fitted.References, train);
                        for (var k = 0; k < test.Length; k++)
                        {
                            predictions[s][test[k]] = fitted.Predict(ids, features[k], options.MaxThemes);
                        }

                        if (externalCorpus is not null)
                        {
                            var externalFeatures = externalCorpus.Features(externalPosts, fitted.Featurizer, fitted.References, null);
                            var externalPredictions = externalFeatures.Select(x => fitted.Predict(ids, x, options.MaxThemes)).ToArray();
                            externalReports[s].Add(Metrics.Compute(data.Codebook, external!.Select(p => p.Themes).ToArray(), externalPredictions));
                        }
                    }
                }

                for (var s = 0; s < points; s++)
                {
                    reports[s][r] = Metrics.Compute(data.Codebook, gold, predictions[s]);
                }
            }

            return new LearningCurve
            {
                Folds = options.Folds,
                Repeats = options.Repeats,
                Points = Enumerable.Range(0, points)
                    .Select(s => new LearningCurvePoint(Math.Round(sizes[s], 1), CurveFigures.Summarize(reports[s]), externalCorpus is null ? null : CurveFigures.Summarize(externalReports[s])))
                    .ToArray(),
            };
        }
        finally
        {
            foreach (var e in embedders)
            {
                e.Dispose();
            }
        }
    }

    /// <summary>Cross-validates on the corpus, then fits the chosen trainer, thresholds and gate on all of it.</summary>
    private static Fitted Fit(TrainingCorpus corpus, IProgress<string>? progress, CancellationToken ct)
    {
        var (cv, choice, thresholds, gateRows) = CrossValidate(corpus, progress, ct);
        progress?.Report($"fitting {choice} on all {corpus.Count} posts");
        var all = Enumerable.Range(0, corpus.Count).ToArray();
        var (featurizer, references) = corpus.BuildReferences(all);
        var features = corpus.Features(all, featurizer, references, all);
        var scorer = FitScorer(choice, features, corpus.Themes, all, corpus.Options.Seed);
        var gate = RelevanceGate.Train(gateRows.Select(x => x.Row).ToArray(), gateRows.Select(x => corpus.Themes[x.Post].Length > 0).ToArray(), corpus.Options.Seed);
        return new Fitted(cv, choice, featurizer, references, scorer, thresholds, gate);
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

    private static (CrossValidationReport Report, TrainerChoice Choice, float[] Thresholds, (int Post, float[] Row)[] GateRows) CrossValidate(
        TrainingCorpus corpus, IProgress<string>? progress, CancellationToken ct)
    {
        var options = corpus.Options;
        var themeCount = corpus.Data.Codebook.Themes.Count;
        var candidates = PairScorer.Candidates(options.Trainer, options.L2Regularization).ToArray();
        var folds = Enumerable.Range(0, options.Repeats).Select(r => StratifiedFolds(corpus.Data.Posts, corpus.Themes, options.GroupByQuestion, options.Folds, options.Seed + r)).ToArray();

        // held-out probabilities: [candidate][repeat][post][theme]; held-out pair features: [repeat][post][theme][feature]
        var heldOut = candidates.Select(_ => folds.Select(_ => new float[corpus.Count][]).ToArray()).ToArray();
        var heldOutFeatures = folds.Select(_ => new float[corpus.Count][][]).ToArray();
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

                var (featurizer, references) = corpus.BuildReferences(train);
                var trainFeatures = corpus.Features(train, featurizer, references, train);
                var testFeatures = corpus.Features(test, featurizer, references, train);
                for (var k = 0; k < test.Length; k++)
                {
                    heldOutFeatures[r][test[k]] = testFeatures[k];
                }

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
                var gateRows = GateRows(heldOut[c][r], heldOutFeatures[r]);
                var repeatPredictions = CrossFittedPredictions(heldOut[c][r], gateRows, folds[r], corpus, options);
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
        var allGateRows = folds.Select((_, r) => GateRows(heldOut[best.Index][r], heldOutFeatures[r]))
            .SelectMany(rows => rows.Select((row, post) => (post, row)))
            .ToArray();
        return (report, candidates[best.Index], thresholds, allGateRows);
    }

    /// <summary>The relevance gate's features of every post from its held-out pair features and probabilities.</summary>
    private static float[][] GateRows(float[][] probabilities, float[][][] pairFeatures) =>
        probabilities.Select((p, i) => RelevanceGate.Features(pairFeatures[i], p)).ToArray();

    /// <summary>Predictions of one repeat where each fold's thresholds and relevance gate come from the other folds only.</summary>
    private static ThemePrediction[] CrossFittedPredictions(float[][] probabilities, float[][] gateRows, int[] fold, TrainingCorpus corpus, TrainingOptions options)
    {
        var ids = corpus.Data.Codebook.Ids.ToArray();
        var result = new ThemePrediction[probabilities.Length];
        for (var f = 0; f < options.Folds; f++)
        {
            var others = Enumerable.Range(0, probabilities.Length).Where(i => fold[i] != f).ToArray();
            var test = Enumerable.Range(0, probabilities.Length).Where(i => fold[i] == f).ToArray();
            if (test.Length == 0)
            {
                continue;
            }

            var thresholds = ThresholdChooser.Choose(others.Select(i => probabilities[i]).ToArray(), others.Select(i => corpus.Themes[i]).ToArray(), ids.Length, options);
            var gate = RelevanceGate.Train(others.Select(i => gateRows[i]).ToArray(), others.Select(i => corpus.Themes[i].Length > 0).ToArray(), options.Seed);
            var relevance = gate.Relevance(test.Select(i => gateRows[i]).ToArray());
            for (var k = 0; k < test.Length; k++)
            {
                var i = test[k];
                result[i] = new ThemePrediction(ids.Select((id, t) => new ThemeScore(id, probabilities[i][t], thresholds[t])).ToArray(), options.MaxThemes, relevance[k], gate.Threshold);
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
            var folds = StratifiedFolds(data.Posts, themes, options.GroupByQuestion, options.Folds, options.Seed + r);
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

    /// <summary>
    /// Fold of each post: posts grouped by most central theme, shuffled, dealt round-robin. With
    /// <see cref="TrainingOptions.GroupByQuestion"/>, whole questions are first dealt to the emptiest fold (largest
    /// first, ties by seed), then the posts without a question round-robin.
    /// </summary>
    /// <param name="posts">The posts (for their questions).</param>
    /// <param name="themes">Each post's theme indices, most central first.</param>
    /// <param name="byQuestion">Whether to keep each question's posts in one fold.</param>
    /// <param name="folds">The number of folds.</param>
    /// <param name="seed">The shuffle's seed.</param>
    private static int[] StratifiedFolds(IReadOnlyList<CodedPost> posts, int[][] themes, bool byQuestion, int folds, int seed)
    {
        var random = new Random(seed);
        var fold = new int[themes.Length];
        var size = new int[folds];
        var ungrouped = Enumerable.Range(0, themes.Length).ToList();
        if (byQuestion)
        {
            var questions = ungrouped.Where(i => posts[i].Question is not null).GroupBy(i => posts[i].Question!, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray()).ToArray();
            random.Shuffle(questions);
            foreach (var members in questions.OrderByDescending(q => q.Length))
            {
                var target = Array.IndexOf(size, size.Min());
                foreach (var i in members)
                {
                    fold[i] = target;
                }

                size[target] += members.Length;
            }

            ungrouped.RemoveAll(i => posts[i].Question is not null);
        }

        var next = Array.IndexOf(size, size.Min());
        foreach (var group in ungrouped.GroupBy(i => themes[i].FirstOrDefault(-1)).OrderBy(g => g.Key))
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

    /// <summary>A fitted model's parts.</summary>
    private sealed record Fitted(
        CrossValidationReport CrossValidation,
        TrainerChoice Choice,
        Features.NGramFeaturizer Featurizer,
        Features.ThemeReferences References,
        PairScorer Scorer,
        float[] Thresholds,
        RelevanceGate Gate)
    {
        /// <summary>The prediction for one post from its pair features.</summary>
        public ThemePrediction Predict(string[] ids, float[][] pairFeatures, int maxThemes)
        {
            var probabilities = Scorer.Score(pairFeatures);
            var relevance = Gate.Relevance([RelevanceGate.Features(pairFeatures, probabilities)])[0];
            return new ThemePrediction(ids.Select((id, t) => new ThemeScore(id, probabilities[t], Thresholds[t])).ToArray(), maxThemes, relevance, Gate.IsGate ? Gate.Threshold : null);
        }
    }
}
