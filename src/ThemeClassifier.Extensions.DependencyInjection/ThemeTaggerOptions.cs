namespace ThemeClassifier.Extensions.DependencyInjection;

/// <summary>How <see cref="ThemeTaggerServiceCollectionExtensions.AddThemeTagger"/> loads and serves the tagger.</summary>
public sealed class ThemeTaggerOptions
{
    /// <summary>The model file to load; <see langword="null"/> (and no <see cref="OpenModel"/>) for the default model embedded in ThemeClassifier.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Opens a stream holding the model (read to its end, then disposed); instead of <see cref="ModelPath"/>.</summary>
    public Func<Stream>? OpenModel { get; set; }

    /// <summary>Load the model and tag one post while the host starts, before it takes requests. Default: <see langword="true"/>.</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>
    /// Reload the model when <see cref="ModelPath"/> changes (written or renamed into place). Calls in flight finish
    /// on the model they started with, which is disposed after the last of them; a file that fails to load is
    /// logged and the current model kept. Default: <see langword="false"/>.
    /// </summary>
    public bool WatchForChanges { get; set; }

    /// <summary>How long the file must stay unchanged before it is reloaded. Default: 500 ms.</summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The most threads one batch or stream call uses; -1 (the default) for all cores. A smaller value a caller passes wins.</summary>
    public int MaxDegreeOfParallelism { get; set; } = -1;
}
