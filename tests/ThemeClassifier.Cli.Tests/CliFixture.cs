using ThemeClassifier.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Data;
using ThemeClassifier.Training;

namespace ThemeClassifier.Cli.Tests;

/// <summary>One fast-profile model for the whole test run (trained once, ~3 s), and helpers to run the tool in-process.</summary>
public sealed class CliFixture : IDisposable
{
    public CliFixture()
    {
        RepoRoot = FindRepoRoot();
        TrainingDir = Path.Combine(RepoRoot, "training-data");
        CodebookPath = Path.Combine(TrainingDir, TrainingData.CodebookFileName);
        Directory = Path.Combine(Path.GetTempPath(), "themes-cli-tests-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        ModelPath = Path.Combine(Directory, "fast.zip");
        var options = TrainingOptions.Fast();
        options.Repeats = 1;
        options.Trainer = TrainerKind.LogisticRegression;
        using var tagger = ThemeTagger.Train(TrainingData.LoadDirectory(TrainingDir), options);
        tagger.Save(ModelPath);
        ThemeIds = tagger.Codebook.Ids.ToArray();
    }

    public string RepoRoot { get; }

    public string TrainingDir { get; }

    public string CodebookPath { get; }

    /// <summary>A temporary folder for this run's files.</summary>
    public string Directory { get; }

    public string ModelPath { get; }

    public IReadOnlyList<string> ThemeIds { get; }

    /// <summary>A new empty folder under <see cref="Directory"/>.</summary>
    public string NewFolder(string name)
    {
        var path = Path.Combine(Directory, name + "-" + Guid.NewGuid().ToString("N")[..6]);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Texts of the training data, for inputs.</summary>
    public IReadOnlyList<string> Texts() =>
        TrainingData.LoadDirectory(TrainingDir).Posts.Select(p => p.Text).ToArray();

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "training-data", TrainingData.CodebookFileName)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("training-data/codebook.json not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition("cli")]
public sealed class CliCollection : ICollectionFixture<CliFixture>;

/// <summary>The result of one in-process run of <c>themes</c>.</summary>
public sealed record CliResult(int ExitCode, string Out, string Err)
{
    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}

public static class Cli
{
    /// <summary>Parses a JSON object as written: date-like strings stay strings.</summary>
    public static Newtonsoft.Json.Linq.JObject Json(string text) =>
        Newtonsoft.Json.JsonConvert.DeserializeObject<Newtonsoft.Json.Linq.JObject>(text, new Newtonsoft.Json.JsonSerializerSettings { DateParseHandling = Newtonsoft.Json.DateParseHandling.None })!;

    public static CliResult Run(params string[] args) => RunWithInput(null, args);

    public static CliResult RunWithInput(string? stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr, stdin is null ? null : new StringReader(stdin));
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Asserts that no line of <paramref name="output"/> is wider than <paramref name="width"/> and that each word appears whole on some line.</summary>
    public static void AssertFits(string output, int width, IEnumerable<string> words)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.All(lines, line => Assert.True(line.Length <= width, $"{line.Length} columns: {line}"));
        var tokens = lines.SelectMany(l => l.Split([' ', '│', '|'], StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        Assert.All(words, word => Assert.Contains(word, tokens));
    }

    /// <summary>Runs the tool as in a terminal window <paramref name="width"/> columns wide (tables laid out for it, no colours).</summary>
    public static CliResult RunAtWidth(int width, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr, terminal: new TerminalInfo(false, false, width));
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
