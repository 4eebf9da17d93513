using System.Security.Cryptography;
using ThemeClassifier.Data;
using ThemeClassifier.Training;

namespace ThemeClassifier.Benchmarks;

/// <summary>The model profiles the suite measures.</summary>
public enum Profile
{
    /// <summary><see cref="TrainingOptions"/> defaults: MiniLM sentence encoder plus n-gram and keyword evidence.</summary>
    Default,

    /// <summary><see cref="TrainingOptions.Fast"/>: no encoder, ML.NET n-grams and keywords only.</summary>
    Fast,

    /// <summary>The default profile trained with the opt-in int8 MiniLM (<see cref="Encoding.EncoderKind.MiniLmInt8"/>).</summary>
    DefaultInt8,
}

/// <summary>
/// Shared inputs of every benchmark: the repository's training data, deterministic synthetic posts built from the
/// corpus texts, and the trained models (trained once per machine and cached in the temp folder, keyed by the
/// training data and the library build, because BenchmarkDotNet runs each case in its own process).
/// </summary>
public static class BenchData
{
    private static readonly Lock Gate = new();
    private static TrainingData? _training;

    /// <summary>The repository root: the folder holding ThemeClassifier.sln (or $THEMES_REPO).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string TrainingDirectory => Path.Combine(RepoRoot, "training-data");

    /// <summary>The external dev set: used for its texts only (never trained on).</summary>
    public static string DevFile =>
        Environment.GetEnvironmentVariable("THEMES_DEV") is { Length: > 0 } dev ? dev : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "eval", "external-dev.jsonl"));

    public static TrainingData Training
    {
        get
        {
            lock (Gate)
            {
                return _training ??= TrainingData.LoadDirectory(TrainingDirectory);
            }
        }
    }

    /// <summary>Every distinct corpus text: the hand-coded posts, then the dev passages when the file is there.</summary>
    public static IReadOnlyList<string> CorpusTexts()
    {
        var texts = Training.Posts.Select(p => p.Text).ToList();
        if (File.Exists(DevFile))
        {
            texts.AddRange(CodedPostReader.ReadFile(DevFile, Training.Codebook).Select(p => p.Text));
        }

        return texts.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// <paramref name="count"/> distinct tweet-length posts: the opening words of one corpus text spliced onto the
    /// closing words of another, at seeded random cut points. Same count and seed, same posts.
    /// </summary>
    public static string[] UniquePosts(int count, int seed = 1)
    {
        var words = CorpusTexts().Select(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(w => w.Length >= 4).ToArray();
        var random = new Random(seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var posts = new string[count];
        var n = 0;
        while (n < count)
        {
            var a = words[random.Next(words.Length)];
            var b = words[random.Next(words.Length)];
            var head = a.Take(Math.Min(a.Length, 2 + random.Next(Math.Min(a.Length, 30))));
            var tail = b.Skip(random.Next(b.Length - 1)).Take(30);
            var text = string.Join(' ', head.Concat(tail));
            if (seen.Add(text))
            {
                posts[n++] = text;
            }
        }

        return posts;
    }

    /// <summary>
    /// A chat stream of <paramref name="count"/> posts of which <paramref name="repeatShare"/> are retweets
    /// ("RT @handle: " + an earlier post, mostly a recent one) and the rest distinct new posts, interleaved at
    /// seeded random positions.
    /// </summary>
    public static string[] RetweetStream(int count, double repeatShare, int seed = 2)
    {
        var repeats = (int)Math.Round(count * repeatShare);
        var originals = UniquePosts(count - repeats, seed);
        var random = new Random(seed);
        var isRepeat = Enumerable.Range(0, count).Select(i => i < repeats).OrderBy(_ => random.Next()).ToArray();
        isRepeat[0] = false;
        if (isRepeat.Count(r => r) < repeats)
        {
            isRepeat[Array.IndexOf(isRepeat, false, 1)] = true;
        }

        var stream = new string[count];
        var emitted = 0;
        for (var i = 0; i < count; i++)
        {
            if (isRepeat[i] && emitted > 0)
            {
                // Retweets cluster on recent posts: pick among the last 50 originals, skewed to the newest.
                var back = (int)(Math.Min(emitted, 50) * random.NextDouble() * random.NextDouble());
                stream[i] = $"RT @user{random.Next(1000)}: {originals[emitted - 1 - back]}";
            }
            else
            {
                stream[i] = originals[emitted++];
            }
        }

        return stream;
    }

    /// <summary>A trained model of the profile: from the cache, else trained on training-data/ and cached.</summary>
    public static ThemeTagger Tagger(Profile profile) => ThemeTagger.Load(ModelPath(profile));

    /// <summary>The cached model file of the profile, trained and saved first when missing or unreadable.</summary>
    public static string ModelPath(Profile profile)
    {
        lock (Gate)
        {
            var path = Path.Combine(CacheDirectory(), $"themes-{profile.ToString().ToLowerInvariant()}.zip");
            if (File.Exists(path))
            {
                try
                {
                    ThemeTagger.Load(path).Dispose();
                    return path;
                }
                catch (Model.InvalidModelException)
                {
                    File.Delete(path);
                }
            }

            using var tagger = profile == Profile.Default && TryLoadDefault() is { } shipped ? shipped : ThemeTagger.Train(Training, Options(profile));
            var temp = path + ".tmp";
            tagger.Save(temp);
            File.Move(temp, path, overwrite: true);
            return path;
        }
    }

    /// <summary>The model embedded in the library build, or null when this build has none.</summary>
    public static ThemeTagger? TryLoadDefault()
    {
        try
        {
            return ThemeTagger.LoadDefault();
        }
        catch (Model.InvalidModelException)
        {
            return null;
        }
    }

    public static TrainingOptions Options(Profile profile) => profile switch
    {
        Profile.Fast => TrainingOptions.Fast(),
        Profile.DefaultInt8 => new TrainingOptions { Encoders = [Encoding.EncoderKind.MiniLmInt8] },
        _ => new TrainingOptions(),
    };

    private static string CacheDirectory()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(TrainingDirectory).Order(StringComparer.Ordinal))
        {
            hash.AppendData(File.ReadAllBytes(file));
        }

        hash.AppendData(File.ReadAllBytes(typeof(ThemeTagger).Assembly.Location));
        var key = Convert.ToHexString(hash.GetHashAndReset())[..16];
        var dir = Path.Combine(Path.GetTempPath(), "themeclassifier-bench", key);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        if (Environment.GetEnvironmentVariable("THEMES_REPO") is { Length: > 0 } fromEnv)
        {
            return fromEnv;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ThemeClassifier.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("ThemeClassifier.sln not found above the benchmark; set THEMES_REPO.");
    }
}
