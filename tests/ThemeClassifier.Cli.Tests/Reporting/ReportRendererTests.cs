using ThemeClassifier.Cli.Reporting;

namespace ThemeClassifier.Cli.Tests.Reporting;

public sealed class ReportRendererTests
{
    [Theory]
    [InlineData("#LeadingQI is *great*", @"\#LeadingQI is \*great\*")]
    [InlineData("@jimmy_parvin | [link](x) <b>", @"@jimmy\_parvin \| \[link\](x) \<b\>")]
    [InlineData("two\nlines", "two lines")]
    public void EscapeMarkdown_SpecialCharacters_Escaped(string text, string expected) =>
        Assert.Equal(expected, ReportRenderer.EscapeMarkdown(text));
}
