using ThemeClassifier.Features;

namespace ThemeClassifier.Tests.Features;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("RT @WBSProfBC: Culture is essential #LeadingQI", "Culture is essential")]
    [InlineData("Culture is essential https://t.co/abc123 #QIHour", "Culture is essential")]
    [InlineData("@jamespeskett @Sutcliffe1987 agree with this", "agree with this")]
    [InlineData("Encourage leadership #psychologicalsafety #BuildTrust", "Encourage leadership psychologicalsafety Build Trust")]
    [InlineData("sharing [#QIHour](#) [#leadingQI](#)", "sharing")]
    [InlineData("  lots \n of\t space  ", "lots of space")]
    public void Normalize_Post_RemovesNoiseKeepsWords(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Fact]
    public void Normalize_RetweetAndOriginal_AreEqual()
    {
        const string Original = "Psychological safety is key #LeadingQI";
        Assert.Equal(TextNormalizer.Normalize(Original), TextNormalizer.Normalize("RT @chrismcb: " + Original));
    }

    [Fact]
    public void Normalize_LoneSurrogate_IsReplaced()
    {
        var result = TextNormalizer.Normalize("safe \uD800 space \uDC00 end");
        Assert.Equal("safe \uFFFD space \uFFFD end", result);
        Assert.DoesNotContain(result, char.IsSurrogate);
    }

    [Fact]
    public void Normalize_SurrogatePair_IsKept()
    {
        Assert.Equal("great 🙌", TextNormalizer.Normalize("great 🙌"));
    }

    [Fact]
    public void Normalize_VeryLongText_IsCapped()
    {
        Assert.Equal(TextNormalizer.MaxLength, TextNormalizer.Normalize(new string('a', 100_000)).Length);
    }

    [Fact]
    public void Normalize_VariedPosts_EqualsRegexChain()
    {
        var data = ThemeClassifier.Data.TrainingData.LoadDirectory(Repo.TrainingData);
        string[] corpus = [.. data.Posts.Select(p => p.Text), .. data.Codebook.Themes.Select(ThemeReferences.NGramText)];
        foreach (var post in VariedPosts.Generate(corpus, 5000).Concat(corpus))
        {
            Assert.Equal(ReferenceTextNormalizer.Normalize(post), TextNormalizer.Normalize(post));
        }
    }

    [Fact]
    public void Normalize_EveryCodeUnitAroundMarkup_EqualsRegexChain()
    {
        string[] templates = ["a{0}b", " {0} x{0}", "{0}{0}{0}.org x", "x{0}ttp://y z", "ht{0}ps://y z", "#{0}Tag{0}", "#a{0}B", "@{0}x", "[{0}](x) y", "RT{0}@a: b", "{0}RT @a:{0}b", "#aB{0}@cD#eF{0}", "@a{0}#bC@{0}d"];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            foreach (var template in templates)
            {
                var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, (char)c);
                Assert.Equal(ReferenceTextNormalizer.Normalize(text), TextNormalizer.Normalize(text));
            }
        }
    }
}
