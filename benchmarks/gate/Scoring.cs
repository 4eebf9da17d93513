using System.Text.Json;
using ThemeClassifier.Data;
using ThemeClassifier.Encoding;
using ThemeClassifier.Training;

namespace GateExperiments;

/// <summary>One post's held-out evidence: pair probabilities [theme], pair features [theme][feature], gold theme indices.</summary>
public sealed record Scored(float[] P, float[][] F, int[] Gold, float[]? V = null);

/// <summary>A decision problem: the held-out posts a decision is learnt from, and the posts it is judged on.</summary>
/// <param name="Calibration">Held-out scores a decision is learnt on.</param>
/// <param name="Test">Scores the decision is judged on.</param>
/// <param name="Shifted">Leave-genre-out scores of the calibration posts (each genre scored by a model fitted on the other), when computed.</param>
public sealed record Split(Scored[] Calibration, Scored[] Test, Scored[]? Shifted = null);

/// <summary>All the score sets of one profile: standard CV (per repeat, per fold), shift CV (per repeat, per group), dev.</summary>
public sealed record ScoreSets(Split[][] Standard, Split[][] Shift, Split[][] Question, Split Dev, string[] ShiftGroups);

/// <summary>
/// Computes held-out pair probabilities and features once per profile (the expensive part), with the pair model the
/// default training keeps (logistic regression, fixed L2), so that decision designs can be compared cheaply.
/// </summary>
public static class Scoring
{
    public static ScoreSets Compute(TrainingData data, IReadOnlyList<CodedPost> dev, TrainingOptions options, float l2, int repeats, string cache)
    {
        if (File.Exists(cache))
        {
            return JsonSerializer.Deserialize<ScoreSets>(File.ReadAllText(cache))!;
        }

        var embedders = options.Encoders.Select(SentenceEmbedder.Create).ToArray();
        var corpus = TrainingCorpus.Encode(data, options, embedders, CancellationToken.None);
        var devCorpus = TrainingCorpus.Encode(new TrainingData(data.Codebook, dev), options, embedders, CancellationToken.None);
        var choice = new TrainerChoice(TrainerKind.LogisticRegression, l2);
        var all = Enumerable.Range(0, corpus.Count).ToArray();

        // Standard CV: stratified 5-fold, as ThemeTrainer.CrossValidate; a fold's decision is learnt on the other folds' held-out scores.
        var standard = new Split[repeats][];
        for (var r = 0; r < repeats; r++)
        {
            var (scored, fold) = HeldOut(corpus, all, options.Folds, options.Seed + r, choice);
            standard[r] = Enumerable.Range(0, options.Folds)
                .Select(f => new Split(
                    Enumerable.Range(0, all.Length).Where(i => fold[i] != f).Select(i => scored[i]).ToArray(),
                    Enumerable.Range(0, all.Length).Where(i => fold[i] == f).Select(i => scored[i]).ToArray(),
                    GenreOut(corpus, all.Where(i => fold[i] != f).ToArray(), GroupOf(data, Genres(data), options.Seed + r), options.Seed, choice)))
                .ToArray();
            Console.Error.WriteLine($"standard repeat {r + 1} done");
        }

        // Shift CV: the held-out fold is a whole genre (report tweets vs report prose, chatter dealt between them);
        // the decision is learnt on inner 5-fold held-out scores of the other genre, as training does on all data.
        var groups = Genres(data);
        var shift = new Split[repeats][];
        var question = new Split[repeats][];
        for (var r = 0; r < repeats; r++)
        {
            shift[r] = Nested(corpus, GroupOf(data, groups, options.Seed + r), groups.Length, options, r, choice, null);
            var byQuestion = ThemeTrainer.StratifiedFolds(corpus.Data.Posts, corpus.Themes, true, options.Folds, options.Seed + r);
            question[r] = Nested(corpus, byQuestion, options.Folds, options, r, choice, GroupOf(data, groups, options.Seed + r));
            Console.Error.WriteLine($"shift repeat {r + 1} done");
        }

        // Dev: the decision learnt as training does (5 folds x 3 repeats on all posts, pooled), the model fitted on all.
        var devCalibration = Enumerable.Range(0, 3).SelectMany(r => HeldOut(corpus, all, options.Folds, options.Seed + r, choice).Scored).ToArray();
        var (allFeaturizer, allReferences) = corpus.BuildReferences(all);
        var allScorer = Fit(corpus, all, choice, options.Seed, allFeaturizer, allReferences);
        var devPosts = Enumerable.Range(0, devCorpus.Count).ToArray();
        var devFeatures = devCorpus.Features(devPosts, allFeaturizer, allReferences, null);
        var devShifted = Enumerable.Range(0, 3).SelectMany(r => GenreOut(corpus, all, GroupOf(data, groups, options.Seed + r), options.Seed, choice)).ToArray();
        var devSplit = new Split(devCalibration, devPosts.Select(i => new Scored(allScorer.Score(devFeatures[i]), devFeatures[i], devCorpus.Themes[i], Vector(devCorpus, i))).ToArray(), devShifted);
        Console.Error.WriteLine("dev done");

        var sets = new ScoreSets(standard, shift, question, devSplit, groups);
        File.WriteAllText(cache, JsonSerializer.Serialize(sets));
        return sets;
    }

