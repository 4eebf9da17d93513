using ThemeClassifier.Encoding;
using ThemeClassifier.Training;

namespace ThemeClassifier.Cli.Infrastructure;

/// <summary>Parses the training options shared by <c>train</c> and <c>evaluate --cv</c>.</summary>
internal static class Options
{
    public static TrainerKind? ParseTrainer(string? name) => name?.ToLowerInvariant() switch
    {
        null or "auto" => TrainerKind.Auto,
        "logisticregression" or "logistic" or "lr" or "lbfgs" => TrainerKind.LogisticRegression,
        "sdca" => TrainerKind.Sdca,
        "fasttree" or "trees" => TrainerKind.FastTree,
        "gam" => TrainerKind.Gam,
        _ => null,
    };

    public static EncoderKind? ParseEncoder(string name) => name.ToLowerInvariant() switch
    {
        "minilm" or "all-minilm-l6-v2" => EncoderKind.MiniLm,
        "minilm-int8" => EncoderKind.MiniLmInt8,
        "arcticxs" or "arctic-xs" or "arctic" => EncoderKind.ArcticXs,
        _ => null,
    };

    /// <summary>An error message for the first bad option, or null.</summary>
    public static string? Check(bool fast, string[]? encoders, string? trainer)
    {
        if (ParseTrainer(trainer) is null)
        {
            return $"--trainer must be auto, logisticregression, sdca, fasttree or gam, not '{trainer}'";
        }

        var bad = encoders?.FirstOrDefault(e => ParseEncoder(e) is null);
        if (bad is not null)
        {
            return $"--encoder must be minilm, minilm-int8 or arcticxs, not '{bad}'";
        }

        return fast && encoders is { Length: > 0 } ? "--fast means no encoder: drop --encoder" : null;
    }

    public static TrainingOptions Build(bool fast, string[]? encoders, string? trainer, int? seed, int? folds, int? repeats, double? missedThemeCost)
    {
        var options = fast ? TrainingOptions.Fast() : new TrainingOptions();
        if (encoders is { Length: > 0 })
        {
            options.Encoders = encoders.Select(e => ParseEncoder(e)!.Value).Distinct().ToArray();
        }

        options.Trainer = ParseTrainer(trainer)!.Value;
        options.Seed = seed ?? options.Seed;
        options.Folds = folds ?? options.Folds;
        options.Repeats = repeats ?? options.Repeats;
        options.MissedThemeCost = missedThemeCost ?? options.MissedThemeCost;
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        return options;
    }
}

/// <summary>Reports progress lines synchronously (in order), to a callback.</summary>
internal sealed class LineProgress(Action<string> report) : IProgress<string>
{
    public void Report(string value) => report(value);
}
