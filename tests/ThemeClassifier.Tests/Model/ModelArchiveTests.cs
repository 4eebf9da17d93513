using Newtonsoft.Json.Linq;
using ThemeClassifier.Features;
using ThemeClassifier.Model;

namespace ThemeClassifier.Tests.Model;

/// <summary>
/// Model files are untrusted input: every hostile variant of the default model, built here one entry or field at a
/// time, is refused on load with an <see cref="InvalidModelException"/> naming the entry and the field.
/// </summary>
public sealed class ModelArchiveTests
{
    private const uint Gigabytes3 = 3u << 30;

    /// <summary>Case name → (hostile file, fragments the message must contain).</summary>
    private static readonly Dictionary<string, (Func<byte[]> Build, string[] Names)> Cases = new()
    {
        ["empty file"] = (() => [], ["zip"]),
        ["truncated zip"] = (() => File.ReadAllBytes(Repo.DefaultModel)[..400_000], ["zip"]),
        ["no manifest.json"] = (() => HostileModel.With(("manifest.json", null)), ["manifest.json"]),
        ["no codebook.json"] = (() => HostileModel.With(("codebook.json", null)), ["codebook.json"]),
        ["no references.json"] = (() => HostileModel.With(("references.json", null)), ["references.json"]),
        ["no vectors.bin"] = (() => HostileModel.With(("vectors.bin", null)), ["vectors.bin"]),
        ["no ngrams.zip"] = (() => HostileModel.With(("ngrams.zip", null)), ["ngrams.zip"]),
        ["no scorer.zip"] = (() => HostileModel.With(("scorer.zip", null)), ["scorer.zip"]),
        ["no gate.zip"] = (() => HostileModel.With(("gate.zip", null)), ["gate.zip"]),

        // manifest.json
        ["manifest.json not JSON"] = (() => HostileModel.With(("manifest.json", "{ not json"u8.ToArray())), ["manifest.json"]),
        ["format an object"] = (() => HostileModel.WithJson("manifest.json", m => m["format"] = new JObject { ["x"] = 1 }), ["manifest.json", "'format'"]),
        ["format foreign"] = (() => HostileModel.WithJson("manifest.json", m => m["format"] = "Other.Model"), ["manifest.json", "'format'"]),
        ["formatVersion a string"] = (() => HostileModel.WithJson("manifest.json", m => m["formatVersion"] = "1"), ["manifest.json", "'formatVersion'"]),
        ["formatVersion huge"] = (() => HostileModel.WithJson("manifest.json", m => m["formatVersion"] = JToken.Parse("123456789012345678901234567890")), ["manifest.json", "'formatVersion'"]),
        ["formatVersion 3"] = (() => HostileModel.WithJson("manifest.json", m => m["formatVersion"] = 3), ["manifest.json", "'formatVersion'"]),
        ["formatVersion 0"] = (() => HostileModel.WithJson("manifest.json", m => m["formatVersion"] = 0), ["manifest.json", "'formatVersion'"]),
        ["formatVersion 1 with the gate and exclusion vectors"] = (() => HostileModel.WithJson("manifest.json", m => m["formatVersion"] = 1), ["vectors.bin"]),
        ["threshold NaN"] = (() => HostileModel.WithJson("manifest.json", m => m["thresholds"]![3] = 12345.5, t => t.Replace("12345.5", "NaN", StringComparison.Ordinal)), ["manifest.json", "'thresholds[3]'"]),
        ["threshold infinite"] = (() => HostileModel.WithJson("manifest.json", m => m["thresholds"]![0] = 12345.5, t => t.Replace("12345.5", "Infinity", StringComparison.Ordinal)), ["manifest.json", "'thresholds[0]'"]),
        ["threshold the string NaN"] = (() => HostileModel.WithJson("manifest.json", m => m["thresholds"]![2] = double.NaN), ["manifest.json", "'thresholds'"]),
        ["threshold negative"] = (() => HostileModel.WithJson("manifest.json", m => m["thresholds"]![14] = -0.2), ["manifest.json", "'thresholds[14]'"]),
        ["threshold above 1"] = (() => HostileModel.WithJson("manifest.json", m => m["thresholds"]![1] = 1.5), ["manifest.json", "'thresholds[1]'"]),
        ["threshold a string"] = (() => HostileModel.WithJson("manifest.json", m => m["thresholds"]![1] = "0.5"), ["manifest.json", "'thresholds'"]),
        ["thresholds one short"] = (() => HostileModel.WithJson("manifest.json", m => ((JArray)m["thresholds"]!).RemoveAt(0)), ["manifest.json", "'thresholds'"]),
        ["maxThemes negative"] = (() => HostileModel.WithJson("manifest.json", m => m["maxThemes"] = -1), ["manifest.json", "'maxThemes'"]),
        ["maxThemes zero"] = (() => HostileModel.WithJson("manifest.json", m => m["maxThemes"] = 0), ["manifest.json", "'maxThemes'"]),
        ["maxThemes missing"] = (() => HostileModel.WithJson("manifest.json", m => m.Remove("maxThemes")), ["manifest.json", "'maxThemes'"]),
        ["maxThemes above theme count"] = (() => HostileModel.WithJson("manifest.json", m => m["maxThemes"] = 16), ["manifest.json", "'maxThemes'"]),
        ["maxThemes a string"] = (() => HostileModel.WithJson("manifest.json", m => m["maxThemes"] = "3"), ["manifest.json", "'maxThemes'"]),
        ["card missing"] = (() => HostileModel.WithJson("manifest.json", m => m.Remove("card")), ["manifest.json", "'card'"]),
        ["card a string"] = (() => HostileModel.WithJson("manifest.json", m => m["card"] = "card"), ["manifest.json", "'card'"]),
        ["card seed an object"] = (() => HostileModel.WithJson("manifest.json", m => m["card"]!["Options"]!["Seed"] = new JObject()), ["manifest.json", "'card'"]),
        ["card options missing"] = (() => HostileModel.WithJson("manifest.json", m => ((JObject)m["card"]!).Remove("Options")), ["manifest.json", "'card.Options'"]),
        ["card feature set empty"] = (() => HostileModel.WithJson("manifest.json", m => m["card"]!["Options"]!["Features"] = 0), ["manifest.json", "'card.Options.Features'"]),
        ["card encoder unknown"] = (() => HostileModel.WithJson("manifest.json", m => m["card"]!["Options"]!["Encoders"] = new JArray(7)), ["manifest.json", "'card.Options.Encoders'"]),
        ["card missed-theme cost zero"] = (() => HostileModel.WithJson("manifest.json", m => m["card"]!["Options"]!["MissedThemeCost"] = 0), ["manifest.json", "'card.Options.MissedThemeCost'"]),
        ["card missed-theme cost huge"] = (() => HostileModel.WithJson("manifest.json", m => m["card"]!["Options"]!["MissedThemeCost"] = 1e300), ["manifest.json", "'card.Options.MissedThemeCost'"]),
        ["card feature set differs from its feature names"] = (() => HostileModel.WithJson("manifest.json", m => m["card"]!["Options"]!["Features"] = (int)(FeatureSet.All & ~FeatureSet.Keywords)), ["manifest.json", "'card.FeatureNames'"]),
        ["card trainer missing"] = (() => HostileModel.WithJson("manifest.json", m => ((JObject)m["card"]!).Remove("Trainer")), ["manifest.json", "'card.Trainer'"]),
        ["card cross-validation without pooled figures"] = (() => HostileModel.WithJson("manifest.json", m => ((JObject)m["card"]!["CrossValidation"]!).Remove("Pooled")), ["manifest.json", "'card.CrossValidation'"]),
        ["card examples per theme one short"] = (() => HostileModel.WithJson("manifest.json", m => ((JArray)m["card"]!["ExamplesPerTheme"]!).RemoveAt(0)), ["manifest.json", "'card.ExamplesPerTheme'"]),
        ["gate missing"] = (() => HostileModel.WithJson("manifest.json", m => m.Remove("gate")), ["manifest.json", "'gate'"]),
        ["gate a number"] = (() => HostileModel.WithJson("manifest.json", m => m["gate"] = 0.5), ["manifest.json", "'gate'"]),
        ["gate threshold NaN"] = (() => HostileModel.WithJson("manifest.json", m => m["gate"]!["threshold"] = 12345.5, t => t.Replace("12345.5", "NaN", StringComparison.Ordinal)), ["manifest.json", "'gate.threshold'"]),
        ["gate threshold infinite"] = (() => HostileModel.WithJson("manifest.json", m => m["gate"]!["threshold"] = 12345.5, t => t.Replace("12345.5", "-Infinity", StringComparison.Ordinal)), ["manifest.json", "'gate.threshold'"]),
        ["gate threshold the string NaN"] = (() => HostileModel.WithJson("manifest.json", m => m["gate"]!["threshold"] = double.NaN), ["manifest.json", "'gate.threshold'"]),
        ["gate threshold negative"] = (() => HostileModel.WithJson("manifest.json", m => m["gate"]!["threshold"] = -0.1), ["manifest.json", "'gate.threshold'"]),
        ["gate threshold above 1"] = (() => HostileModel.WithJson("manifest.json", m => m["gate"]!["threshold"] = 1.01), ["manifest.json", "'gate.threshold'"]),
        ["gate threshold a string"] = (() => HostileModel.WithJson("manifest.json", m => m["gate"]!["threshold"] = "0.5"), ["manifest.json", "'gate.threshold'"]),
        ["gate threshold missing"] = (() => HostileModel.WithJson("manifest.json", m => ((JObject)m["gate"]!).Remove("threshold")), ["manifest.json", "'gate.threshold'"]),
        ["gate trained a string"] = (() => HostileModel.WithJson("manifest.json", m => m["gate"]!["trained"] = "true"), ["manifest.json", "'gate.trained'"]),
        ["gate trained missing"] = (() => HostileModel.WithJson("manifest.json", m => ((JObject)m["gate"]!).Remove("trained")), ["manifest.json", "'gate.trained'"]),
        ["gate not trained, but gate.zip present"] = (() => HostileModel.WithJson("manifest.json", m => m["gate"]!["trained"] = false), ["manifest.json", "'gate.trained'", "gate.zip"]),
        ["feature set does not match the scorer"] = (() => HostileModel.WithJson("manifest.json", m =>
        {
            var features = FeatureSet.All & ~FeatureSet.Keywords;
            m["card"]!["Options"]!["Features"] = (int)features;
            m["card"]!["FeatureNames"] = new JArray(PairFeatures.Names(features, ["MiniLm"]));
        }), ["scorer.zip", "'Features'"]),

        // codebook.json and references.json
        ["codebook.json not JSON"] = (() => HostileModel.With(("codebook.json", "]"u8.ToArray())), ["codebook.json"]),
        ["codebook has a theme less than the thresholds"] = (() => HostileModel.WithJson("codebook.json", c =>
        {
            // Counter-examples name other themes: those of the removed theme go too, so the codebook stays valid.
            ((JArray)c["themes"]!).RemoveAt(14);
            foreach (var theme in c["themes"]!)
            {
                theme["counterExamples"] = new JArray(theme["counterExamples"]!.Where(x => (string?)x["theme"] != "facing-problems"));
            }
        }), ["manifest.json", "'thresholds'"]),
        ["codebook keyword not in vectors.bin"] = (() => HostileModel.WithJson("codebook.json", c => ((JArray)c["themes"]![2]!["keywords"]!).Add("brand new phrase")), ["vectors.bin", "theme 2 anchors"]),
        ["reference id a number"] = (() => HostileModel.WithJson("references.json", r => r["ids"]![0] = 42), ["references.json", "'ids'"]),
        ["reference texts one short"] = (() => HostileModel.WithJson("references.json", r => ((JArray)r["texts"]!).RemoveAt(0)), ["references.json", "'ids'"]),
        ["reference theme beyond the codebook"] = (() => HostileModel.WithJson("references.json", r => r["themes"]![0] = new JArray(15)), ["references.json", "'themes'"]),
        ["codebook exclusion criterion not in vectors.bin"] = (() => HostileModel.WithJson("codebook.json", c => ((JArray)c["themes"]![4]!["exclude"]!).Add("a brand new exclusion")), ["vectors.bin", "theme 4 exclusions"]),
        ["reference theme negative"] = (() => HostileModel.WithJson("references.json", r => r["themes"]![5] = new JArray(0, -1)), ["references.json", "'themes'"]),

        // vectors.bin
        ["vector NaN"] = (() => HostileModel.WithVectors(m => m[0][3][7] = float.NaN), ["vectors.bin", "encoder 0 definitions"]),
        ["vector infinite"] = (() => HostileModel.WithVectors(m => m[16][50][0] = float.PositiveInfinity), ["vectors.bin", "encoder 0 examples"]),
        ["vector dimensions differ within an encoder"] = (() => HostileModel.WithVectors(m => m[16] = m[16].Select(v => v[..383]).ToArray()), ["vectors.bin", "encoder 0 examples"]),
        ["vector dimensions differ from the encoder"] = (() => HostileModel.WithVectors(m => m.ForEach(x => Array.Copy(x.Select(v => v[..383]).ToArray(), x, x.Length))), ["vectors.bin", "encoder 0", "384"]),
        ["vectors for an example less"] = (() => HostileModel.WithVectors(m => m[16] = m[16][1..]), ["vectors.bin", "encoder 0 examples"]),
        ["vectors for two encoders, card has one"] = (() => HostileModel.WithVectors(_ => { }, encoders: 2), ["vectors.bin", "'encoders'"]),
        ["exclusion vector NaN"] = (() => HostileModel.WithVectors(m => m[ExclusionsOf(3)][1][5] = float.NaN), ["vectors.bin", "encoder 0 theme 3 exclusions"]),
        ["exclusion vector infinite"] = (() => HostileModel.WithVectors(m => m[ExclusionsOf(14)][2][0] = float.NegativeInfinity), ["vectors.bin", "encoder 0 theme 14 exclusions"]),
        ["exclusion vectors one short for a theme"] = (() => HostileModel.WithVectors(m => m[ExclusionsOf(7)] = m[ExclusionsOf(7)][1..]), ["vectors.bin", "encoder 0 theme 7 exclusions"]),
        ["exclusion vectors one too many for a theme"] = (() => HostileModel.WithVectors(m => m[ExclusionsOf(0)] = [.. m[ExclusionsOf(0)], m[ExclusionsOf(0)][0]]), ["vectors.bin", "encoder 0 theme 0 exclusions"]),
        ["exclusion vectors of a theme missing"] = (() => HostileModel.WithVectors(m => m.RemoveAt(ExclusionsOf(14))), ["vectors.bin"]),
        ["exclusion vector dimensions differ from the encoder's others"] = (() => HostileModel.WithVectors(m => m[ExclusionsOf(5)] = m[ExclusionsOf(5)].Select(v => v[..383]).ToArray()), ["vectors.bin", "encoder 0 theme 5 exclusions"]),
        ["vectors.bin with trailing bytes"] = (() => HostileModel.WithVectors(_ => { }, trailingBytes: 4), ["vectors.bin"]),
        ["vectors.bin truncated"] = (() => HostileModel.With(("vectors.bin", HostileModel.Entries["vectors.bin"][..500_000])), ["vectors.bin"]),

        // ngrams.zip and scorer.zip (ML.NET models)
        ["ngrams.zip garbage"] = (() => HostileModel.With(("ngrams.zip", new byte[5000])), ["ngrams.zip"]),
        ["scorer.zip garbage"] = (() => HostileModel.With(("scorer.zip", "PK not a model"u8.ToArray())), ["scorer.zip"]),
        ["scorer.zip is the n-gram featurizer"] = (() => HostileModel.With(("scorer.zip", HostileModel.Entries["ngrams.zip"])), ["scorer.zip"]),
        ["ngrams.zip is the scorer"] = (() => HostileModel.With(("ngrams.zip", HostileModel.Entries["scorer.zip"])), ["ngrams.zip"]),
        ["gate.zip garbage"] = (() => HostileModel.With(("gate.zip", "PK not a model"u8.ToArray())), ["gate.zip"]),
        ["gate.zip empty"] = (() => HostileModel.With(("gate.zip", [])), ["gate.zip"]),
        ["gate.zip is the n-gram featurizer"] = (() => HostileModel.With(("gate.zip", HostileModel.Entries["ngrams.zip"])), ["gate.zip"]),
        ["gate.zip is the scorer (pair features, not post features)"] = (() => HostileModel.With(("gate.zip", HostileModel.Entries["scorer.zip"])), ["gate.zip", "'Features'"]),
        ["scorer.zip is the gate"] = (() => HostileModel.With(("scorer.zip", HostileModel.Entries["gate.zip"])), ["scorer.zip", "'Features'"]),

        // format version 1 (no gate, no exclusion vectors): the same reader, the same checks
        ["version 1 vector NaN"] = (() => HostileModel.AsVersion1(m => m[16][2][9] = float.NaN), ["vectors.bin", "encoder 0 examples"]),
        ["version 1 with exclusion vectors"] = (() => HostileModel.AsVersion1(_ => { }, keepExclusions: true), ["vectors.bin"]),
        ["version 1 with exclusion features"] = (() => HostileModel.AsVersion1(_ => { }, edit: m =>
        {
            var features = FeatureSet.All;
            m["card"]!["Options"]!["Features"] = (int)features;
            m["card"]!["FeatureNames"] = new JArray(PairFeatures.Names(features, ["MiniLm"]));
        }), ["manifest.json", "'card.Options.Features'"]),
        ["version 1 threshold above 1"] = (() => HostileModel.AsVersion1(_ => { }, edit: m => m["thresholds"]![4] = 1.5), ["manifest.json", "'thresholds[4]'"]),
    };

