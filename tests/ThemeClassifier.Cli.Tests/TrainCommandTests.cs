using ThemeClassifier.Cli;

namespace ThemeClassifier.Cli.Tests;

[Collection("cli")]
public sealed class TrainCommandTests(CliFixture fixture)
{
    [Fact]
    public void Train_ValidDataWithEval_WritesModelAndCard()
    {
        var folder = fixture.NewFolder("train");
        var model = Path.Combine(folder, "themes.zip");
        var eval = Path.Combine(folder, "eval.jsonl");
        File.WriteAllLines(eval, [
            """{"id":"e1","text":"Staff must feel safe to speak up without blame","themes":["psychological-safety"]}""",
            """{"id":"e2","text":"Leaders should be visible on the wards","themes":["visible-leadership"]}""",
            """{"id":"e3","text":"The weather is nice today","themes":[]}""",
        ]);

        var result = Cli.Run("train", "--data", fixture.TrainingDir, "--out", model, "--fast", "--trainer", "logisticregression", "--repeats", "1", "--eval", eval);

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.Contains("Log-loss", result.Out, StringComparison.Ordinal);
        Assert.Contains("External evaluation", result.Out, StringComparison.Ordinal);
        Assert.Contains("Baseline: shipped model", result.Out, StringComparison.Ordinal);
        Assert.Contains("Verdict: The new model", result.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(model));
        var card = File.ReadAllText(Path.Combine(folder, "themes.md"));
        foreach (var section in new[] { "## Data", "## Model", "Why this trainer", "## Cross-validation", "## External evaluation", "## Known limits", "| `psychological-safety` |", "Kappa", "No-theme correct" })
        {
            Assert.Contains(section, card, StringComparison.Ordinal);
        }

        using var tagger = ThemeTagger.Load(model);
        Assert.Equal("fast", tagger.Card.Profile);
    }

    [Fact]
    public void Train_BrokenData_ListsFileAndLineAndExitsOne()
    {
        var folder = fixture.NewFolder("broken");
        File.Copy(fixture.CodebookPath, Path.Combine(folder, "codebook.json"));
        var jsonl = Path.Combine(folder, "posts.jsonl");
        File.WriteAllLines(jsonl, [
            """{"id":"p1","text":"Staff feel safe","themes":["psychological-safety"]}""",
            """{"id":"p2","text":"Broken""",
            """{"id":"p3","text":"Unknown theme","themes":["no-such-theme"]}""",
        ]);
        var csv = Path.Combine(folder, "more.csv");
        File.WriteAllText(csv, "id,text,themes\nc1,,patient-voice\nc2,\"fine\",bogus\n");
        var model = Path.Combine(folder, "m.zip");

        var result = Cli.Run("train", "--data", folder, "--out", model, "--fast");

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains($"{jsonl}:2", result.Err, StringComparison.Ordinal);
        Assert.Contains($"{jsonl}:3: field 'themes'", result.Err, StringComparison.Ordinal);
        Assert.Contains($"{csv}:2: field 'text'", result.Err, StringComparison.Ordinal);
        Assert.Contains($"{csv}:3: field 'themes': unknown theme id 'bogus'", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void Train_MissedThemeCost_IsKeptInTheModelAndNamedOnTheCard()
    {
        var folder = fixture.NewFolder("missedcost");
        var model = Path.Combine(folder, "themes.zip");

        var result = Cli.Run("train", "--data", fixture.TrainingDir, "--out", model, "--fast", "--trainer", "logisticregression", "--repeats", "1", "--missed-theme-cost", "3");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        using var tagger = ThemeTagger.Load(model);
        Assert.Equal(3, tagger.Card.Options.MissedThemeCost);
        Assert.Contains("a themed post left untagged costing 3 times a theme-less post tagged", File.ReadAllText(Path.Combine(folder, "themes.md")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("101")]
    public void Train_MissedThemeCostOutOfRange_ExitsTwoNamingIt(string cost)
    {
        var folder = fixture.NewFolder("badcost");
        var model = Path.Combine(folder, "m.zip");

        var result = Cli.Run("train", "--data", fixture.TrainingDir, "--out", model, "--fast", "--missed-theme-cost", cost);

        Assert.Equal(Program.ExitUsage, result.ExitCode);
        Assert.Contains("MissedThemeCost", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void Train_EncoderMiniLmInt8_ModelUsesTheInt8EncoderAndTheCardSaysSo()
    {
        var folder = fixture.NewFolder("int8");
        var model = Path.Combine(folder, "themes.zip");

        var result = Cli.Run("train", "--data", fixture.TrainingDir, "--out", model, "--encoder", "minilm-int8", "--trainer", "logisticregression", "--repeats", "1");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        using var tagger = ThemeTagger.Load(model);
        Assert.Equal([Encoding.EncoderKind.MiniLmInt8], tagger.Card.Encoders);
        var card = File.ReadAllText(Path.Combine(folder, "themes.md"));
        Assert.Contains("Encoder: MiniLmInt8", card, StringComparison.Ordinal);
        Assert.Contains("quantised to int8 when the model loads", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_UnknownEncoder_ExitsTwoListingTheEncoders()
    {
        var folder = fixture.NewFolder("badencoder");
        var model = Path.Combine(folder, "m.zip");

        var result = Cli.Run("train", "--data", fixture.TrainingDir, "--out", model, "--encoder", "minilm-int4");

        Assert.Equal(Program.ExitUsage, result.ExitCode);
        Assert.Contains("--encoder must be minilm, minilm-int8 or arcticxs, not 'minilm-int4'", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void Train_TwoPosts_ExitsOneWithoutModelOrScore()
    {
        var folder = fixture.NewFolder("twoposts");
        File.Copy(fixture.CodebookPath, Path.Combine(folder, "codebook.json"));
        File.WriteAllLines(Path.Combine(folder, "posts.jsonl"), [
            """{"id":"p1","text":"Staff feel safe to speak up","themes":["psychological-safety"]}""",
            """{"id":"p2","text":"Leaders walk the wards","themes":["visible-leadership"]}""",
        ]);
        var model = Path.Combine(folder, "m.zip");

        var result = Cli.Run("train", "--data", folder, "--out", model, "--fast");

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains("posts", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("100.0%", result.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void Train_MissingCodebook_ExitsOne()
    {
        var folder = fixture.NewFolder("nocodebook");
        File.WriteAllText(Path.Combine(folder, "p.jsonl"), """{"id":"p1","text":"x","themes":[]}""" + "\n");

        var result = Cli.Run("train", "--data", Path.Combine(folder, "p.jsonl"), "--out", Path.Combine(folder, "m.zip"), "--fast");

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains("codebook.json", result.Err, StringComparison.Ordinal);
    }
}
