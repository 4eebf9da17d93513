using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace ThemeClassifier.Extensions.DependencyInjection.Tests;

/// <summary>Paths and model files for the tests.</summary>
internal static class Models
{
    public static string Default { get; } = FindDefault();

    /// <summary>Copies the default model to <paramref name="path"/>, its card's training time set to <paramref name="trainingSeconds"/> so the copy can be told apart.</summary>
    public static void WriteMarked(string path, double trainingSeconds)
    {
        var temp = path + ".tmp";
        File.Copy(Default, temp, overwrite: true);
        using (var zip = ZipFile.Open(temp, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("manifest.json")!;
            JObject manifest;
            using (var reader = new StreamReader(entry.Open()))
            {
                manifest = JObject.Parse(reader.ReadToEnd());
            }

            manifest["card"]!["TrainingSeconds"] = trainingSeconds;
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open());
            writer.Write(manifest.ToString());
        }

        File.Move(temp, path, overwrite: true);
    }

    private static string FindDefault()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ThemeClassifier.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("ThemeClassifier.sln not found"), "models", "themes-default.zip");
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "themes-di-tests-" + Guid.NewGuid().ToString("N"));

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

/// <summary>Keeps every log message, in order.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ListLogger(Messages);

    public void Dispose()
    {
    }

    private sealed class ListLogger(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue(formatter(state, exception));
    }
}
