using System.IO.Compression;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ThemeClassifier.Data;
using ThemeClassifier.Encoding;
using ThemeClassifier.Features;
using ThemeClassifier.Training;

namespace ThemeClassifier.Model;

/// <summary>
/// The model file: a zip archive with <c>manifest.json</c> (format, card, thresholds), <c>codebook.json</c>,
/// <c>references.json</c> (the hand-coded examples), <c>vectors.bin</c> (sentence vectors of the codebook and the
/// examples), and two ML.NET models, <c>ngrams.zip</c> (featurizer) and <c>scorer.zip</c> (pair model).
/// Since format version 2 also <c>gate.zip</c> (the relevance gate; absent when it lets every post through).
/// </summary>
internal static class ModelArchive
{
    public const string DefaultResourceName = "ThemeClassifier.themes-default.zip";
    private const string Format = "ThemeClassifier.Model";
    private const int FormatVersion = 2;

    /// <summary>Replaces (never appends to) collections that have defaults, such as <c>TrainingOptions.Encoders</c>.</summary>
    private static readonly JsonSerializer CardSerializer = JsonSerializer.Create(new JsonSerializerSettings { ObjectCreationHandling = ObjectCreationHandling.Replace });

    public static void Write(ThemeTagger model, Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var refs = model.References;
        var manifest = new JObject
        {
            ["format"] = Format,
            ["formatVersion"] = FormatVersion,
            ["library"] = typeof(ModelArchive).Assembly.GetName().Version?.ToString(),
            ["maxThemes"] = model.MaxThemes,
            ["thresholds"] = new JArray(model.ThresholdArray.Select(t => (double)t)),
            ["card"] = JObject.FromObject(model.Card),

            // Format version 2: the relevance gate ("is this post about any theme?").
            ["gate"] = new JObject { ["threshold"] = model.Gate.Threshold },
        };
        WriteText(zip, "manifest.json", manifest.ToString(Formatting.Indented));
        WriteText(zip, "codebook.json", model.Codebook.ToJson());
        var references = new JObject
        {
            ["ids"] = new JArray(refs.ExampleIds),
            ["texts"] = new JArray(refs.ExampleTexts),
            ["themes"] = new JArray(refs.ExampleThemes.Select(t => new JArray(t))),
        };
        WriteText(zip, "references.json", references.ToString(Formatting.Indented));
        using (var entry = Open(zip, "vectors.bin"))
        using (var writer = new BinaryWriter(entry))
        {
            writer.Write(refs.EncoderCount);
            for (var e = 0; e < refs.EncoderCount; e++)
            {
                WriteMatrix(writer, refs.DefinitionVectors[e]);
                foreach (var anchors in refs.AnchorVectors[e])
                {
                    WriteMatrix(writer, anchors);
                }

                WriteMatrix(writer, refs.ExampleVectors[e]);

                // Format version 2: exclusion criterion and counter-example vectors.
                foreach (var exclusions in refs.ExclusionVectors[e])
                {
                    WriteMatrix(writer, exclusions);
                }
            }
        }

        using (var entry = Open(zip, "ngrams.zip"))
        {
            model.Featurizer.Save(entry);
        }

        using (var entry = Open(zip, "scorer.zip"))
        {
            model.Scorer.Save(entry);
        }

        if (model.Gate.Model is { } gate)
        {
            using var entry = Open(zip, "gate.zip");
            gate.Save(entry);
        }
    }

