using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThemeClassifier.Data;
using ThemeClassifier.Model;
using ThemeClassifier.Prediction;

namespace ThemeClassifier.Extensions.DependencyInjection;

/// <summary>
/// The registered <see cref="IThemeTagger"/>: loads the model on first use (or at warm-up), applies
/// <see cref="ThemeTaggerOptions.MaxDegreeOfParallelism"/>, and with <see cref="ThemeTaggerOptions.WatchForChanges"/>
/// swaps in a reloaded model atomically. Every call leases the current model; a replaced model is disposed when
/// its last lease (an in-flight call or stream) ends.
/// </summary>
internal sealed partial class ReloadingThemeTagger : IThemeTagger, IDisposable
{
    private readonly ThemeTaggerOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _swapLock = new();
    private readonly Lock _reloadLock = new();
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer? _reloadTimer;
    private Slot? _current;
    private bool _disposed;

    public ReloadingThemeTagger(IOptions<ThemeTaggerOptions> options, ILogger<ReloadingThemeTagger> logger)
    {
        _options = options.Value;
        _logger = logger;
        if (_options.WatchForChanges)
        {
            var path = Path.GetFullPath(_options.ModelPath!);
            _reloadTimer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => ScheduleReload();
            _watcher.Created += (_, _) => ScheduleReload();
            _watcher.Renamed += (_, _) => ScheduleReload();
            _watcher.EnableRaisingEvents = true;
        }
    }

    public Codebook Codebook
    {
        get
        {
            using var lease = Acquire();
            return lease.Tagger.Codebook;
        }
    }

    public ModelCard Card
    {
        get
        {
            using var lease = Acquire();
            return lease.Tagger.Card;
        }
    }

    public ThemePrediction Predict(string text)
    {
        using var lease = Acquire();
        return lease.Tagger.Predict(text);
    }

    public IReadOnlyList<ThemePrediction> PredictBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default, int maxDegreeOfParallelism = -1)
    {
        using var lease = Acquire();
        return lease.Tagger.PredictBatch(texts, cancellationToken, Parallelism(maxDegreeOfParallelism));
    }

    public async IAsyncEnumerable<ThemePrediction> PredictStreamAsync(
        IAsyncEnumerable<string> texts,
        int chunkSize = 512,
        [EnumeratorCancellation] CancellationToken cancellationToken = default,
        int maxDegreeOfParallelism = -1)
    {
        using var lease = Acquire();
        await foreach (var p in lease.Tagger.PredictStreamAsync(texts, chunkSize, cancellationToken, Parallelism(maxDegreeOfParallelism)).ConfigureAwait(false))
        {
            yield return p;
        }
    }

    public async IAsyncEnumerable<Tagged<T>> TagStreamAsync<T>(
        IAsyncEnumerable<T> records,
        Func<T, string?> textOf,
        int chunkSize = 512,
        [EnumeratorCancellation] CancellationToken cancellationToken = default,
        int maxDegreeOfParallelism = -1)
    {
        using var lease = Acquire();
        await foreach (var t in lease.Tagger.TagStreamAsync(records, textOf, chunkSize, cancellationToken, Parallelism(maxDegreeOfParallelism)).ConfigureAwait(false))
        {
            yield return t;
        }
    }

    public ThemeExplanation Explain(string text)
    {
        using var lease = Acquire();
        return lease.Tagger.Explain(text);
    }

    public void Dispose()
    {
        Slot? last;
        lock (_swapLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            last = Interlocked.Exchange(ref _current, null);
        }

        _watcher?.Dispose();
        _reloadTimer?.Dispose();
        last?.Release();
    }

    private int Parallelism(int requested) => Parallelism(requested, _options.MaxDegreeOfParallelism);

    /// <summary>The caller's limit, the configured one, or the smaller of both (-1: no limit).</summary>
    internal static int Parallelism(int requested, int configured) => (requested, configured) switch
    {
        (-1, var c) => c,
        (var r, -1) => r,
        (var r, var c) => Math.Min(r, c),
    };

    private Lease Acquire()
    {
        while (true)
        {
            var slot = Volatile.Read(ref _current) ?? LoadFirst();
            if (slot.TryAddRef())
            {
                return new Lease(slot);
            }

            // That model was replaced and released between the read and the lease: read the new one.
        }
    }

    private Slot LoadFirst()
    {
        lock (_swapLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _current ??= new Slot(LoadModel(), _logger);
        }
    }

    private ThemeTagger LoadModel()
    {
        var watch = Stopwatch.StartNew();
        ThemeTagger tagger;
        if (_options.OpenModel is { } open)
        {
            using var stream = open();
            tagger = ThemeTagger.Load(stream);
        }
        else
        {
            tagger = _options.ModelPath is { } path ? ThemeTagger.Load(path) : ThemeTagger.LoadDefault();
        }

        LogLoaded(_logger, _options.OpenModel is not null ? "a stream" : _options.ModelPath ?? "the default model", tagger.Card.Profile, tagger.Codebook.Themes.Count, watch.ElapsedMilliseconds);
        return tagger;
    }

    private void ScheduleReload() => _reloadTimer?.Change(_options.ReloadDelay, Timeout.InfiniteTimeSpan);

    private void Reload()
    {
        lock (_reloadLock)
        {
            ThemeTagger fresh;
            try
            {
                fresh = LoadModel();
            }
            catch (Exception ex) when (ex is InvalidModelException or IOException or UnauthorizedAccessException)
            {
                LogReloadFailed(_logger, _options.ModelPath!, ex);
                return;
            }

            Slot? replaced;
            lock (_swapLock)
            {
                if (_disposed)
                {
                    fresh.Dispose();
                    return;
                }

                replaced = Interlocked.Exchange(ref _current, new Slot(fresh, _logger));
            }

            LogReloaded(_logger, _options.ModelPath!);
            replaced?.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Theme tagger loaded {Source} ({Profile} profile, {Themes} themes) in {ElapsedMs} ms")]
    private static partial void LogLoaded(ILogger logger, string source, string profile, int themes, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Theme tagger swapped in the reloaded {Path}; the previous model is disposed when its in-flight calls end")]
    private static partial void LogReloaded(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Theme tagger could not reload {Path}; the current model stays in use")]
    private static partial void LogReloadFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Theme tagger disposed a model after its last in-flight call")]
    private static partial void LogRetired(ILogger logger);

    /// <summary>A loaded model and its count of leases, plus one for being current.</summary>
    private sealed class Slot(ThemeTagger tagger, ILogger logger)
    {
        private int _references = 1;

        public ThemeTagger Tagger => tagger;

        public bool TryAddRef()
        {
            var seen = Volatile.Read(ref _references);
            while (seen > 0)
            {
                var before = Interlocked.CompareExchange(ref _references, seen + 1, seen);
                if (before == seen)
                {
                    return true;
                }

                seen = before;
            }

            return false;
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0)
            {
                tagger.Dispose();
                LogRetired(logger);
            }
        }
    }

    private readonly struct Lease(Slot slot) : IDisposable
    {
        public ThemeTagger Tagger => slot.Tagger;

        public void Dispose() => slot.Release();
    }
}
