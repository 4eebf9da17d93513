using Newtonsoft.Json.Linq;
using ThemeClassifier.Cli;

namespace ThemeClassifier.Cli.Tests;

[Collection("cli")]
public sealed class CompareCommandTests(CliFixture fixture)
{
    private string WriteLabelled()
    {
        var path = Path.Combine(fixture.NewFolder("compare"), "labelled.jsonl");
        File.WriteAllLines(path, [
            """{"id":"e1","text":"Staff must feel safe to speak up without blame","themes":["psychological-safety"]}""",
            """{"id":"e2","text":"Leaders should be visible on the wards","themes":["visible-leadership"]}""",
            """{"id":"e3","text":"Co-design the service with patients","themes":["patient-voice","co-creation"]}""",
            """{"id":"e4","text":"We need protected time for improvement work","themes":["time-and-space"]}""",
            """{"id":"e5","text":"The weather is nice today","themes":[]}""",
        ]);
        return path;
    }

    [Fact]
    public void Compare_ModelWithItself_ShowsBothSidesNoDisagreementAndKeepEither()
    {
        var result = Cli.Run("compare", "--model", fixture.ModelPath, "--baseline", fixture.ModelPath, "--data", WriteLabelled());

        Assert.Equal(Program.ExitOk, result.ExitCode);
        foreach (var text in new[] { "Top-1", "Top-3", "Macro-F1", "Micro-F1", "Kappa", "No-theme correct", "F1 per theme", "psychological-safety", "only the baseline right 0 (b)", "only the new model right 0 (c)", "two-sided p = 1.000" })
        {
            Assert.Contains(text, result.Out, StringComparison.Ordinal);
        }

        Assert.Contains("Verdict: The new model gets as many posts right on top-1 as the baseline", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_DefaultBaselineJson_HasEachModelsEvaluationFiguresAndTheirDisagreements()
    {
        var data = WriteLabelled();

        var result = Cli.Run("compare", "--model", fixture.ModelPath, "--data", data, "--json");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var comparison = JObject.Parse(result.Out)["Comparison"]!;
        var shipped = JObject.Parse(Cli.Run("evaluate", "--data", data, "--out-dir", fixture.NewFolder("shipped"), "--json").Out);
        var fast = JObject.Parse(Cli.Run("evaluate", "--model", fixture.ModelPath, "--data", data, "--out-dir", fixture.NewFolder("fast"), "--json").Out);
        Assert.Equal((double)shipped["Top1"]!, (double)comparison["Baseline"]!["Top1"]!, 9);
        Assert.Equal((double)shipped["MacroF1"]!, (double)comparison["Baseline"]!["MacroF1"]!, 9);
        Assert.Equal((double)fast["Top1"]!, (double)comparison["Candidate"]!["Top1"]!, 9);
        Assert.Equal(4, (int)comparison["TopOnePosts"]!);
        var (both, neither, b, c) = ((int)comparison["BothCorrect"]!, (int)comparison["BothWrong"]!, (int)comparison["BaselineOnlyCorrect"]!, (int)comparison["CandidateOnlyCorrect"]!);
        Assert.Equal(4, both + neither + b + c);
        Assert.Equal((double)(both + b) / 4, (double)shipped["Top1"]!, 9);
        Assert.Equal((double)(both + c) / 4, (double)fast["Top1"]!, 9);
        Assert.Contains((string)comparison["Verdict"]!, new[] { "Better", "Worse", "NoClearDifference" });
        Assert.StartsWith("The new model", (string)comparison["Summary"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_EightyColumns_TablesAndVerdictFit()
    {
        var result = Cli.RunAtWidth(80, "compare", "--model", fixture.ModelPath, "--baseline", fixture.ModelPath, "--data", WriteLabelled());

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Cli.AssertFits(result.Out, 80, [.. fixture.ThemeIds, "Verdict:", "McNemar's", "(95%", "CI)"]);
    }

    [Fact]
    public void Compare_MissingModelOption_ExitsTwo()
    {
        Assert.Equal(Program.ExitUsage, Cli.Run("compare", "--data", WriteLabelled()).ExitCode);
    }

    [Fact]
    public void Compare_ModelFileMissing_ExitsOne()
    {
        var result = Cli.Run("compare", "--model", Path.Combine(fixture.Directory, "nope.zip"), "--data", WriteLabelled());

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains("nope.zip", result.Err, StringComparison.Ordinal);
    }
}
