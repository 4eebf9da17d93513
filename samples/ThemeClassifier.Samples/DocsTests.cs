using System.Text.RegularExpressions;

namespace ThemeClassifier.Samples;

/// <summary>
/// Keeps the docs' C# honest: every ```csharp block of README.md and src/ThemeClassifier/PACKAGE.md is a
/// <c>#region</c> of a compiled sample under samples/ (shown without its indentation), so a sample that stops
/// compiling or stops giving its stated result fails the build or these tests.
/// </summary>
public sealed partial class DocsTests
{
    private static readonly string Root = FindRoot();

    private static readonly string[] DocFiles = ["README.md", "src/ThemeClassifier/PACKAGE.md"];

    public static TheoryData<string> Docs => new(DocFiles);

    [Theory]
    [MemberData(nameof(Docs))]
    public void EveryCSharpBlock_IsACompiledSampleRegion(string doc)
    {
        var regions = Regions();
        var blocks = CSharpBlock().Matches(File.ReadAllText(Path.Combine(Root, doc)).ReplaceLineEndings("\n")).Select(m => m.Groups[1].Value.TrimEnd()).ToArray();
        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
        {
            Assert.True(regions.ContainsValue(block), $"{doc} has a C# block that is not a sample region verbatim:\n{block}");
        }
    }

    [Fact]
    public void EveryRegion_IsShownInTheDocs()
    {
        var docs = string.Concat(DocFiles.Select(d => File.ReadAllText(Path.Combine(Root, d)).ReplaceLineEndings("\n")));
        Assert.All(Regions(), r => Assert.Contains("```csharp\n" + r.Value + "\n```", docs, StringComparison.Ordinal));
    }

    /// <summary>Each <c>#region NAME</c> … <c>#endregion</c> of the samples' .cs files, dedented.</summary>
    private static Dictionary<string, string> Regions()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "samples"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match m in Region().Matches(File.ReadAllText(file).ReplaceLineEndings("\n")))
            {
                var lines = m.Groups[2].Value.TrimEnd().Split('\n');
                var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
                result.Add(m.Groups[1].Value, string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())));
            }
        }

        return result;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ThemeClassifier.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ThemeClassifier.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^[ \t]*#region (\S+)\n(.*?)\n[ \t]*#endregion", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Region();

    [GeneratedRegex(@"^```csharp\n(.*?)\n```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();
}
