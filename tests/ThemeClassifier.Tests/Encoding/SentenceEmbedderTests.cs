using ThemeClassifier.Data;
using ThemeClassifier.Encoding;
using ThemeClassifier.Features;

namespace ThemeClassifier.Tests.Encoding;

public sealed class SentenceEmbedderTests
{
    [Fact]
    public void Encode_RunsOfSimilarLength_EqualOneTextPerCall()
    {
        var data = TrainingData.LoadDirectory(Repo.TrainingData);
        var random = new Random(3);
        var texts = data.Posts.Select(p => p.Text).ToArray();
        string[] extras = ["", " ", "🙌 great", "CAFÉ naïve", "\uFFFD", "a", "RT", new string('x', 900), string.Join(' ', Enumerable.Repeat("quality improvement", 60))];
        var posts = Enumerable.Range(0, 300)
            .Select(i => TextNormalizer.Normalize(string.Join(' ', texts[random.Next(texts.Length)].Split(' ').Take(random.Next(1, 40))) + " " + extras[i % extras.Length]))
            .ToArray();

        using var embedder = SentenceEmbedder.Create(EncoderKind.MiniLm);
        var batch = embedder.Encode(posts);
        for (var i = 0; i < posts.Length; i++)
        {
            var alone = embedder.Encode([posts[i]])[0];
            Assert.Equal(alone.Length, batch[i].Length);
            var difference = alone.Zip(batch[i], (a, b) => MathF.Abs(a - b)).Max();
            Assert.True(difference <= 1e-4f, $"post {i} (\"{posts[i]}\") differs by {difference} from its vector alone");
        }
    }
}
