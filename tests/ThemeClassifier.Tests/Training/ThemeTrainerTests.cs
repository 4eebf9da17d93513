using ThemeClassifier.Data;
using ThemeClassifier.Training;

namespace ThemeClassifier.Tests.Training;

/// <summary>Training refuses data it cannot learn from or cross-validate, before encoding anything.</summary>
public sealed class ThemeTrainerTests
{
    private static readonly TrainingData All = TrainingData.LoadDirectory(Repo.TrainingData);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(9)]
    public void TrainAndCrossValidate_TooFewPosts_ThrowTrainingDataException(int count)
    {
        var data = new TrainingData(All.Codebook, All.Posts.Take(count));

        var train = Assert.Throws<TrainingDataException>(() => ThemeTagger.Train(data, TrainingOptions.Fast()));
        var crossValidate = Assert.Throws<TrainingDataException>(() => ThemeTagger.CrossValidate(data, new TrainingOptions()));

        Assert.StartsWith($"Too few posts to train: {count};", train.Message, StringComparison.Ordinal);
        Assert.StartsWith("Too few posts to train", train.Errors.Single().ToString(), StringComparison.Ordinal);
        Assert.Equal(train.Message, crossValidate.Message);
    }

    [Fact]
    public void CrossValidate_MoreFoldsThanPosts_ThrowsTrainingDataException()
    {
        var data = new TrainingData(All.Codebook, All.Posts.Take(12));

        var ex = Assert.Throws<TrainingDataException>(() => ThemeTagger.CrossValidate(data, new TrainingOptions { Folds = 13 }));

        Assert.Contains("13-fold", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at most 12 folds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_FoldWithTooFewThemeCodedPosts_ThrowsTrainingDataException()
    {
        var coded = All.Posts.Where(p => p.Themes.Count > 0).Take(2);
        var uncoded = All.Posts.Take(8).Select((p, i) => p with { Id = $"uncoded-{i}", Themes = [] });
        var data = new TrainingData(All.Codebook, coded.Concat(uncoded));

        var ex = Assert.Throws<TrainingDataException>(() => ThemeTagger.Train(data, TrainingOptions.Fast()));

        Assert.Contains("theme-coded posts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CrossValidate_SmallestAcceptedData_ReportsHeldOutFigures()
    {
        // Theme-coded posts: the training data's first file holds theme-less passages.
        var data = new TrainingData(All.Codebook, All.Posts.Where(p => p.Themes.Count > 0).Take(TrainingData.MinimumPostsToTrain));
        var options = TrainedModels.Quick(TrainingOptions.Fast());
        options.Folds = TrainingData.MinimumPostsToTrain;

        var report = ThemeTagger.CrossValidate(data, options);

        Assert.Equal(TrainingData.MinimumPostsToTrain, report.Pooled.Count);
        Assert.InRange(report.Pooled.Top1, 0.0, 1.0);
    }
}
