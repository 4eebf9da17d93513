using ThemeClassifier.Model;

namespace ThemeClassifier.Tests.Model;

/// <summary>The bound on what a model entry may inflate to, whatever its zip headers declare.</summary>
public sealed class BoundedStreamTests
{
    [Fact]
    public void Read_MoreThanTheLimit_ThrowsInvalidModelExceptionNamingTheEntry()
    {
        using var bounded = new BoundedStream(new MemoryStream(new byte[1 << 20]), 1000, "vectors.bin");

        var ex = Assert.Throws<InvalidModelException>(() => bounded.CopyTo(Stream.Null));

        Assert.Contains("'vectors.bin' holds more than 1,000 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1001, bounded.Position); // one byte past the limit, never the rest
    }

    [Fact]
    public void EnsureComplete_FewerBytesThanTheLimit_ThrowsInvalidModelException()
    {
        using var bounded = new BoundedStream(new MemoryStream(new byte[10]), 1000, "manifest.json");
        bounded.CopyTo(Stream.Null);

        var ex = Assert.Throws<InvalidModelException>(bounded.EnsureComplete);

        Assert.Contains("'manifest.json' holds 10 bytes, not the 1,000 it declares", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureComplete_ExactlyTheLimit_Passes()
    {
        using var bounded = new BoundedStream(new MemoryStream(new byte[1000]), 1000, "scorer.zip");
        bounded.CopyTo(Stream.Null);

        bounded.EnsureComplete();

        Assert.Equal(0, bounded.Remaining);
    }
}
