using System.ComponentModel;
using Spectre.Console.Cli;
using ThemeClassifier.Training;

namespace ThemeClassifier.Cli.Infrastructure;

/// <summary>The options of the verbs that train (<c>train</c>, and <c>evaluate --cv</c>): data and training settings.</summary>
internal abstract class TrainingSettings : CommandSettings
{
    [CommandOption("-d|--data <PATH>")]
    [Description("Hand-coded posts: .jsonl, .csv or .xlsx files, or folders of them (repeat the option for several).")]
    public string[] Data { get; init; } = [];

    [CommandOption("--codebook <FILE>")]
    [Description("The codebook. Default: codebook.json in the first --data folder, else next to the first file (evaluate without --cv: else the model's).")]
    public string? Codebook { get; init; }

    [CommandOption("--fast")]
    [Description("Fast profile: no sentence encoder, word n-gram and keyword features only.")]
    public bool Fast { get; init; }

    [CommandOption("--encoder <NAME>")]
    [Description("Sentence encoder(s): minilm (default), minilm-int8 (about twice as fast, slightly different vectors), arcticxs; repeat for several.")]
    public string[]? Encoders { get; init; }

    [CommandOption("--trainer <NAME>")]
    [Description("auto (compare all by cross-validation; default), logisticregression, sdca, fasttree, gam.")]
    public string? Trainer { get; init; }

    [CommandOption("--seed <N>")]
    [Description("Random seed (default 42): same data, options and seed give the same model.")]
    public int? Seed { get; init; }

    [CommandOption("--folds <N>")]
    [Description("Cross-validation folds (default 5).")]
    public int? Folds { get; init; }

    [CommandOption("--repeats <N>")]
    [Description("Cross-validation repeats (default 3).")]
    public int? Repeats { get; init; }

    [CommandOption("--missed-theme-cost <X>")]
    [Description("What a themed post left untagged costs against a theme-less post tagged when the no-theme gate's threshold is chosen (default 1, balanced; above 1 tags more posts).")]
    public double? MissedThemeCost { get; init; }

    /// <summary>Whether any training setting was given.</summary>
    public bool HasTrainingSettings => Fast || Encoders is not null || Trainer is not null || Seed is not null || Folds is not null || Repeats is not null || MissedThemeCost is not null;

    /// <summary>The training options these settings ask for.</summary>
    public TrainingOptions BuildOptions() => Options.Build(Fast, Encoders, Trainer, Seed, Folds, Repeats, MissedThemeCost);

    /// <summary>The first problem with the data and training settings, or null.</summary>
    protected string? CheckTraining() =>
        Data.Length == 0 ? "--data is required" : Options.Check(Fast, Encoders, Trainer);
}
