using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace ThemeClassifier.Benchmarks;

/// <summary>
/// Runs the suite: <c>dotnet run -c Release --project benchmarks/ThemeClassifier.Benchmarks -- --filter '*'</c>.
/// Artifacts go to <c>benchmarks/BenchmarkDotNet.Artifacts/</c>; the GitHub-markdown reports are also copied to
/// <c>benchmarks/results/</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var benchmarks = Path.Combine(BenchData.RepoRoot, "benchmarks");
        var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(benchmarks, "BenchmarkDotNet.Artifacts"));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        var results = Path.Combine(benchmarks, "results");
        foreach (var summary in summaries)
        {
            if (!Directory.Exists(summary.ResultsDirectoryPath))
            {
                continue;
            }

            // Only this run's reports: the artifacts folder also keeps every earlier run's.
            Directory.CreateDirectory(results);
            foreach (var type in summary.BenchmarksCases.Select(c => c.Descriptor.Type.FullName).Distinct())
            {
                var report = Path.Combine(summary.ResultsDirectoryPath, $"{type}-report-github.md");
                if (File.Exists(report))
                {
                    File.Copy(report, Path.Combine(results, Path.GetFileName(report)), overwrite: true);
                    Console.WriteLine($"Copied {Path.GetFileName(report)} to {results}");
                }
            }
        }
    }
}
