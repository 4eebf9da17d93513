using Newtonsoft.Json.Linq;
using ThemeClassifier.Cli;

namespace ThemeClassifier.Cli.Tests;

[Collection("cli")]
public sealed class ExplainAndCodebookTests(CliFixture fixture)
{
    [Fact]
    public void Explain_Json_GivesEvidenceForTheThemes()
    {
        var result = Cli.Run("explain", "--model", fixture.ModelPath, "--json", "Staff must feel safe to speak up without blame");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var explanation = JObject.Parse(result.Out);
        Assert.Contains("psychological-safety", explanation["prediction"]!["themes"]!.Values<string>());
        var evidence = explanation["evidence"]!.First!;
        Assert.Equal("psychological-safety", (string?)evidence["themeId"]);
        Assert.NotEmpty(evidence["matchedKeywords"]!);
        Assert.NotEmpty(evidence["nearestExamples"]!);
    }

    [Fact]
    public void Explain_Table_ShowsThemesAndEvidence()
    {
        var result = Cli.Run("explain", "--model", fixture.ModelPath, "Leaders must be visible on the wards");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.Contains("Themes:", result.Out, StringComparison.Ordinal);
        Assert.Contains("Evidence", result.Out, StringComparison.Ordinal);
        Assert.Contains("visible-leadership", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_PrintsThePackageVersion()
    {
        var result = Cli.Run("--version");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.StartsWith("0.1.0", result.Out.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_EightyColumns_FitsAndKeepsIdsAndWordsWhole()
    {
        var result = Cli.RunAtWidth(80, "explain", "--model", fixture.ModelPath, "Leaders must be visible on the wards and listen to staff about safety");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var themes = Cli.Run("explain", "--model", fixture.ModelPath, "--json", "Leaders must be visible on the wards and listen to staff about safety").Out;
        var ids = Newtonsoft.Json.Linq.JObject.Parse(themes)["evidence"]!.Select(e => (string)e["themeId"]!).ToArray();
        Assert.NotEmpty(ids);
        Cli.AssertFits(result.Out, 80, [.. ids, "Probability", "Threshold", "Keywords", "examples", "leaders,", "visible,"]);
    }

    [Fact]
    public void Explain_NoText_ExitsTwo()
    {
        Assert.Equal(Program.ExitUsage, Cli.Run("explain", "--model", fixture.ModelPath).ExitCode);
    }

    [Fact]
    public void Codebook_Json_IsTheModelsCodebook()
    {
        var result = Cli.Run("codebook", "--model", fixture.ModelPath, "--json");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var ids = JObject.Parse(result.Out)["themes"]!.Select(t => (string)t["id"]!).ToArray();
        Assert.Equal(fixture.ThemeIds, ids);
    }

    [Fact]
    public void Codebook_FromFile_ListsDefinitions()
    {
        var result = Cli.Run("codebook", "--codebook", fixture.CodebookPath);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.Contains("Psychological safety", result.Out, StringComparison.Ordinal);
        Assert.Contains("15 themes", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Codebook_EightyColumns_EveryIdAndDefinitionWordWhole()
    {
        var result = Cli.RunAtWidth(80, "codebook", "--codebook", fixture.CodebookPath);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var codebook = Data.Codebook.Load(fixture.CodebookPath);
        var words = codebook.Themes.SelectMany(t => t.Description.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Cli.AssertFits(result.Out, 80, [.. codebook.Themes.Select(t => t.Id + ":"), .. words]);
    }
}
