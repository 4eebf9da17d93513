using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ThemeClassifier.Extensions.DependencyInjection;

/// <summary>Loads the model and tags one post while the host is starting (before servers take requests), when <see cref="ThemeTaggerOptions.WarmUp"/> is set.</summary>
internal sealed partial class ThemeTaggerWarmUp(ReloadingThemeTagger tagger, IOptions<ThemeTaggerOptions> options, ILogger<ThemeTaggerWarmUp> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.Value.WarmUp)
        {
            var watch = Stopwatch.StartNew();
            tagger.Predict("Staff must feel safe to speak up without blame");
            LogWarmedUp(logger, watch.ElapsedMilliseconds);
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Theme tagger warmed up in {ElapsedMs} ms (model loaded, first post tagged)")]
    private static partial void LogWarmedUp(ILogger logger, long elapsedMs);
}
