using Newtonsoft.Json.Linq;
using ThemeClassifier.Cli;
using ThemeClassifier.Data;

namespace ThemeClassifier.Cli.Tests;

[Collection("cli")]
public sealed class EvaluateCommandTests(CliFixture fixture)
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private string WriteLabelled(string folder)
    {
        var path = Path.Combine(folder, "labelled.jsonl");
        File.WriteAllLines(path, [
            """{"id":"e1","text":"Staff must feel safe to speak up without blame","themes":["psychological-safety"]}""",
            """{"id":"e2","text":"Leaders should be visible on the wards","themes":["visible-leadership"]}""",
            """{"id":"e3","text":"Co-design the service with patients","themes":["patient-voice","co-creation"]}""",
            """{"id":"e4","text":"The weather is nice today","themes":[]}""",
        ]);
        return path;
    }

    [Fact]
    public void Evaluate_ModelOnLabelledFile_WritesTablesPicturesAndMetrics()
    {
        var folder = fixture.NewFolder("eval");
        var outDir = Path.Combine(folder, "report");

        var result = Cli.Run("evaluate", "--model", fixture.ModelPath, "--data", WriteLabelled(folder), "--out-dir", outDir);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.Contains("Per theme", result.Out, StringComparison.Ordinal);
        Assert.Contains("psychological-safety", result.Out, StringComparison.Ordinal);
        Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(outDir, "confusion.png")).Take(8));
        Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(outDir, "f1.png")).Take(8));
        var metrics = JObject.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        Assert.Equal(4, (int)metrics["Count"]!);
        Assert.Equal(1, (int)metrics["NoThemeCount"]!);
    }

    [Fact]
    public void Evaluate_FileWithCodersColumns_ReportsAgreementOfModelCodersAndCoderPairs()
    {
        var folder = fixture.NewFolder("coders");
        var path = Path.Combine(folder, "coded-twice.jsonl");
        File.WriteAllLines(path, [
            """{"id":"c1","text":"Staff must feel safe to speak up without blame","themes":["psychological-safety"],"themes_ann":["psychological-safety"],"themes_bob":["psychological-safety","honest-conversations"]}""",
            """{"id":"c2","text":"Leaders should be visible on the wards","themes":["visible-leadership"],"themes_ann":["visible-leadership"],"themes_bob":"visible-leadership"}""",
            """{"id":"c3","text":"The weather is nice today","themes":[],"themes_ann":[],"themes_bob":["time-and-space"]}""",
        ]);

        var result = Cli.Run("evaluate", "--model", fixture.ModelPath, "--data", path, "--out-dir", Path.Combine(folder, "report"));

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.Contains("Agreement, as between two coders", result.Out, StringComparison.Ordinal);
        Assert.Contains("model vs agreed coding", result.Out, StringComparison.Ordinal);
        Assert.Contains("model vs ann", result.Out, StringComparison.Ordinal);
        Assert.Contains("ann vs bob", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("agreed coding vs ann", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--learning-curve")]
    [InlineData("--eval", "x.jsonl")]
    [InlineData("--by-question")]
    public void Evaluate_CrossValidationOptionsWithoutCv_AreUsageErrors(params string[] option)
    {
        var result = Cli.Run(["evaluate", "--data", fixture.TrainingDir, .. option]);

        Assert.Equal(Program.ExitUsage, result.ExitCode);
    }

    [Fact]
    public void Evaluate_CrossValidationFast_WritesMetricsOfPooledFolds()
    {
        var outDir = fixture.NewFolder("cv");

        var result = Cli.Run("evaluate", "--cv", "--data", fixture.TrainingDir, "--fast", "--trainer", "lr", "--folds", "3", "--repeats", "1", "--out-dir", outDir, "--json");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        var report = JObject.Parse(result.Out);
        Assert.Equal(3, (int)report["Folds"]!);
        Assert.Equal(TrainingData.LoadDirectory(fixture.TrainingDir).Posts.Count, (int)report["Pooled"]!["Count"]!);
        Assert.True(File.Exists(Path.Combine(outDir, "confusion.png")));
    }

    [Fact]
    public void Evaluate_CrossValidationRepeated_SaysPostsArePooledOverRepeats()
    {
        var posts = TrainingData.LoadDirectory(fixture.TrainingDir).Posts.Count;

        var result = Cli.Run("evaluate", "--cv", "--data", fixture.TrainingDir, "--fast", "--trainer", "lr", "--folds", "3", "--repeats", "2", "--out-dir", fixture.NewFolder("cv2"));

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.Contains($"{posts} (× 2 CV repeats = {2 * posts} held-out predictions)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_EightyColumns_TablesFitWithThemeIdsWhole()
    {
        var folder = fixture.NewFolder("eval80");

        var result = Cli.RunAtWidth(80, "evaluate", "--model", fixture.ModelPath, "--data", WriteLabelled(folder), "--out-dir", folder);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Cli.AssertFits(result.Out, 80, [.. fixture.ThemeIds, "Precision", "Recall", "Support", "Predicted"]);
    }

    [Fact]
    public void Evaluate_CrossValidationEightyColumns_TrainerNamesWhole()
    {
        var result = Cli.RunAtWidth(80, "evaluate", "--cv", "--data", fixture.TrainingDir, "--fast", "--folds", "3", "--repeats", "1", "--out-dir", fixture.NewFolder("cv80"));

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Cli.AssertFits(result.Out, 80, ["LogisticRegression(L2=0.001)", "LogisticRegression(L2=0.1)", "Sdca(L2=0.01)", "FastTree", "Gam", "Kept:", "relationships-networks"]);
    }

    [Fact]
    public void Evaluate_UnknownThemeInData_ExitsOneWithLine()
    {
        var folder = fixture.NewFolder("eval-bad");
        var path = Path.Combine(folder, "bad.jsonl");
        File.WriteAllLines(path, ["""{"id":"e1","text":"x","themes":["not-a-theme"]}"""]);

        var result = Cli.Run("evaluate", "--model", fixture.ModelPath, "--data", path, "--out-dir", folder);

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains($"{path}:1", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CodebookMismatch_ExitsOne()
    {
        var folder = fixture.NewFolder("eval-mismatch");
        var codebook = JObject.Parse(File.ReadAllText(fixture.CodebookPath));
        ((JArray)codebook["themes"]!).RemoveAt(1);
        File.WriteAllText(Path.Combine(folder, "codebook.json"), codebook.ToString());
        WriteLabelled(folder);

        var result = Cli.Run("evaluate", "--model", fixture.ModelPath, "--data", folder, "--out-dir", folder);

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains("co-creation", result.Err, StringComparison.Ordinal);
    }
}
