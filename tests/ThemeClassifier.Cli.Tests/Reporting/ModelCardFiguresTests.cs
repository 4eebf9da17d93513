using ThemeClassifier.Cli.Reporting;

namespace ThemeClassifier.Cli.Tests.Reporting;

[Collection("cli")]
public sealed class ModelCardFiguresTests(CliFixture fixture)
{
    [Fact]
    public void Read_ShippedModelCard_ExternalFigures()
    {
        var figures = ModelCardFigures.Read(Path.Combine(fixture.RepoRoot, "models", "themes-default.md"));

        Assert.NotNull(figures);
        Assert.Equal("external-dev.jsonl", figures.Source);
        Assert.Matches(@"^\d+$", figures.Posts);
        Assert.Matches(@"^\d+(\.\d+)?%$", figures.Top1);
        Assert.Matches(@"^0\.\d+$", figures.MacroF1);
    }

    [Fact]
    public void Parse_CardWithoutExternalEvaluation_IsNull()
    {
        Assert.Null(ModelCardFigures.Parse(["# Model card", "## Cross-validation", "| Posts | Top-1 |", "|---|---|", "| 282 | 94.2% |"]));
    }

    [Fact]
    public void Parse_ExternalTable_ReadsColumnsByName()
    {
        var figures = ModelCardFigures.Parse(
        [
            "## External evaluation: `../eval/dev.jsonl`",
            "",
            "| Posts | Macro-F1 | Top-1 |",
            "|---:|---:|---:|",
            "| 135 | 0.506 | 66.1% |",
        ]);

        Assert.Equal(new ModelCardFigures("dev.jsonl", "135", "66.1%", "0.506"), figures);
    }

    [Fact]
    public void CardPath_ModelFile_CardBesideIt()
    {
        Assert.Equal(Path.Combine("models", "themes-2026-11.md"), ModelCardFigures.CardPath(Path.Combine("models", "themes-2026-11.zip")));
    }
}
