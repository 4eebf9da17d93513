using ThemeClassifier.Data;
using ThemeClassifier.Encoding;
using ThemeClassifier.Features;
using ThemeClassifier.Model;
using ThemeClassifier.Prediction;
using ThemeClassifier.Training;

namespace ThemeClassifier.Tests;

[Collection(TrainedModelsCollection.Name)]
public sealed class ThemeTaggerTests(TrainedModels models)
{
    public static TheoryData<string> Profiles => ["fast", "default"];

    public static TheoryData<string, string> OddInputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var profile in new[] { "fast", "default" })
        {
            data.Add(profile, string.Empty);
            data.Add(profile, "   \t\n ");
            data.Add(profile, "🙌🙌🙌 😊");
            data.Add(profile, string.Concat(Enumerable.Repeat("psychological safety matters ", 3600))[..100_000]);
            data.Add(profile, "broken \uD800 surrogate \uDFFF here");
            data.Add(profile, "RT @someone:");
        }

        return data;
    }

    [Fact]
    public void Predict_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => models.Fast.Predict(null!));
        Assert.Throws<ArgumentNullException>(() => models.Fast.PredictBatch(["ok", null!]));
    }

    [Theory]
    [MemberData(nameof(OddInputs))]
    public void Predict_OddInput_ReturnsValidPrediction(string profile, string text)
    {
        var prediction = models.Get(profile).Predict(text);
        Assert.Equal(15, prediction.Scores.Count);
        Assert.All(prediction.Scores, s => Assert.InRange(s.Probability, 0f, 1f));
        Assert.True(prediction.Themes.Count <= 3);
        Assert.Equal(prediction.Scores[0].ThemeId, prediction.TopTheme);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Predict_ScoresAreRankedAndThemesPassThresholds(string profile)
    {
        var prediction = models.Get(profile).Predict("Staff need protected time and resources to do improvement work");
        Assert.Equal(prediction.Scores.OrderByDescending(s => s.Probability).Select(s => s.ThemeId), prediction.Scores.Select(s => s.ThemeId));
        Assert.All(prediction.Themes, id => Assert.True(prediction.Scores.Single(s => s.ThemeId == id).Passes));
    }

    [Theory]
    [InlineData("default", "Everyone needs to feel psychologically safe to speak up and challenge without fear of blame", "psychological-safety")]
    [InlineData("default", "We gave frontline teams protected time and the resources they need for improvement work", "time-and-space")]
    [InlineData("default", "Start with what matters to patients: listen to their feedback and complaints", "patient-voice")]
    [InlineData("fast", "Everyone needs to feel psychologically safe to speak up and challenge without fear of blame", "psychological-safety")]
    public void Predict_ClearPost_TopThemeIsTheObviousOne(string profile, string text, string expected)
    {
        Assert.Equal(expected, models.Get(profile).Predict(text).TopTheme);
    }

    [Theory]
    [InlineData("default", "Good night everyone, see you at the next one!")]
    [InlineData("default", "Lovely weather in Leeds today")]
    [InlineData("fast", "Lovely weather in Leeds today")]
    public void Predict_OffTopicChatter_GivesNoTheme(string profile, string text)
    {
        Assert.Empty(models.Get(profile).Predict(text).Themes);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void PredictBatch_SameAsSinglePredictions(string profile)
    {
        var tagger = models.Get(profile);
        var texts = models.Data.Posts.Take(25).Select(p => p.Text).Append("Thanks all").Append(string.Empty).ToArray();
        var batch = tagger.PredictBatch(texts);
        Assert.Equal(texts.Length, batch.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = tagger.Predict(texts[i]);
            Assert.Equal(single.Themes, batch[i].Themes);
            Assert.Equal(single.Scores.Select(s => (s.ThemeId, s.Probability)), batch[i].Scores.Select(s => (s.ThemeId, s.Probability)));
        }
    }

    [Fact]
    public void PredictBatch_RetweetOfPost_GetsTheSamePrediction()
    {
        const string Post = "Connections keep the energy and passion going #QIHour";
        var batch = models.Default.PredictBatch([Post, "RT @guhawtin: " + Post, Post]);
        Assert.Same(batch[0], batch[1]);
        Assert.Same(batch[0], batch[2]);
    }

    [Fact]
    public async Task PredictStreamAsync_YieldsInInputOrderAndMatchesBatch()
    {
        var texts = models.Data.Posts.Select(p => p.Text).Concat(models.Data.Posts.Take(10).Select(p => "RT @x: " + p.Text)).ToArray();
        var expected = models.Fast.PredictBatch(texts);
        var streamed = new List<ThemePrediction>();
        await foreach (var p in models.Fast.PredictStreamAsync(ToAsync(texts), chunkSize: 7))
        {
            streamed.Add(p);
        }

        Assert.Equal(expected.Select(p => string.Join(',', p.Scores.Select(s => s.Probability))), streamed.Select(p => string.Join(',', p.Scores.Select(s => s.Probability))));
    }

    [Fact]
    public async Task PredictStreamAsync_Cancelled_StopsWithOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in models.Fast.PredictStreamAsync(Endless(), chunkSize: 4, cts.Token))
            {
                if (++seen == 10)
                {
                    await cts.CancelAsync();
                }
            }
        });
        Assert.InRange(seen, 10, 12);
    }

    [Fact]
    public async Task TagStreamAsync_RecordWithoutText_PassesThroughWithNoPrediction()
    {
        string?[] records = ["Feeling safe to speak up", null, "Time to improve"];
        var tagged = new List<Tagged<string?>>();
        await foreach (var t in models.Fast.TagStreamAsync(ToAsync(records), r => r))
        {
            tagged.Add(t);
        }

        Assert.Equal(records, tagged.Select(t => t.Record));
        Assert.NotNull(tagged[0].Prediction);
        Assert.Null(tagged[1].Prediction);
        Assert.NotNull(tagged[2].Prediction);
    }

    [Fact]
    public async Task TagStreamAsync_RepeatOfPostEvictedFromRecentCache_StillGetsItsPrediction()
    {
        // chunk 2, cache 32: post 0 is cached, then pushed out while the chunk that repeats it is scored
        var texts = Enumerable.Range(0, 40).Select(i => $"distinct post {i} about protected time").ToList();
        texts.Insert(33, texts[1]);
        var expected = models.Fast.PredictBatch(texts);
        var i = 0;
        await foreach (var tagged in models.Fast.TagStreamAsync(ToAsync(texts), t => t, chunkSize: 2))
        {
            Assert.NotNull(tagged.Prediction);
            Assert.Equal(expected[i++].Themes, tagged.Prediction.Themes);
        }

        Assert.Equal(texts.Count, i);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Predict_FromManyThreads_SameAsSequential(string profile)
    {
        var tagger = models.Get(profile);
        var texts = models.Data.Posts.Select(p => p.Text).ToArray();
        var sequential = texts.Select(t => tagger.Predict(t).Scores.Select(s => s.Probability).ToArray()).ToArray();
        var parallel = new float[texts.Length][];
        Parallel.For(0, texts.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            var i = k % texts.Length;
            parallel[i] = tagger.Predict(texts[i]).Scores.Select(s => s.Probability).ToArray();
        });
        Assert.Equal(sequential, parallel);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void SaveThenLoad_GivesSamePredictions(string profile)
    {
        using var dir = new TempDir();
        var tagger = models.Get(profile);
        tagger.Save(dir.File("m.zip"));
        using var loaded = ThemeTagger.Load(dir.File("m.zip"));
        var texts = models.Data.Posts.Take(20).Select(p => p.Text).ToArray();
        Assert.Equal(Probabilities(tagger, texts), Probabilities(loaded, texts));
        Assert.Equal(tagger.Thresholds, loaded.Thresholds);
        Assert.Equal(tagger.Card.Trainer, loaded.Card.Trainer);
        Assert.Equal(tagger.Card.Encoders, loaded.Card.Encoders);
        Assert.Equal(tagger.Card.Options.Encoders, loaded.Card.Options.Encoders);
        Assert.Equal(tagger.Card.Options.Repeats, loaded.Card.Options.Repeats);
        Assert.Equal(tagger.Card.FeatureNames, loaded.Card.FeatureNames);
    }

    [Fact]
    public void Load_CorruptOrForeignFiles_ThrowInvalidModelException()
    {
        using var dir = new TempDir();
        models.Fast.Save(dir.File("good.zip"));
        var good = File.ReadAllBytes(dir.File("good.zip"));
        File.WriteAllBytes(dir.File("truncated.zip"), good[..(good.Length / 2)]);
        File.WriteAllBytes(dir.File("random.zip"), Enumerable.Range(0, 5000).Select(i => (byte)(i * 37)).ToArray());
        File.WriteAllBytes(dir.File("empty.zip"), []);
        using (var foreign = System.IO.Compression.ZipFile.Open(dir.File("foreign.zip"), System.IO.Compression.ZipArchiveMode.Create))
        {
            using var w = new StreamWriter(foreign.CreateEntry("hello.txt").Open());
            w.Write("not a model");
        }

        foreach (var name in new[] { "truncated.zip", "random.zip", "empty.zip", "foreign.zip" })
        {
            var ex = Assert.Throws<InvalidModelException>(() => ThemeTagger.Load(dir.File(name)));
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }

        Assert.Contains("manifest.json", Assert.Throws<InvalidModelException>(() => ThemeTagger.Load(dir.File("foreign.zip"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ModelNeedingAnUnregisteredEncoder_NamesThePackageToAdd()
    {
        using var dir = new TempDir();
        File.Copy(Repo.DefaultModel, dir.File("arctic.zip"));
        using (var zip = System.IO.Compression.ZipFile.Open(dir.File("arctic.zip"), System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("manifest.json")!;
            Newtonsoft.Json.Linq.JObject manifest;
            using (var r = new StreamReader(entry.Open()))
            {
                manifest = Newtonsoft.Json.Linq.JObject.Parse(r.ReadToEnd());
            }

            manifest["card"]!["Options"]!["Encoders"] = new Newtonsoft.Json.Linq.JArray((int)EncoderKind.ArcticXs);
            entry.Delete();
            using var w = new StreamWriter(zip.CreateEntry("manifest.json").Open());
            w.Write(manifest.ToString());
        }

        var ex = Assert.Throws<InvalidModelException>(() => ThemeTagger.Load(dir.File("arctic.zip")));
        Assert.Contains("ThemeClassifier.Encoders.ArcticXs", ex.Message, StringComparison.Ordinal);
        var train = Assert.Throws<ArgumentException>(() => ThemeTagger.Train(models.Data, new TrainingOptions { Encoders = [EncoderKind.ArcticXs] }));
        Assert.Contains("ThemeClassifier.Encoders.ArcticXs", train.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => ThemeTagger.Load("/no/such/model.zip"));
    }

    [Fact]
    public void Train_SameDataOptionsAndSeed_SamePredictions()
    {
        using var again = ThemeTagger.Train(models.Data, TrainedModels.Quick(TrainingOptions.Fast()));
        var texts = models.Data.Posts.Select(p => p.Text).Append("Leaders must be visible on the wards").ToArray();
        Assert.Equal(Probabilities(models.Fast, texts), Probabilities(again, texts));
        Assert.Equal(models.Fast.Thresholds, again.Thresholds);
    }

    [Fact]
    public void Train_MiniLmInt8Encoder_ReproducibleAndSavesLoadsAndBatchesLikeSingles()
    {
        using var dir = new TempDir();
        TrainingOptions Options() => TrainedModels.Quick(new TrainingOptions { Encoders = [EncoderKind.MiniLmInt8] });
        using var tagger = ThemeTagger.Train(models.Data, Options());
        using var again = ThemeTagger.Train(models.Data, Options());
        tagger.Save(dir.File("int8.zip"));
        using var loaded = ThemeTagger.Load(dir.File("int8.zip"));
        var texts = models.Data.Posts.Take(30).Select(p => p.Text).Append("Leaders must be visible on the wards").ToArray();

        var batch = loaded.PredictBatch(texts);

        Assert.Equal([EncoderKind.MiniLmInt8], loaded.Card.Encoders);
        Assert.Equal(Probabilities(tagger, texts), Probabilities(again, texts));
        Assert.Equal(Probabilities(tagger, texts), Probabilities(loaded, texts));
        Assert.All(Enumerable.Range(0, texts.Length), i => Assert.Equal(
            loaded.Predict(texts[i]).Scores.Select(s => (s.ThemeId, s.Probability)),
            batch[i].Scores.Select(s => (s.ThemeId, s.Probability))));
        Assert.NotEqual(Probabilities(models.Default, texts), Probabilities(tagger, texts));
    }

    [Fact]
    public void Train_InvalidOptions_ThrowsNamingTheSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => ThemeTagger.Train(models.Data, new TrainingOptions { Folds = 1 }));
        Assert.Equal("Folds", ex.ParamName);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Explain_GivesCheckableEvidence(string profile)
    {
        var explanation = models.Get(profile).Explain("RT @x: Psychological safety is key: everyone must feel able to speak up #QIHour");
        Assert.Equal("Psychological safety is key: everyone must feel able to speak up", explanation.NormalizedText);
        var evidence = explanation.Evidence[0];
        Assert.Equal("psychological-safety", evidence.ThemeId);
        Assert.NotEmpty(evidence.NearestExamples);
        var ids = models.Data.Posts.Where(p => p.Themes.Contains("psychological-safety")).Select(p => p.Id).ToHashSet();
        Assert.All(evidence.NearestExamples, n => Assert.Contains(n.Id, ids));
        Assert.Contains("psychological safety", evidence.MatchedKeywords);
        Assert.Equal(models.Get(profile).Card.FeatureNames, evidence.Features.Keys);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Explain_AnyPost_SamePredictionAsPredict(string profile)
    {
        var tagger = models.Get(profile);
        foreach (var text in models.Data.Posts.Take(40).Select(p => p.Text).Append("Thanks all, great chat!").Append(string.Empty))
        {
            var expected = tagger.Predict(text);

            var actual = tagger.Explain(text).Prediction;

            Assert.Equal(expected.Relevance, actual.Relevance);
            Assert.Equal(expected.Themes, actual.Themes);
            Assert.Equal(expected.Scores.Select(s => (s.ThemeId, s.Probability)), actual.Scores.Select(s => (s.ThemeId, s.Probability)));
        }
    }

    [Fact]
    public void EnsureCodebook_DifferentIds_ThrowsCodebookMismatch()
    {
        var other = new Codebook(models.Data.Codebook.Themes.Skip(1).Append(new Theme("new-theme", "New", "x", [], [])));
        var ex = Assert.Throws<CodebookMismatchException>(() => models.Fast.EnsureCodebook(other));
        Assert.Contains("psychological-safety", ex.Message, StringComparison.Ordinal);
        Assert.Contains("new-theme", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UnknownThemeIds_ThrowsCodebookMismatch()
    {
        Assert.Throws<CodebookMismatchException>(() => models.Fast.Evaluate([new CodedPost("x", "text", ["not-a-theme"])]));
    }

    [Fact]
    public void CrossValidate_ReportsHeldOutFiguresAndWarnings()
    {
        var options = TrainedModels.Quick(TrainingOptions.Fast());
        var report = ThemeTagger.CrossValidate(models.Data, options);
        Assert.Equal(5, report.Folds);
        Assert.Single(report.MacroF1PerRepeat);
        Assert.Equal(models.Data.Posts.Count, report.Pooled.Count);
        Assert.InRange(report.Pooled.Top1, 0.0, 1.0);
        Assert.Equal(report.Chosen, report.Trainers[0].Trainer);
    }

    [Fact]
    public void ExposedCollections_CastToMutable_CannotBeChanged()
    {
        var tagger = models.Default;
        var prediction = tagger.Predict("Everyone needs to feel psychologically safe to speak up and challenge without fear of blame");
        var explanation = tagger.Explain("Everyone needs to feel psychologically safe to speak up");
        Assert.NotEmpty(prediction.Themes);

        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, float>)tagger.Thresholds)["psychological-safety"] = 0f);
        Assert.Throws<NotSupportedException>(() => ((IList<ThemeScore>)prediction.Scores)[0] = new ThemeScore("x", 1f, 0f));
        Assert.Throws<NotSupportedException>(() => ((IList<string>)prediction.Themes)[0] = "x");
        Assert.Throws<NotSupportedException>(() => ((IList<Theme>)tagger.Codebook.Themes)[0] = new Theme("x", "x", "x", [], []));
        Assert.Throws<NotSupportedException>(() => ((IList<string>)tagger.Codebook.Themes[0].Keywords)[0] = "x");
        Assert.Throws<NotSupportedException>(() => ((IList<ThemeEvidence>)explanation.Evidence)[0] = explanation.Evidence[0] with { });
        Assert.Throws<NotSupportedException>(() => ((IList<string>)explanation.Evidence[0].MatchedKeywords)[0] = "x");
        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, float>)explanation.Evidence[0].Features).Clear());
    }

    [Fact]
    public void Card_ChangedByCaller_TaggerUnchanged()
    {
        var texts = models.Data.Posts.Take(10).Select(p => p.Text).ToArray();
        var before = Probabilities(models.Default, texts);

        var card = models.Default.Card;
        card.Options.Features = FeatureSet.Keywords;
        card.Options.Encoders = [];
        card.Options.MaxThemes = 15;

        Assert.Equal(new TrainingOptions().Features, models.Default.Card.Options.Features);
        Assert.Equal(FeatureSet.All & ~FeatureSet.Exclusions, models.Default.Card.Options.Features);
        Assert.Equal([ThemeClassifier.Encoding.EncoderKind.MiniLm], models.Default.Card.Encoders);
        Assert.Equal(before, Probabilities(models.Default, texts));
    }

    private static float[][] Probabilities(ThemeTagger tagger, IReadOnlyList<string> texts) =>
        tagger.PredictBatch(texts).Select(p => p.Scores.Select(s => s.Probability).ToArray()).ToArray();

    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    private static async IAsyncEnumerable<string> Endless()
    {
        for (var i = 0; ; i++)
        {
            await Task.Yield();
            yield return $"post number {i} about time for improvement";
        }
    }
}
