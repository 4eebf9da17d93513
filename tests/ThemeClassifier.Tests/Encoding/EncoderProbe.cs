namespace ThemeClassifier.Tests.Encoding;

/// <summary>
/// The test assembly's entry point, a child-process helper for tests that must watch a whole process: with
/// <c>tag</c>, tags each line of standard input with the default model (ONNX encoder) and prints its top theme.
/// </summary>
internal static class EncoderProbe
{
    public static int Main(string[] args)
    {
        if (args is not ["tag"])
        {
            Console.Error.WriteLine("usage: ThemeClassifier.Tests tag < posts.txt");
            return 2;
        }

        using var tagger = ThemeTagger.LoadDefault();
        var posts = Console.In.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var prediction in tagger.PredictBatch(posts))
        {
            Console.WriteLine(prediction.TopTheme);
        }

        return 0;
    }
}
