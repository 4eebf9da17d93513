using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ThemeClassifier.Extensions.DependencyInjection.Tests;

public sealed class AddThemeTaggerTests
{
    private const string SafetyPost = "Staff must feel safe to speak up without blame";

    [Fact]
    public void AddThemeTagger_DefaultModel_OneSharedTaggerThatTags()
    {
        using var provider = new ServiceCollection().AddLogging().AddThemeTagger().BuildServiceProvider();
        var tagger = provider.GetRequiredService<IThemeTagger>();
        Assert.Same(tagger, provider.GetRequiredService<IThemeTagger>());
        Assert.Equal("psychological-safety", tagger.Predict(SafetyPost).TopTheme);
        Assert.Equal(15, tagger.Codebook.Themes.Count);
    }

    [Fact]
    public void AddThemeTagger_FromFileOrStream_LoadsThatModel()
    {
        using var dir = new TempDir();
        Models.WriteMarked(dir.File("a.zip"), 111);
        Models.WriteMarked(dir.File("b.zip"), 222);
        using var fromFile = new ServiceCollection().AddLogging().AddThemeTagger(o => o.ModelPath = dir.File("a.zip")).BuildServiceProvider();
        using var fromStream = new ServiceCollection().AddLogging().AddThemeTagger(o => o.OpenModel = () => File.OpenRead(dir.File("b.zip"))).BuildServiceProvider();
        Assert.Equal(111, fromFile.GetRequiredService<IThemeTagger>().Card.TrainingSeconds);
        Assert.Equal(222, fromStream.GetRequiredService<IThemeTagger>().Card.TrainingSeconds);
    }

    [Fact]
    public void AddThemeTagger_ContradictoryOptions_FailWithTheRule()
    {
        using var provider = new ServiceCollection().AddLogging()
            .AddThemeTagger(o => (o.ModelPath, o.OpenModel) = ("a.zip", () => Stream.Null))
            .BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IThemeTagger>());
        Assert.Contains("not both", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WarmUp_LoadsAndTagsBeforeStartReturns()
    {
        var logs = new ListLoggerProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddThemeTagger();
        using var host = builder.Build();
        await host.StartAsync(CancellationToken.None);
        Assert.Contains(logs.Messages, m => m.StartsWith("Theme tagger loaded the default model (default profile, 15 themes)", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.StartsWith("Theme tagger warmed up", StringComparison.Ordinal));
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task WatchForChanges_ModelReplaced_SwapsWithoutFailingTheCallInFlight()
    {
        using var dir = new TempDir();
        var path = dir.File("themes.zip");
        Models.WriteMarked(path, 1);
        var logs = new ListLoggerProvider();
        using var provider = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug))
            .AddThemeTagger(o => (o.ModelPath, o.WatchForChanges, o.ReloadDelay) = (path, true, TimeSpan.FromMilliseconds(100)))
            .BuildServiceProvider();
        var tagger = provider.GetRequiredService<IThemeTagger>();
        Assert.Equal(1, tagger.Card.TrainingSeconds);

        // A stream in flight holds the first model.
        var input = Channel.CreateUnbounded<string>();
        await using var stream = tagger.PredictStreamAsync(input.Reader.ReadAllAsync(), chunkSize: 1).GetAsyncEnumerator();
        input.Writer.TryWrite(SafetyPost);
        Assert.True(await stream.MoveNextAsync());

        Models.WriteMarked(path, 2);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (tagger.Card.TrainingSeconds != 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Equal(2, tagger.Card.TrainingSeconds);
        Assert.DoesNotContain(logs.Messages, m => m.Contains("disposed a model", StringComparison.Ordinal));

        // The stream goes on with its model, which is disposed only when the stream ends.
        input.Writer.TryWrite(SafetyPost);
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal("psychological-safety", stream.Current.TopTheme);
        input.Writer.Complete();
        Assert.False(await stream.MoveNextAsync());
        Assert.Contains(logs.Messages, m => m.Contains("disposed a model", StringComparison.Ordinal));
        Assert.Equal("psychological-safety", tagger.Predict(SafetyPost).TopTheme);
    }

    [Theory]
    [InlineData(-1, -1, -1)]
    [InlineData(-1, 2, 2)]
    [InlineData(3, -1, 3)]
    [InlineData(1, 2, 1)]
    [InlineData(4, 2, 2)]
    public void Parallelism_CallerAndOptions_SmallerLimitWins(int requested, int configured, int expected) =>
        Assert.Equal(expected, ReloadingThemeTagger.Parallelism(requested, configured));

    [Fact]
    public async Task MaxDegreeOfParallelism_LimitedBatchAndStream_SameResultsAsUnlimited()
    {
        using var one = new ServiceCollection().AddLogging().AddThemeTagger(o => o.MaxDegreeOfParallelism = 1).BuildServiceProvider();
        using var all = new ServiceCollection().AddLogging().AddThemeTagger().BuildServiceProvider();
        var texts = Enumerable.Range(0, 50).Select(i => $"Post {i}: leaders must listen to staff and patients").ToArray();
        var limited = one.GetRequiredService<IThemeTagger>();
        var unlimited = all.GetRequiredService<IThemeTagger>();

        var expected = unlimited.PredictBatch(texts).Select(p => string.Join(";", p.Themes)).ToArray();

        Assert.Equal(expected, limited.PredictBatch(texts).Select(p => string.Join(";", p.Themes)));
        Assert.Equal(expected, (await limited.PredictStreamAsync(texts.ToAsyncEnumerable()).ToListAsync()).Select(p => string.Join(";", p.Themes)));
        Assert.Equal(expected, unlimited.PredictBatch(texts, maxDegreeOfParallelism: 1).Select(p => string.Join(";", p.Themes)));
    }
}