    /// <summary>Outer folds given by <paramref name="group"/>; each fold's decision is learnt on inner 5-fold held-out scores of the others.</summary>
    private static Split[] Nested(TrainingCorpus corpus, int[] group, int groups, TrainingOptions options, int r, TrainerChoice choice, int[]? genre)
    {
        var all = Enumerable.Range(0, corpus.Count).ToArray();
        var result = new Split[groups];
        for (var g = 0; g < groups; g++)
        {
            var train = all.Where(i => group[i] != g).ToArray();
            var test = all.Where(i => group[i] == g).ToArray();
            var (calibration, _) = HeldOut(corpus, train, options.Folds, options.Seed + r, choice);
            var (featurizer, references) = corpus.BuildReferences(train);
            var scorer = Fit(corpus, train, choice, options.Seed, featurizer, references);
            var features = corpus.Features(test, featurizer, references, train);
            result[g] = new Split(calibration, test.Select((i, k) => new Scored(scorer.Score(features[k]), features[k], corpus.Themes[i], Vector(corpus, i))).ToArray(), genre is null ? null : GenreOut(corpus, train, genre, options.Seed, choice));
        }

        return result;
    }

    private static float[]? Vector(TrainingCorpus corpus, int i) => corpus.PostVectors[i].Length == 0 ? null : corpus.PostVectors[i][0];

    /// <summary>The genres a shift fold holds out: the report's tweets, and its prose (summaries and theme-less passages).</summary>
    private static string[] Genres(TrainingData data) => data.Posts.Any(p => p.Id.StartsWith("2023-01-31/", StringComparison.Ordinal)) ? ["tweets", "prose"] : throw new ArgumentException("no report posts (ids 2023-01-31/…) to group by genre");

    /// <summary>Group of each post: tweets 0, report prose 1, chatter dealt half to each (shuffled by seed).</summary>
    private static int[] GroupOf(TrainingData data, string[] groups, int seed)
    {
        var group = new int[data.Posts.Count];
        var chatter = new List<int>();
        for (var i = 0; i < group.Length; i++)
        {
            var id = data.Posts[i].Id;
            if (id.StartsWith("chatter/", StringComparison.Ordinal))
            {
                chatter.Add(i);
            }
            else
            {
                group[i] = id.StartsWith("2023-01-31/summary-", StringComparison.Ordinal) || id.StartsWith("2023-01-31/none-", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        var shuffled = chatter.ToArray();
        new Random(seed).Shuffle(shuffled);
        for (var k = 0; k < shuffled.Length; k++)
        {
            group[shuffled[k]] = k % groups.Length;
        }

        return group;
    }

    /// <summary>Scores of the posts in <paramref name="posts"/>, each genre's by a model fitted on the other genre's (chatter dealt by <paramref name="genre"/>).</summary>
    private static Scored[] GenreOut(TrainingCorpus corpus, int[] posts, int[] genre, int seed, TrainerChoice choice)
    {
        var result = new List<Scored>();
        foreach (var g in posts.Select(i => genre[i]).Distinct().Order())
        {
            var train = posts.Where(i => genre[i] != g).ToArray();
            var test = posts.Where(i => genre[i] == g).ToArray();
            if (train.Length == 0)
            {
                continue;
            }

            var (featurizer, references) = corpus.BuildReferences(train);
            var scorer = Fit(corpus, train, choice, seed, featurizer, references);
            var features = corpus.Features(test, featurizer, references, train);
            result.AddRange(test.Select((i, k) => new Scored(scorer.Score(features[k]), features[k], corpus.Themes[i], Vector(corpus, i))));
        }

        return [.. result];
    }

    /// <summary>Held-out scores of the posts in <paramref name="posts"/> by stratified k-fold over them; also each one's fold.</summary>
    private static (Scored[] Scored, int[] Fold) HeldOut(TrainingCorpus corpus, int[] posts, int folds, int seed, TrainerChoice choice)
    {
        var fold = ThemeTrainer.StratifiedFolds(posts.Select(i => corpus.Data.Posts[i]).ToArray(), posts.Select(i => corpus.Themes[i]).ToArray(), false, folds, seed);
        var scored = new Scored[posts.Length];
        for (var f = 0; f < folds; f++)
        {
            var train = posts.Where((_, k) => fold[k] != f).ToArray();
            var testAt = Enumerable.Range(0, posts.Length).Where(k => fold[k] == f).ToArray();
            var (featurizer, references) = corpus.BuildReferences(train);
            var scorer = Fit(corpus, train, choice, seed, featurizer, references);
            var features = corpus.Features(testAt.Select(k => posts[k]).ToArray(), featurizer, references, train);
            for (var j = 0; j < testAt.Length; j++)
            {
                scored[testAt[j]] = new Scored(scorer.Score(features[j]), features[j], corpus.Themes[posts[testAt[j]]], Vector(corpus, posts[testAt[j]]));
            }
        }

        return (scored, fold);
    }

    private static PairScorer Fit(TrainingCorpus corpus, int[] train, TrainerChoice choice, int seed, ThemeClassifier.Features.NGramFeaturizer featurizer, ThemeClassifier.Features.ThemeReferences references)
    {
        var features = corpus.Features(train, featurizer, references, train);
        var rows = new List<float[]>();
        var labels = new List<bool>();
        for (var k = 0; k < train.Length; k++)
        {
            for (var t = 0; t < features[k].Length; t++)
            {
                rows.Add(features[k][t]);
                labels.Add(corpus.Themes[train[k]].Contains(t));
            }
        }

        return PairScorer.Train(choice, rows, labels, seed);
    }
}