    public static ThemeTagger Read(Stream stream)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidModelException("Not a ThemeClassifier model: the file is not a zip archive (or it is truncated).", ex);
        }

        using (zip)
        {
            var manifest = ReadJson(zip, "manifest.json");
            if (manifest.Value<string>("format") != Format)
            {
                throw new InvalidModelException($"Not a ThemeClassifier model: manifest.json has format '{manifest.Value<string>("format")}', expected '{Format}'.");
            }

            var version = manifest.Value<int?>("formatVersion");
            if (version != FormatVersion)
            {
                throw new InvalidModelException($"The model has format version {version}; this library reads version {FormatVersion}. Retrain it with this version.");
            }

            SentenceEmbedder[] embedders = [];
            try
            {
                var card = manifest["card"]!.ToObject<ModelCard>(CardSerializer) ?? throw new InvalidModelException("manifest.json has no model card.");
                var codebook = Codebook.Parse(ReadText(zip, "codebook.json"), "codebook.json in the model");
                var thresholds = manifest["thresholds"]!.Select(t => (float)t).ToArray();
                var maxThemes = manifest.Value<int>("maxThemes");
                var refsJson = ReadJson(zip, "references.json");
                var ids = refsJson["ids"]!.Select(t => (string)t!).ToArray();
                var texts = refsJson["texts"]!.Select(t => (string)t!).ToArray();
                var exampleThemes = refsJson["themes"]!.Select(a => a.Select(t => (int)t).ToArray()).ToArray();
                var themeCount = codebook.Themes.Count;
                if (thresholds.Length != themeCount || ids.Length != texts.Length || ids.Length != exampleThemes.Length
                    || exampleThemes.Any(a => a.Any(t => t < 0 || t >= themeCount)))
                {
                    throw new InvalidModelException("The model is inconsistent: its thresholds or examples do not match its codebook.");
                }

                var (definitions, anchors, examples, exclusions) = ReadVectors(zip, themeCount, ids.Length);
                if (definitions.Length != card.Encoders.Count)
                {
                    throw new InvalidModelException("The model is inconsistent: vectors.bin does not match the encoders in the manifest.");
                }

                var featurizer = NGramFeaturizer.Load(OpenRead(zip, "ngrams.zip"), card.Seed);
                var scorer = PairScorer.Load(OpenRead(zip, "scorer.zip"), card.FeatureNames.Count, card.Trainer, card.Seed);
                var references = new ThemeReferences(
                    ids,
                    texts,
                    exampleThemes,
                    themeCount,
                    codebook.Themes.Select(t => t.Keywords.Select(k => k.ToLowerInvariant()).ToArray()).ToArray(),
                    definitions,
                    anchors,
                    examples,
                    featurizer.Transform(codebook.Themes.Select(ThemeReferences.NGramText).ToArray()),
                    featurizer.Transform(texts.Select(TextNormalizer.Normalize).ToArray()),
                    exclusions,
                    featurizer.Transform(codebook.Themes.Select(ThemeReferences.ExclusionNGramText).ToArray()));
                var gateThreshold = manifest["gate"]?.Value<float?>("threshold") ?? throw new InvalidModelException("manifest.json has no relevance gate.");
                var gate = RelevanceGate.Load(zip.GetEntry("gate.zip") is null ? null : OpenRead(zip, "gate.zip"), card.FeatureNames.Count, gateThreshold, card.Seed);
                embedders = card.Encoders.Select(SentenceEmbedder.Create).ToArray();
                return new ThemeTagger(codebook, card, featurizer, references, scorer, thresholds, maxThemes, embedders, gate);
            }
            catch (Exception ex) when (ex is not InvalidModelException)
            {
                foreach (var e in embedders)
                {
                    e.Dispose();
                }

                throw new InvalidModelException($"The model file is corrupt: {ex.Message}", ex);
            }
        }
    }

    private static (float[][][] Definitions, float[][][][] Anchors, float[][][] Examples, float[][][][] Exclusions) ReadVectors(ZipArchive zip, int themeCount, int exampleCount)
    {
        using var reader = new BinaryReader(OpenRead(zip, "vectors.bin"));
        var encoders = reader.ReadInt32();
        if (encoders is < 0 or > 8)
        {
            throw new InvalidModelException("vectors.bin is corrupt.");
        }

        var definitions = new float[encoders][][];
        var anchors = new float[encoders][][][];
        var examples = new float[encoders][][];
        var exclusions = new float[encoders][][][];
        for (var e = 0; e < encoders; e++)
        {
            definitions[e] = ReadMatrix(reader);
            anchors[e] = Enumerable.Range(0, themeCount).Select(_ => ReadMatrix(reader)).ToArray();
            examples[e] = ReadMatrix(reader);
            exclusions[e] = Enumerable.Range(0, themeCount).Select(_ => ReadMatrix(reader)).ToArray();
            if (definitions[e].Length != themeCount || examples[e].Length != exampleCount)
            {
                throw new InvalidModelException("vectors.bin does not match the codebook or the examples.");
            }
        }

        return (definitions, anchors, examples, exclusions);
    }

    private static void WriteMatrix(BinaryWriter writer, float[][] rows)
    {
        writer.Write(rows.Length);
        writer.Write(rows.Length == 0 ? 0 : rows[0].Length);
        foreach (var row in rows)
        {
            foreach (var x in row)
            {
                writer.Write(x);
            }
        }
    }

    private static float[][] ReadMatrix(BinaryReader reader)
    {
        var rows = reader.ReadInt32();
        var columns = reader.ReadInt32();
        if (rows is < 0 or > 10_000_000 || columns is < 0 or > 4096)
        {
            throw new InvalidModelException("vectors.bin is corrupt.");
        }

        var matrix = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            matrix[r] = new float[columns];
            for (var c = 0; c < columns; c++)
            {
                matrix[r][c] = reader.ReadSingle();
            }
        }

        return matrix;
    }

    private static Stream Open(ZipArchive zip, string name) =>
        zip.CreateEntry(name, CompressionLevel.Optimal).Open();

    private static MemoryStream OpenRead(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidModelException($"Not a ThemeClassifier model: the archive has no '{name}'.");
        try
        {
            using var source = entry.Open();
            var copy = new MemoryStream();
            source.CopyTo(copy);
            copy.Position = 0;
            return copy;
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidModelException($"The model file is corrupt: '{name}' cannot be read ({ex.Message}).", ex);
        }
    }

    private static string ReadText(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(OpenRead(zip, name));
        return reader.ReadToEnd();
    }

    private static JObject ReadJson(ZipArchive zip, string name)
    {
        try
        {
            return JObject.Parse(ReadText(zip, name));
        }
        catch (JsonReaderException ex)
        {
            throw new InvalidModelException($"The model file is corrupt: '{name}' is not valid JSON ({ex.Message}).", ex);
        }
    }

    private static void WriteText(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(Open(zip, name));
        writer.Write(text);
    }
}
