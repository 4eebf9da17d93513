using ThemeClassifier.Data;
using ThemeClassifier.Training;

namespace ThemeClassifier.Tests;

/// <summary>Models trained once for all tests that need one (quick settings: one repeat, one trainer).</summary>
public sealed class TrainedModels : IDisposable
{
    public TrainedModels()
    {
        Data = TrainingData.LoadDirectory(Repo.TrainingData);
        Fast = ThemeTagger.Train(Data, Quick(TrainingOptions.Fast()));
        Default = ThemeTagger.Train(Data, Quick(new TrainingOptions()));
    }

    public TrainingData Data { get; }

    /// <summary>Fast profile: n-grams only.</summary>
    public ThemeTagger Fast { get; }

    /// <summary>Default profile: MiniLM sentence encoder.</summary>
    public ThemeTagger Default { get; }

    public static TrainingOptions Quick(TrainingOptions options)
    {
        options.Repeats = 1;
        options.Trainer = TrainerKind.LogisticRegression;
        return options;
    }

    public ThemeTagger Get(string profile) => profile == "fast" ? Fast : Default;

    public void Dispose()
    {
        Fast.Dispose();
        Default.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TrainedModelsCollection : ICollectionFixture<TrainedModels>
{
    public const string Name = "trained models";
}
