using ThemeClassifier.Features;
using ThemeClassifier.Tests.Features;

namespace ThemeClassifier.Tests;

/// <summary>
/// Batch scoring (pooled buffers, no per-post arrays) against the reference path, post by post: ML.NET's
/// featurizer engine, the pre-issue-14 pair and gate features (<see cref="ReferencePairFeatures"/>), and a
/// LINQ ranking. Probabilities and relevance must be bit-for-bit equal.
/// </summary>
[Collection(TrainedModelsCollection.Name)]
public sealed class ThemeTaggerEquivalenceTests(TrainedModels models)
{
    [Theory]
    [InlineData("fast", 5000)]
    [InlineData("default", 300)]
    public void PredictBatch_VariedPosts_EqualsReferencePath(string profile, int count)
    {
        var tagger = models.Get(profile);
        string[] posts = [.. VariedPosts.Generate(RawCorpus(), count), "", " ", "\t\n\u00A0\u3000", "🙌🙌 😊", new string('a', 100_000)];
        var exclusionNGrams = tagger.Featurizer.Transform(tagger.Codebook.Themes.Select(ThemeReferences.ExclusionNGramText).ToArray());
        var batch = tagger.PredictBatch(posts);
        Assert.Equal(posts.Length, batch.Count);
        for (var i = 0; i < posts.Length; i++)
        {
            var normalized = TextNormalizer.Normalize(posts[i]);
            var vectors = tagger.Embedders.Select(e => e.Encode([normalized])[0]).ToArray();
            var features = ReferencePairFeatures.Compute(
                tagger.References, tagger.Card.Features, vectors, tagger.Featurizer.TransformThroughEngine(normalized), normalized.ToLowerInvariant(), null, exclusionNGrams, Keywords(tagger));
            var probabilities = tagger.Scorer.Score(features);
            var relevance = tagger.Gate.Relevance([ReferencePairFeatures.GateFeatures(features, probabilities)])[0];

            var ids = tagger.Codebook.Ids.ToArray();
            for (var t = 0; t < ids.Length; t++)
            {
                Assert.True(probabilities[t] == batch[i].ProbabilityOf(ids[t]), $"post {i}, theme {ids[t]}: {probabilities[t]} vs {batch[i].ProbabilityOf(ids[t])} for \"{posts[i]}\"");
            }

            Assert.True(relevance == batch[i].Relevance, $"post {i}: relevance {relevance} vs {batch[i].Relevance} for \"{posts[i]}\"");
            var ranked = ids.Select((id, t) => (id, t)).OrderByDescending(x => probabilities[x.t]).ThenBy(x => x.t).Select(x => x.id).ToArray();
            Assert.Equal(ranked, batch[i].Scores.Select(s => s.ThemeId));
            var passing = ranked.Where(id => batch[i].ProbabilityOf(id) >= tagger.Thresholds[id]);
            var themes = relevance < tagger.RelevanceThreshold ? [] : ranked.Take(1).Concat(passing.Where(id => id != ranked[0])).Take(tagger.MaxThemes);
            Assert.Equal(themes, batch[i].Themes);
        }
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("default")]
    public void Predict_VariedPosts_EqualsPredictBatch(string profile)
    {
        var tagger = models.Get(profile);
        var posts = VariedPosts.Generate(RawCorpus(), 200, seed: 11).ToArray();
        var batch = tagger.PredictBatch(posts);
        for (var i = 0; i < posts.Length; i++)
        {
            var single = tagger.Predict(posts[i]);
            Assert.Equal(batch[i].Relevance, single.Relevance);
            Assert.Equal(batch[i].Themes, single.Themes);
            Assert.Equal(batch[i].Scores.Select(s => (s.ThemeId, s.Probability)), single.Scores.Select(s => (s.ThemeId, s.Probability)));
        }
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("default")]
    public void PairFeaturesCompute_TrainingPostsWithSkips_EqualsReference(string profile)
    {
        var tagger = models.Get(profile);
        var refs = tagger.References;
        var exclusionNGrams = tagger.Featurizer.Transform(tagger.Codebook.Themes.Select(ThemeReferences.ExclusionNGramText).ToArray());
        var random = new Random(3);
        foreach (var post in models.Data.Posts.Take(60))
        {
            var normalized = TextNormalizer.Normalize(post.Text);
            var vectors = tagger.Embedders.Select(e => e.Encode([normalized])[0]).ToArray();
            var ngrams = tagger.Featurizer.TransformOne(normalized);
            var skip = Enumerable.Range(0, refs.ExampleThemes.Length).Select(_ => random.Next(4) == 0).ToArray();
            var expected = ReferencePairFeatures.Compute(refs, tagger.Card.Features, vectors, ngrams, normalized.ToLowerInvariant(), skip, exclusionNGrams, Keywords(tagger));
            var actual = PairFeatures.Compute(refs, tagger.Card.Features, vectors, ngrams, normalized.ToLowerInvariant(), skip);
            Assert.Equal(expected.Length, actual.Length);
            for (var t = 0; t < expected.Length; t++)
            {
                Assert.True(expected[t].SequenceEqual(actual[t]), $"theme {t} of \"{post.Text}\": [{string.Join(", ", expected[t])}] vs [{string.Join(", ", actual[t])}]");
            }
        }
    }

    private static string[][] Keywords(ThemeTagger tagger) =>
        [.. tagger.Codebook.Themes.Select(t => t.Keywords.Select(k => k.ToLowerInvariant()).ToArray())];

    private IReadOnlyList<string> RawCorpus() =>
        [.. models.Data.Posts.Select(p => p.Text), .. models.Data.Codebook.Themes.Select(ThemeReferences.NGramText)];
}
