using ThemeClassifier.Data;

namespace ThemeClassifier.Tests.Data;

/// <summary>The analyst's codebook fields: inclusion and exclusion criteria and counter-examples.</summary>
public sealed class CodebookTests
{
    private const string TwoThemes = """
        {"version": 1, "themes": [
          {"id": "a", "name": "A", "description": "About a.", "include": ["Code when a."], "exclude": ["Not when b: that is b."],
           "counterExamples": [{"text": "Looks like a, is b.", "theme": "b"}]},
          {"id": "b", "name": "B", "description": "About b."}
        ]}
        """;

    [Fact]
    public void Parse_CriteriaAndCounterExamples_AreReadAndRoundTrip()
    {
        var codebook = Codebook.Parse(TwoThemes);
        var a = codebook.Themes[0];
        Assert.Equal(["Code when a."], a.Include);
        Assert.Equal(["Not when b: that is b."], a.Exclude);
        Assert.Equal(new CounterExample("Looks like a, is b.", "b"), Assert.Single(a.CounterExamples));
        Assert.Empty(codebook.Themes[1].CounterExamples);
        var again = Codebook.Parse(codebook.ToJson());
        Assert.Equal(a.CounterExamples, again.Themes[0].CounterExamples);
        Assert.Equal(a.Exclude, again.Themes[0].Exclude);
    }

    [Theory]
    [InlineData("""{"text": "x", "theme": "zzz"}""", "another theme of the codebook, not 'zzz'")]
    [InlineData("""{"text": "x", "theme": "a"}""", "another theme of the codebook, not 'a'")]
    [InlineData("""{"text": "", "theme": "b"}""", "non-empty text and theme")]
    public void Parse_BadCounterExample_NamesTheProblem(string counterExample, string expected)
    {
        var json = TwoThemes.Replace("""{"text": "Looks like a, is b.", "theme": "b"}""", counterExample, StringComparison.Ordinal);
        var ex = Assert.Throws<TrainingDataException>(() => Codebook.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedCodebook_EveryThemeHasCriteriaAndACounterExampleOfAnotherTheme()
    {
        var codebook = Codebook.Load(Path.Combine(Repo.TrainingData, TrainingData.CodebookFileName));
        Assert.All(codebook.Themes, t =>
        {
            Assert.NotEmpty(t.Include);
            Assert.NotEmpty(t.Exclude);
            Assert.All(t.CounterExamples, c => Assert.NotEqual(t.Id, c.ThemeId));
            Assert.NotEmpty(t.CounterExamples);
        });
    }
}
