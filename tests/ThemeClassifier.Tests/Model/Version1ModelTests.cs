using System.IO.Compression;
using Newtonsoft.Json.Linq;
using ThemeClassifier.Data;

namespace ThemeClassifier.Tests.Model;

/// <summary>
/// Models analysts trained before the relevance gate (format version 1: no gate, no exclusion vectors) keep loading
/// and decide as they did: a post gets exactly the themes that pass their thresholds.
/// </summary>
public sealed class Version1ModelTests
{
    private static readonly string[] Chatter =
    [
        "Good evening everyone, joining from Leeds #QIHour",
        "Thanks all, see you next month!",
        "Leaders should go to the gemba and see what staff experience",
        "We need time and space for improvement",
        string.Empty,
    ];

    [Fact]
    public void Load_Version1Model_PredictsByThresholdsAlone()
    {
        using var current = ThemeTagger.Load(Repo.DefaultModel);
        using var legacy = ThemeTagger.Load(new MemoryStream(HostileModel.AsVersion1()));
        var texts = TrainingData.LoadDirectory(Repo.TrainingData).Posts.Select(p => p.Text).Concat(Chatter).ToArray();

        var predictions = legacy.PredictBatch(texts);

        Assert.Equal(0f, legacy.RelevanceThreshold);
        Assert.Equal(current.Thresholds, legacy.Thresholds);
        for (var i = 0; i < texts.Length; i++)
        {
            var p = predictions[i];
            Assert.Equal(1f, p.Relevance);
            Assert.Equal(p.Scores.Where(s => s.Passes).Take(legacy.MaxThemes).Select(s => s.ThemeId), p.Themes);
            Assert.Equal(current.Predict(texts[i]).Scores, p.Scores); // same scorer, same evidence: only the decision differs
        }

        // The two rules differ on the data (else this test would not tell them apart).
        Assert.Contains(texts, t => !current.Predict(t).Themes.SequenceEqual(legacy.Predict(t).Themes));
    }

    [Fact]
    public void Save_Version1Model_WritesVersion1AndReloadsTheSame()
    {
        using var legacy = ThemeTagger.Load(new MemoryStream(HostileModel.AsVersion1()));
        using var saved = new MemoryStream();

        legacy.Save(saved);

        saved.Position = 0;
        using (var zip = new ZipArchive(saved, ZipArchiveMode.Read, leaveOpen: true))
        {
            Assert.Null(zip.GetEntry("gate.zip"));
            using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
            var manifest = JObject.Parse(reader.ReadToEnd());
            Assert.Equal(1, (int)manifest["formatVersion"]!);
            Assert.Null(manifest["gate"]);
        }

        saved.Position = 0;
        using var reloaded = ThemeTagger.Load(saved);
        Assert.All(Chatter, t => Assert.Equal(legacy.Predict(t).Themes, reloaded.Predict(t).Themes));
        Assert.Equal(0f, reloaded.RelevanceThreshold);
    }

    [Fact]
    public void Explain_Version1Model_GivesThePredictionsThemes()
    {
        using var legacy = ThemeTagger.Load(new MemoryStream(HostileModel.AsVersion1()));

        var explanation = legacy.Explain("Staff need to feel safe to speak up without blame");

        Assert.Equal(legacy.Predict("Staff need to feel safe to speak up without blame").Themes, explanation.Prediction.Themes);
        Assert.Equal(1f, explanation.Prediction.Relevance);
    }
}
