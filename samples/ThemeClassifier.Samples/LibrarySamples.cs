using ThemeClassifier;
using ThemeClassifier.Encoders.ArcticXs;
using ThemeClassifier.Encoding;
using ThemeClassifier.Prediction;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ThemeClassifier.Samples;

/// <summary>The library samples the docs show (each #region is shown verbatim), run with their stated results asserted.</summary>
public sealed class LibrarySamples
{
    private static readonly string[] Posts =
    [
        "Staff must feel safe to speak up without blame",
        "RT @qi_lead: Staff must feel safe to speak up without blame",
        "We need protected time for improvement work",
    ];

    [Fact]
    public void Readme_Predict()
    {
        #region readme-predict
        using var tagger = ThemeTagger.LoadDefault();   // loads the ONNX encoder: build once, share across threads

        ThemePrediction p = tagger.Predict("Leaders need to go to the gemba and listen to staff #QIHour");
        IReadOnlyList<string> themes = p.Themes;        // ["visible-leadership"]: the themes given, best first; empty when the post is about none of them
        float relevance = p.Relevance;                  // probability that the post is about any theme (the no-theme gate: tagger.RelevanceThreshold)
        string top = p.TopTheme;                        // "visible-leadership": the best-scored theme, given or not
        IReadOnlyList<ThemeScore> scores = p.Scores;    // every theme with its calibrated probability and threshold, best first
        #endregion

        Assert.Equal(["visible-leadership"], themes);
        Assert.Equal("visible-leadership", top);
        Assert.Equal(15, scores.Count);
        Assert.InRange(relevance, tagger.RelevanceThreshold, 1f);
        Assert.True(scores.Zip(scores.Skip(1)).All(x => x.First.Probability >= x.Second.Probability));
    }

    [Fact]
    public async Task Readme_BatchStreamExplain()
    {
        using var tagger = ThemeTagger.LoadDefault();
        var ct = CancellationToken.None;
        var posts = Posts;
        var post = Posts[0];

        #region readme-batch
        IReadOnlyList<ThemePrediction> many = tagger.PredictBatch(posts);     // input order, all cores, retweets scored once
        await foreach (ThemePrediction q in tagger.PredictStreamAsync(ReadPosts(), cancellationToken: ct)) { }   // bounded memory
        await foreach (Tagged<Record> t in tagger.TagStreamAsync(ReadRecords(), r => r.Text)) { }              // records in = records out
        ThemeExplanation why = tagger.Explain(post);   // nearest hand-coded examples (ids), keywords, definition similarity
        #endregion

        Assert.Equal(posts.Length, many.Count);
        Assert.Equal(many[0].Scores, many[1].Scores);   // a retweet scores as its post
        Assert.Equal("psychological-safety", why.Prediction.TopTheme);
        Assert.NotEmpty(why.Evidence[0].NearestExamples);
    }

    [Fact]
    public void Package_Predict()
    {
        var console = new StringWriter();
        var saved = Console.Out;
        Console.SetOut(console);
        try
        {
            #region package-predict
            using var tagger = ThemeTagger.LoadDefault();            // build once, share across threads
            var prediction = tagger.Predict("Staff need to feel safe to speak up without blame #QIHour");
            Console.WriteLine(string.Join(", ", prediction.Themes));  // psychological-safety
            foreach (var score in prediction.Scores.Take(3))
            {
                Console.WriteLine($"{score.ThemeId}: {score.Probability:P0}");
            }
            #endregion
        }
        finally
        {
            Console.SetOut(saved);
        }

        var lines = console.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("psychological-safety", lines[0]);
        Assert.StartsWith("psychological-safety: ", lines[1], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public void Readme_ArcticXs()
    {
        #region readme-arcticxs
        ArcticXsEncoder.Register();   // once at startup: ThemeTagger.Load and Train can now use EncoderKind.ArcticXs
        #endregion

        Assert.True(SentenceEncoders.IsAvailable(EncoderKind.ArcticXs));
    }

    private static async IAsyncEnumerable<string> ReadPosts()
    {
        foreach (var post in Posts)
        {
            await Task.Yield();
            yield return post;
        }
    }

    private static async IAsyncEnumerable<Record> ReadRecords()
    {
        await foreach (var post in ReadPosts())
        {
            yield return new Record(post.GetHashCode(StringComparison.Ordinal).ToString(System.Globalization.CultureInfo.InvariantCulture), post);
        }
    }

    /// <summary>A record of a stream: an id and a post.</summary>
    public sealed record Record(string Id, string Text);
}
