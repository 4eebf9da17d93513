using ThemeClassifier.Data;

namespace ThemeClassifier.Tests;

/// <summary>Dispose never crashes the process: calls in flight finish or throw ObjectDisposedException, later calls throw it.</summary>
public sealed class ThemeTaggerLifetimeTests
{
    private static readonly string[] Posts = Enumerable.Range(0, 3000)
        .Select(i => $"Post {i}: staff need protected time {i % 17} and to feel safe {i % 13} to speak up")
        .ToArray();

    [Theory]
    [InlineData("batch")]
    [InlineData("stream")]
    public void Dispose_WhileTaggingRuns_CompletesOrThrowsObjectDisposed(string how)
    {
        for (var run = 0; run < 4; run++)
        {
            var tagger = ThemeTagger.LoadDefault();
            var tagged = 0;
            Exception? error = null;

            // A thread of its own, and Dispose from this one after a sleep: tagging keeps every pool thread busy.
            var worker = new Thread(() =>
            {
                try
                {
                    tagged = how == "batch"
                        ? tagger.PredictBatch(Posts).Count
                        : tagger.PredictStreamAsync(ToAsync(Posts), chunkSize: 64).ToBlockingEnumerable().Count();
                }
                catch (Exception ex)
                {
                    error = ex;
                }
            });
            worker.Start();
            Thread.Sleep(100 + (run * 100));
            tagger.Dispose();
            worker.Join();

            if (error is null)
            {
                Assert.Equal(Posts.Length, tagged);
            }
            else
            {
                Assert.IsType<ObjectDisposedException>(error);
            }
        }
    }

    [Fact]
    public async Task EveryMethod_AfterDispose_ThrowsObjectDisposed()
    {
        var tagger = ThemeTagger.LoadDefault();
        var codebook = tagger.Codebook;
        tagger.Dispose();
        tagger.Dispose();

        Assert.Throws<ObjectDisposedException>(() => tagger.Predict("safe to speak up"));
        Assert.Throws<ObjectDisposedException>(() => tagger.PredictBatch(["safe to speak up"]));
        Assert.Throws<ObjectDisposedException>(() => tagger.Explain("safe to speak up"));
        Assert.Throws<ObjectDisposedException>(() => tagger.Evaluate([new CodedPost("1", "safe to speak up", ["psychological-safety"])]));
        Assert.Throws<ObjectDisposedException>(() => tagger.EnsureCodebook(codebook));
        Assert.Throws<ObjectDisposedException>(() => tagger.Save(new MemoryStream()));
        Assert.Throws<ObjectDisposedException>(() => tagger.Save(Path.Combine(Path.GetTempPath(), "never-written.zip")));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
        {
            await foreach (var _ in tagger.PredictStreamAsync(ToAsync(["safe to speak up"])))
            {
            }
        });
        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
        {
            await foreach (var _ in tagger.TagStreamAsync(ToAsync(Array.Empty<string>()), t => t))
            {
            }
        });
    }

    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
