using ThemeClassifier.Data;
using ThemeClassifier.Evaluation;
using ThemeClassifier.Training;

namespace ThemeClassifier.Tests.Evaluation;

public sealed class LearningCurveTests
{
    [Fact]
    public void Compute_FastProfile_GrowsTheTrainingShareAndIsDeterministic()
    {
        var data = TrainingData.LoadDirectory(Repo.TrainingData);
        TrainingOptions Options() => new() { Encoders = [], CharacterNGrams = false, Trainer = TrainerKind.LogisticRegression, L2Regularization = 1, Folds = 3, Repeats = 1 };

        var external = data.Posts.Take(10).ToArray();
        var curve = LearningCurve.Compute(data, Options(), points: 2, external: external);
        var again = LearningCurve.Compute(data, Options(), points: 2, external: external);

        Assert.Equal(2, curve.Points.Count);
        Assert.True(curve.Points[0].TrainingPosts < curve.Points[1].TrainingPosts);
        Assert.InRange(curve.Points[1].TrainingPosts, (data.Posts.Count * 2 / 3.0) - 1, (data.Posts.Count * 2 / 3.0) + 1);
        Assert.All(curve.Points, p => Assert.InRange(p.CrossValidated.Top1, 0, 1));
        Assert.All(curve.Points, p => Assert.InRange(p.External!.MacroF1, 0, 1));
        Assert.Equal(curve.ToJson(), again.ToJson());
    }
}
