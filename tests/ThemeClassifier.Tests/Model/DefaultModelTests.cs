using ThemeClassifier.Data;
using ThemeClassifier.Model;

namespace ThemeClassifier.Tests.Model;

/// <summary>The committed default model (models/themes-default.zip), which the assembly embeds.</summary>
public sealed class DefaultModelTests
{
    [Fact]
    public void LoadDefault_EmbeddedModel_TagsAPost()
    {
        using var tagger = ThemeTagger.LoadDefault();
        Assert.Equal("default", tagger.Card.Profile);
        Assert.Equal(15, tagger.Codebook.Themes.Count);
        Assert.Equal("psychological-safety", tagger.Predict("People must feel safe to speak up and challenge without blame").TopTheme);
    }

    [Fact]
    public void DefaultModel_WasTrainedOnTheCurrentTrainingData()
    {
        using var tagger = ThemeTagger.Load(Repo.DefaultModel);
        Assert.Equal(ModelCard.Fingerprint(TrainingData.LoadDirectory(Repo.TrainingData)), tagger.Card.DataFingerprint);
    }

    [Fact]
    public void Retrain_FromTrainingData_ReproducesTheCommittedModel()
    {
        using var committed = ThemeTagger.Load(Repo.DefaultModel);
        var data = TrainingData.LoadDirectory(Repo.TrainingData);
        using var retrained = ThemeTagger.Train(data, committed.Card.Options);
        Assert.Equal(committed.Card.Trainer, retrained.Card.Trainer);
        Assert.Equal(committed.Thresholds, retrained.Thresholds);
        var texts = data.Posts.Select(p => p.Text)
            .Append("Leaders should go to the gemba and see what staff experience")
            .Append("We need time and space for improvement")
            .ToArray();
        var a = committed.PredictBatch(texts);
        var b = retrained.PredictBatch(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(a[i].Themes, b[i].Themes);
            Assert.All(a[i].Scores.Zip(b[i].Scores), x => Assert.Equal(x.First.Probability, x.Second.Probability, 4));
        }
    }
}
