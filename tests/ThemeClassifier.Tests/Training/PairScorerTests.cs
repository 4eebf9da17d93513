using ThemeClassifier.Training;

namespace ThemeClassifier.Tests.Training;

public sealed class PairScorerTests
{
    public static TheoryData<TrainerKind, bool> Trainers => new()
    {
        { TrainerKind.LogisticRegression, true },
        { TrainerKind.Sdca, true },
        { TrainerKind.FastTree, false },
    };

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Score_DirectLinearScoring_EqualsMlNetScoring(TrainerKind kind, bool direct)
    {
        var (features, labels) = Synthetic(400, seed: 1);
        var scorer = PairScorer.Train(new TrainerChoice(kind, 0.1f), features, labels, seed: 7);
        Assert.Equal(direct, scorer.IsScoredDirectly);

        var (test, _) = Synthetic(50, seed: 2);
        var fast = scorer.Score(test);
        var reference = scorer.ScoreWithMlNet(test);
        Assert.Equal(reference.Length, fast.Length);
        for (var i = 0; i < fast.Length; i++)
        {
            Assert.Equal(reference[i], fast[i], 5);
        }
    }

    [Fact]
    public void SaveThenLoad_KeepsDirectScoringAndScores()
    {
        var (features, labels) = Synthetic(300, seed: 3);
        var scorer = PairScorer.Train(new TrainerChoice(TrainerKind.LogisticRegression, 1f), features, labels, seed: 7);
        using var stream = new MemoryStream();
        scorer.Save(stream);
        stream.Position = 0;
        var loaded = PairScorer.Load(stream, scorer.Description, seed: 7);
        Assert.True(loaded.IsScoredDirectly);
        Assert.Equal(features[0].Length, loaded.FeatureCount);
        Assert.Equal(scorer.Score(features), loaded.Score(features));
    }

    private static (float[][] Features, bool[] Labels) Synthetic(int n, int seed)
    {
        var random = new Random(seed);
        var features = new float[n][];
        var labels = new bool[n];
        for (var i = 0; i < n; i++)
        {
            features[i] = Enumerable.Range(0, 6).Select(_ => (float)random.NextDouble()).ToArray();
            labels[i] = features[i][0] + (0.5 * features[i][1]) + (0.3 * random.NextDouble()) > 0.9;
        }

        return (features, labels);
    }
}
