using ThemeClassifier.Data;

namespace ThemeClassifier.Tests.Data;

/// <summary>The hand-coded corpus in training-data/ checked against the report it was coded from.</summary>
public sealed class CorpusTests
{
    private static readonly TrainingData Data = TrainingData.LoadDirectory(Repo.TrainingData);
    private static readonly IReadOnlyList<CodedPost> Report = CodedPostReader.ReadFile(Repo.ReportFile, Data.Codebook);

    [Fact]
    public void Seed_IsExactCopyOfSharedReport()
    {
        var shared = Path.Combine(Repo.Root, "..", "shared", "seeds", "000_db5509584baee1ec.txt");
        Assert.True(File.Exists(Repo.Seed));
        if (File.Exists(shared))
        {
            Assert.Equal(File.ReadAllBytes(shared), File.ReadAllBytes(Repo.Seed));
        }
    }

    [Fact]
    public void ReportPosts_EveryTextOccursVerbatimInSeed()
    {
        var seed = File.ReadAllText(Repo.Seed);
        var missing = Report.Where(p => !seed.Contains(p.Text, StringComparison.Ordinal)).Select(p => p.Id).ToArray();
        Assert.Empty(missing);
    }

    [Fact]
    public void ReportPosts_CountIsWithinExpectedRange()
    {
        Assert.InRange(Report.Count, 65, 70);
    }

    [Fact]
    public void ReportPosts_HaveOneToThreeThemes()
    {
        Assert.All(Report, p => Assert.InRange(p.Themes.Count, 1, 3));
    }

    [Fact]
    public void Codebook_HasTheFifteenFixedIds()
    {
        string[] expected =
        [
            "psychological-safety", "co-creation", "learning-from-failure", "shared-purpose", "visible-leadership",
            "relationships-networks", "honest-conversations", "commitment", "time-and-space", "fertile-ground",
            "skills-and-training", "system-perspective", "patient-voice", "building-on-strengths", "facing-problems",
        ];
        Assert.Equal(expected, Data.Codebook.Ids);
        Assert.All(Data.Codebook.Themes, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));
    }

    [Fact]
    public void AllPosts_ThemeIdsAreInCodebook()
    {
        Assert.All(Data.Posts.SelectMany(p => p.Themes), id => Assert.True(Data.Codebook.Contains(id), id));
    }

    [Fact]
    public void AllPosts_IdsAreUnique()
    {
        Assert.Equal(Data.Posts.Count, Data.Posts.Select(p => p.Id).Distinct().Count());
    }

    [Fact]
    public void AllPosts_TextsAreUnique()
    {
        Assert.Equal(Data.Posts.Count, Data.Posts.Select(p => p.Text.Trim()).Distinct().Count());
    }

    [Fact]
    public void EveryTheme_HasAtLeastTwoExamples()
    {
        var counts = Data.CountsPerTheme();
        Assert.All(counts, c => Assert.True(c >= 2));
    }

    [Fact]
    public void VirginiaMasonPost_IsKeptOnce()
    {
        Assert.Single(Data.Posts, p => p.Text.Contains("alignment in values and behaviors across Sr", StringComparison.Ordinal));
    }
}