    /// <summary>
    /// Entries too large, declared or inflated: refused before anything is inflated when the declared size is over
    /// the entry's cap, and never inflated past the declared size when that lies.
    /// </summary>
    private static readonly Dictionary<string, (Func<byte[]> Build, string[] Names)> SizeCases = new()
    {
        ["manifest.json declares 1.5 GB"] = (() => HostileModel.DeclaringLength(HostileModel.With(), "manifest.json", 1536u << 20), ["manifest.json", "size"]),
        ["vectors.bin declares 3 GB"] = (() => HostileModel.DeclaringLength(HostileModel.With(), "vectors.bin", Gigabytes3), ["vectors.bin", "size"]),
        ["references.json 17 MB, over its cap"] = (() => HostileModel.WithZeros("references.json", 17 << 20), ["references.json", "size"]),
        ["manifest.json inflates to 64 MB, declares 12 KB"] = (() => HostileModel.DeclaringLength(HostileModel.WithZeros("manifest.json", 64 << 20), "manifest.json", 12_374), ["manifest.json"]),
        ["vectors.bin inflates to 100 MB, declares 0.8 MB"] = (() => HostileModel.DeclaringLength(HostileModel.WithZeros("vectors.bin", 100 << 20), "vectors.bin", 808_076), ["vectors.bin"]),
        ["ngrams.zip holds an entry declaring 3 GB"] = (() => HostileModel.With(("ngrams.zip", HostileModel.DeclaringLength(NestedZip(1000), "big.bin", Gigabytes3))), ["ngrams.zip", "size"]),
        ["scorer.zip holds an entry inflating to 20 MB, declaring 1 KB"] = (() => HostileModel.With(("scorer.zip", HostileModel.DeclaringLength(NestedZip(20 << 20), "big.bin", 1000))), ["scorer.zip"]),
        ["gate.zip 17 MB, over its cap"] = (() => HostileModel.WithZeros("gate.zip", 17 << 20), ["gate.zip", "size"]),
        ["gate.zip declares 3 GB"] = (() => HostileModel.DeclaringLength(HostileModel.With(), "gate.zip", Gigabytes3), ["gate.zip", "size"]),
        ["gate.zip inflates to 12 MB, declares 4 KB"] = (() => HostileModel.DeclaringLength(HostileModel.WithZeros("gate.zip", 12 << 20), "gate.zip", 4_262), ["gate.zip"]),
        ["gate.zip holds an entry declaring 3 GB"] = (() => HostileModel.With(("gate.zip", HostileModel.DeclaringLength(NestedZip(1000), "big.bin", Gigabytes3))), ["gate.zip", "size"]),
        ["gate.zip holds an entry inflating to 20 MB, declaring 1 KB"] = (() => HostileModel.With(("gate.zip", HostileModel.DeclaringLength(NestedZip(20 << 20), "big.bin", 1000))), ["gate.zip"]),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    public static TheoryData<string> SizeCaseNames => [.. SizeCases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Load_HostileModel_ThrowsInvalidModelExceptionNamingEntryAndField(string name)
    {
        var (build, names) = Cases[name];
        AssertRefused(build(), names, maxAllocated: 256L << 20);
    }

    [Theory]
    [MemberData(nameof(SizeCaseNames))]
    public void Load_OversizedEntry_ThrowsInvalidModelExceptionWithoutInflatingIt(string name)
    {
        var (build, names) = SizeCases[name];

        // The valid parts read before a refusal (manifest, references, vectors, the nested models' bounded copies) take
        // about 8.5 MB; every hostile entry here would take 12 MB to 3 GB if it were inflated.
        AssertRefused(build(), names, maxAllocated: 12L << 20);
    }

    [Fact]
    public void Load_CardWithoutMissedThemeCost_ReadsTheBalancedRuleItWasTrainedWith()
    {
        // The committed default model was saved before TrainingOptions.MissedThemeCost existed.
        Assert.DoesNotContain("MissedThemeCost", System.Text.Encoding.UTF8.GetString(HostileModel.Entries["manifest.json"]), StringComparison.Ordinal);
        using var tagger = ThemeTagger.Load(Repo.DefaultModel);
        Assert.Equal(1, tagger.Card.Options.MissedThemeCost);
    }

    [Fact]
    public void Load_UnchangedRebuild_Loads()
    {
        // The hostile cases differ from this file in one entry or field only.
        using var tagger = ThemeTagger.Load(new MemoryStream(HostileModel.With()));
        Assert.Equal(3, tagger.MaxThemes);
    }

    [Fact]
    public void Load_UnseekableStream_Loads()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(File.ReadAllBytes(Repo.DefaultModel));
        }

        compressed.Position = 0;
        using var unseekable = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionMode.Decompress);
        using var tagger = ThemeTagger.Load(unseekable);
        Assert.Equal(15, tagger.Codebook.Themes.Count);
    }

    /// <summary>Loading fails with a message naming every one of <paramref name="names"/>, allocating at most <paramref name="maxAllocated"/> bytes.</summary>
    private static void AssertRefused(byte[] model, string[] names, long maxAllocated)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<InvalidModelException>(() => ThemeTagger.Load(new MemoryStream(model)));

        Assert.All(names, n => Assert.True(ex.Message.Contains(n, StringComparison.Ordinal), $"'{n}' not in: {ex.Message}"));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocated, 0, maxAllocated);
    }

    /// <summary>The index, in <c>vectors.bin</c>'s matrices, of a theme's exclusion vectors (one encoder: definitions, 15 anchor sets, examples, then 15 exclusion sets).</summary>
    private static int ExclusionsOf(int theme) => 17 + theme;

    /// <summary>An ML.NET-model-shaped zip with one entry <c>big.bin</c> of <paramref name="size"/> zeros.</summary>
    private static byte[] NestedZip(int size)
    {
        using var output = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("big.bin").Open();
            entry.Write(new byte[size]);
        }

        return output.ToArray();
    }
}
