namespace ThemeClassifier.Tests;

/// <summary>Paths of the repository the tests run in.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string TrainingData => Path.Combine(Root, "training-data");

    public static string ReportFile => Path.Combine(TrainingData, "leadingqi-2023-01-31.jsonl");

    public static string Seed => Path.Combine(Root, "seeds", "000_db5509584baee1ec.txt");

    public static string DefaultModel => Path.Combine(Root, "models", "themes-default.zip");

    /// <summary>The shared external evaluation set, beside the repository (absent outside CI and dev machines).</summary>
    public static string ExternalDev => Path.Combine(Root, "..", "shared", "eval", "external-dev.jsonl");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ThemeClassifier.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ThemeClassifier.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "themes-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
