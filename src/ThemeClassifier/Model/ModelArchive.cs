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
/// Format version 2 adds the relevance gate: a <c>gate</c> block in the manifest and, when the gate was trained,
/// a third ML.NET model <c>gate.zip</c>; and each theme's exclusion vectors in <c>vectors.bin</c>. Version 1 files
/// (no gate, no exclusion vectors) are read by the same reader, minus those parts, and decide by thresholds alone.
/// </summary>
internal static class ModelArchive
{
    public const string DefaultResourceName = "ThemeClassifier.themes-default.zip";
    private const string Format = "ThemeClassifier.Model";
    private const int FormatVersion = 2;

    /// <summary>The format written before the relevance gate and exclusion vectors; still read.</summary>
    private const int LegacyFormatVersion = 1;
    private const string ManifestEntry = "manifest.json";
    private const string CodebookEntry = "codebook.json";
    private const string ReferencesEntry = "references.json";
    private const string VectorsEntry = "vectors.bin";
    private const string NGramsEntry = "ngrams.zip";
    private const string ScorerEntry = "scorer.zip";
    private const string GateEntry = "gate.zip";

    /// <summary>
    /// The most bytes each entry may inflate to. The default model (15 themes, 133 posts, one encoder) needs 17 KB of
    /// manifest, 31 KB of codebook, 27 KB of references (~200 bytes a post), 1 MB of vectors (~1.5 KB a post,
    /// anchor and exclusion text per encoder), 50 KB of n-gram model, 4 KB of scorer and 4 KB of gate. The caps allow a codebook of ~3,000 themes,
    /// ~80,000 posts with two encoders, and tree scorers: far beyond any hand-coded data, and still loadable in a
    /// few hundred MB. Anything larger is refused before it is inflated.
    /// </summary>
    private static readonly Dictionary<string, long> EntryCaps = new(StringComparer.Ordinal)
    {
        [ManifestEntry] = 4 << 20,
        [CodebookEntry] = 4 << 20,
        [ReferencesEntry] = 16 << 20,
        [VectorsEntry] = 256 << 20,
        [NGramsEntry] = 64 << 20,
        [ScorerEntry] = 16 << 20,
        [GateEntry] = 16 << 20,
    };

    /// <summary>The most the entries of <c>ngrams.zip</c>, <c>scorer.zip</c> or <c>gate.zip</c> (themselves ML.NET zips) may inflate to.</summary>
    private const long NestedModelBytes = 128 << 20;

    /// <summary>The largest model file read from a stream that cannot seek (it is copied into memory first).</summary>
    private const long MaxArchiveBytes = 384 << 20;

    public static void Write(ThemeTagger model, Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var refs = model.References;

        // A model read from a version-1 file has no gate and no exclusion vectors: it is written back as version 1.
        var gated = model.Gate.IsGate;
        var manifest = new JObject
        {
            ["format"] = Format,
            ["formatVersion"] = gated ? FormatVersion : LegacyFormatVersion,
            ["library"] = typeof(ModelArchive).Assembly.GetName().Version?.ToString(),
            ["maxThemes"] = model.MaxThemes,
            ["thresholds"] = new JArray(model.ThresholdArray.Select(t => (double)t)),
            ["card"] = model.Card.ToJson(),
        };
        if (gated)
        {
            manifest["gate"] = new JObject { ["threshold"] = model.Gate.Threshold, ["trained"] = model.Gate.Model is not null };
        }

        WriteText(zip, ManifestEntry, manifest.ToString(Formatting.Indented));
        WriteText(zip, CodebookEntry, model.Codebook.ToJson());
        var references = new JObject
        {
            ["ids"] = new JArray(refs.ExampleIds),
            ["texts"] = new JArray(refs.ExampleTexts),
            ["themes"] = new JArray(refs.ExampleThemes.Select(t => new JArray(t))),
        };
        WriteText(zip, ReferencesEntry, references.ToString(Formatting.Indented));
        using (var entry = Open(zip, VectorsEntry))
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
                if (gated)
                {
                    foreach (var exclusions in refs.ExclusionVectors[e])
                    {
                        WriteMatrix(writer, exclusions);
                    }
                }
            }
        }

        using (var entry = Open(zip, NGramsEntry))
        {
            model.Featurizer.Save(entry);
        }

        using (var entry = Open(zip, ScorerEntry))
        {
            model.Scorer.Save(entry);
        }

        if (model.Gate.Model is { } gate)
        {
            using var entry = Open(zip, GateEntry);
            gate.Save(entry);
        }
    }

    public static ThemeTagger Read(Stream stream)
    {
        var entry = "the archive";
        SentenceEmbedder[] embedders = [];
        try
        {
            using var zip = OpenArchive(stream);
            entry = ManifestEntry;
            var manifest = ReadJson(zip, ManifestEntry);
            if (manifest["format"] is not { Type: JTokenType.String } format || (string)format! != Format)
            {
                throw Invalid(ManifestEntry, "format", $"is {Describe(manifest["format"])}, not \"{Format}\": not a ThemeClassifier model");
            }

            if (manifest["formatVersion"] is not { Type: JTokenType.Integer } version
                || version.ToObject<System.Numerics.BigInteger>() is var v && v != FormatVersion && v != LegacyFormatVersion)
            {
                throw Invalid(ManifestEntry, "formatVersion", $"is {Describe(manifest["formatVersion"])}, not the integer {LegacyFormatVersion} or {FormatVersion}: this library reads format versions {LegacyFormatVersion} and {FormatVersion} only (retrain the model with this version)");
            }

            // Version 1 is version 2 without the relevance gate and the exclusion vectors.
            var gated = (int)version == FormatVersion;

            entry = CodebookEntry;
            var codebook = ReadCodebook(zip);
            var themeCount = codebook.Themes.Count;

            entry = ManifestEntry;
            var thresholds = ReadNumbers(manifest, "thresholds", themeCount);
            var maxThemes = ReadInteger(manifest, "maxThemes", 1, themeCount);
            var card = ReadCard(manifest, themeCount);
            var gateBlock = gated ? ReadGateBlock(manifest) : default;
            if (!gated && (card.Features & FeatureSet.Exclusions) != 0)
            {
                throw Invalid(ManifestEntry, "card.Options.Features", $"includes {FeatureSet.Exclusions}, which format version {LegacyFormatVersion} has no vectors for");
            }

            entry = ReferencesEntry;
            var references = ReadJson(zip, ReferencesEntry);
            var ids = ReadStrings(references, "ids");
            var texts = ReadStrings(references, "texts");
            var exampleThemes = ReadThemeIndices(references, themeCount);
            if (texts.Length != ids.Length || exampleThemes.Length != ids.Length || card.ExampleCount != ids.Length)
            {
                throw Invalid(ReferencesEntry, "ids", $"has {ids.Length} examples, but 'texts' has {texts.Length}, 'themes' {exampleThemes.Length} and the model card {card.ExampleCount}");
            }

            entry = VectorsEntry;
            var anchorCounts = codebook.Themes.Select(t => ThemeReferences.AnchorTexts(t).Length).ToArray();
            var exclusionCounts = gated ? codebook.Themes.Select(t => ThemeReferences.ExclusionTexts(t).Length).ToArray() : null;
            var (definitions, anchors, examples, exclusions) = ReadVectors(zip, card.Encoders.Count, anchorCounts, ids.Length, exclusionCounts);

            // Every nested model is read (bounded) before any is loaded: an oversized entry is refused before the
            // featurizer builds its tables.
            // Smallest first, so that a hostile part is refused before the larger ones are copied.
            entry = GateEntry;
            using var gateBytes = gated ? ReadGateBytes(zip, gateBlock) : null;
            entry = ScorerEntry;
            using var scorerBytes = ReadNestedModel(zip, ScorerEntry);
            entry = NGramsEntry;
            using var ngramsBytes = ReadNestedModel(zip, NGramsEntry);

            entry = NGramsEntry;
            var featurizer = NGramFeaturizer.Load(ngramsBytes, card.Seed);
            entry = ScorerEntry;
            var scorer = PairScorer.Load(scorerBytes, card.Trainer, card.Seed);
            if (scorer.FeatureCount != card.FeatureNames.Count)
            {
                throw Invalid(ScorerEntry, "Features", $"scores {scorer.FeatureCount} features, but the model card's feature set ({card.Features}) has {card.FeatureNames.Count}");
            }

            var gate = RelevanceGate.ThresholdsOnly;
            if (gated)
            {
                entry = GateEntry;
                gate = ReadGate(gateBytes, gateBlock, card);
            }

            entry = "the model";
            var themeReferences = new ThemeReferences(
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
            embedders = card.Encoders.Select(SentenceEmbedder.Create).ToArray();
            for (var e = 0; e < embedders.Length; e++)
            {
                if (definitions[e][0].Length != embedders[e].Dimension)
                {
                    throw Invalid(VectorsEntry, $"encoder {e}", $"has {definitions[e][0].Length}-dimensional vectors; {embedders[e].Kind} makes {embedders[e].Dimension}");
                }
            }

            return new ThemeTagger(codebook, card, featurizer, themeReferences, scorer, thresholds, maxThemes, embedders, gate);
        }
        catch (Exception ex)
        {
            foreach (var e in embedders)
            {
                e.Dispose();
            }

            if (ex is InvalidModelException)
            {
                throw;
            }

            throw new InvalidModelException($"The model file is invalid: '{entry}' cannot be read ({ex.GetType().Name}: {ex.Message}).", ex);
        }
    }

    private static ZipArchive OpenArchive(Stream stream)
    {
        if (!stream.CanSeek)
        {
            // ZipArchive would copy an unseekable stream into memory whatever its size.
            var copy = new MemoryStream();
            new BoundedStream(stream, MaxArchiveBytes, "the model file").CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }

        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IOException)
        {
            throw new InvalidModelException("Not a ThemeClassifier model: the file is not a zip archive (or it is truncated).", ex);
        }
    }

    private static Codebook ReadCodebook(ZipArchive zip)
    {
        try
        {
            return Codebook.Parse(ReadText(zip, CodebookEntry), CodebookEntry);
        }
        catch (TrainingDataException ex)
        {
            throw new InvalidModelException($"The model file is invalid: {ex.Errors[0]}.", ex);
        }
    }

    private static ModelCard ReadCard(JObject manifest, int themeCount)
    {
        if (manifest["card"] is not JObject json)
        {
            throw Invalid(ManifestEntry, "card", $"is {Describe(manifest["card"])}, not an object");
        }

        ModelCard? card;
        try
        {
            card = json.ToObject<ModelCard>(ModelCard.Serializer);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw new InvalidModelException($"The model file is invalid: {ManifestEntry}: field 'card' cannot be read ({ex.Message}).", ex);
        }

        Require(card?.Options is not null, "card.Options", "is missing");
        try
        {
            card!.Options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new InvalidModelException($"The model file is invalid: {ManifestEntry}: field 'card.Options.{ex.ParamName}' is out of range ({ex.Message}).", ex);
        }

        Require(!string.IsNullOrEmpty(card.Trainer), "card.Trainer", "is missing");
        Require(card.FeatureNames is not null && card.FeatureNames.SequenceEqual(PairFeatures.Names(card.Features, card.Encoders.Select(e => e.ToString()).ToArray()), StringComparer.Ordinal), "card.FeatureNames", $"does not match the feature set {card.Features} and encoders [{string.Join(", ", card.Encoders)}]");
        Require(card.ExamplesPerTheme is not null && card.ExamplesPerTheme.Count == themeCount, "card.ExamplesPerTheme", $"does not have one count per theme ({themeCount})");
        Require(card.DataFingerprint is not null, "card.DataFingerprint", "is missing");
        Require(
            card.CrossValidation is { Trainers: not null, Chosen: not null, MacroF1PerRepeat: not null, Warnings: not null, Pooled: { PerTheme: not null, ConfusionLabels: not null, Confusion: not null } }
                && !card.CrossValidation.Trainers.Contains(null),
            "card.CrossValidation",
            "is missing or incomplete");
        return card;

        static void Require(bool ok, string field, string problem)
        {
            if (!ok)
            {
                throw Invalid(ManifestEntry, field, problem);
            }
        }
    }

    /// <summary>The manifest's <c>gate</c> block (format version 2): its threshold, between 0 and 1, and whether <c>gate.zip</c> holds a trained gate.</summary>
    private static (float Threshold, bool Trained) ReadGateBlock(JObject manifest)
    {
        if (manifest["gate"] is not JObject gate)
        {
            throw Invalid(ManifestEntry, "gate", $"is {Describe(manifest["gate"])}, not an object (format version {FormatVersion} has a relevance gate)");
        }

        if (gate["threshold"] is not { Type: JTokenType.Float or JTokenType.Integer } token || (double)token is not (>= 0 and <= 1))
        {
            throw Invalid(ManifestEntry, "gate.threshold", $"is {Describe(gate["threshold"])}, not a number between 0 and 1");
        }

        if (gate["trained"] is not { Type: JTokenType.Boolean } trained)
        {
            throw Invalid(ManifestEntry, "gate.trained", $"is {Describe(gate["trained"])}, not true or false");
        }

        return ((float)(double)token, (bool)trained);
    }

    /// <summary>The bytes of <c>gate.zip</c> (bounded), or null when the manifest says no gate was trained (and then the archive must not have one).</summary>
    private static MemoryStream? ReadGateBytes(ZipArchive zip, (float Threshold, bool Trained) block)
    {
        if (block.Trained)
        {
            return ReadNestedModel(zip, GateEntry);
        }

        return zip.GetEntry(GateEntry) is null
            ? null
            : throw Invalid(ManifestEntry, "gate.trained", $"is false, but the archive has a '{GateEntry}'");
    }

    /// <summary>
    /// The relevance gate: <c>gate.zip</c>, bounded like the scorer, mapping the post-level features of the card's
    /// feature set to a probability; or, when the manifest says it was not trained, none (and no <c>gate.zip</c>).
    /// </summary>
    private static RelevanceGate ReadGate(MemoryStream? bytes, (float Threshold, bool Trained) block, ModelCard card)
    {
        if (bytes is null)
        {
            return RelevanceGate.PassThrough(block.Threshold);
        }

        var model = PairScorer.Load(bytes, "gate", card.Seed);
        var expected = RelevanceGate.FeatureCount(card.FeatureNames.Count);
        if (model.FeatureCount != expected)
        {
            throw Invalid(GateEntry, "Features", $"scores {model.FeatureCount} features, but the gate of the model card's feature set ({card.Features}) has {expected}");
        }

        return RelevanceGate.Trained(model, block.Threshold);
    }

    /// <summary>A JSON array of <paramref name="count"/> finite numbers between 0 and 1.</summary>
    private static float[] ReadNumbers(JObject json, string field, int count)
    {
        if (json[field] is not JArray array || array.Count != count || array.Any(t => t.Type is not (JTokenType.Float or JTokenType.Integer)))
        {
            throw Invalid(ManifestEntry, field, $"is {Describe(json[field])}, not an array of {count} numbers (one per theme)");
        }

        var values = array.Select(t => (double)t).ToArray();
        var bad = Array.FindIndex(values, v => !(v is >= 0 and <= 1));
        if (bad >= 0)
        {
            throw Invalid(ManifestEntry, $"{field}[{bad}]", $"is {values[bad]}, not a number between 0 and 1");
        }

        return values.Select(v => (float)v).ToArray();
    }

    private static int ReadInteger(JObject json, string field, int min, int max)
    {
        if (json[field] is not { Type: JTokenType.Integer } token || token.ToObject<System.Numerics.BigInteger>() is var value && (value < min || value > max))
        {
            throw Invalid(ManifestEntry, field, $"is {Describe(json[field])}, not an integer from {min} to {max}");
        }

        return (int)token;
    }

    private static string[] ReadStrings(JObject json, string field)
    {
        if (json[field] is not JArray array || array.Any(t => t.Type != JTokenType.String))
        {
            throw Invalid(ReferencesEntry, field, "is not an array of strings");
        }

        return array.Select(t => (string)t!).ToArray();
    }

    private static int[][] ReadThemeIndices(JObject json, int themeCount)
    {
        if (json["themes"] is not JArray array
            || array.Any(a => a is not JArray inner || inner.Any(t => t.Type != JTokenType.Integer || t.ToObject<System.Numerics.BigInteger>() < 0 || t.ToObject<System.Numerics.BigInteger>() >= themeCount)))
        {
            throw Invalid(ReferencesEntry, "themes", $"is not an array of arrays of theme indices (0 to {themeCount - 1}, the codebook's themes)");
        }

        return array.Select(a => a.Select(t => (int)t).ToArray()).ToArray();
    }

    /// <summary>
    /// Every encoder's definition, anchor and example vectors and, when <paramref name="exclusionCounts"/> is given
    /// (format version 2), each theme's exclusion vectors: each matrix the expected shape, every value finite. Without
    /// them (version 1) every theme has no exclusion vectors.
    /// </summary>
    private static (float[][][] Definitions, float[][][][] Anchors, float[][][] Examples, float[][][][] Exclusions) ReadVectors(
        ZipArchive zip, int encoders, int[] anchorCounts, int exampleCount, int[]? exclusionCounts)
    {
        using var stream = OpenEntry(zip, VectorsEntry);
        using var reader = new BinaryReader(stream);
        var stored = reader.ReadInt32();
        if (stored != encoders)
        {
            throw Invalid(VectorsEntry, "encoders", $"is {stored}, but the model card lists {encoders} encoder(s)");
        }

        var definitions = new float[encoders][][];
        var anchors = new float[encoders][][][];
        var examples = new float[encoders][][];
        var exclusions = new float[encoders][][][];
        for (var e = 0; e < encoders; e++)
        {
            var dimension = -1;
            definitions[e] = ReadMatrix(reader, stream, anchorCounts.Length, ref dimension, $"encoder {e} definitions");
            anchors[e] = anchorCounts.Select((count, t) => ReadMatrix(reader, stream, count, ref dimension, $"encoder {e} theme {t} anchors")).ToArray();
            examples[e] = ReadMatrix(reader, stream, exampleCount, ref dimension, $"encoder {e} examples");
            exclusions[e] = exclusionCounts is null
                ? anchorCounts.Select(_ => Array.Empty<float[]>()).ToArray()
                : exclusionCounts.Select((count, t) => ReadMatrix(reader, stream, count, ref dimension, $"encoder {e} theme {t} exclusions")).ToArray();
        }

        stream.EnsureComplete();
        return (definitions, anchors, examples, exclusions);
    }

    private static float[][] ReadMatrix(BinaryReader reader, BoundedStream stream, int expectedRows, ref int dimension, string field)
    {
        var rows = reader.ReadInt32();
        var columns = reader.ReadInt32();
        if (rows != expectedRows)
        {
            throw Invalid(VectorsEntry, field, $"has {rows} vectors; the codebook and examples need {expectedRows}");
        }

        if (rows == 0)
        {
            return [];
        }

        if (columns <= 0 || (dimension >= 0 && columns != dimension))
        {
            throw Invalid(VectorsEntry, field, $"has {columns}-dimensional vectors, not {(dimension >= 0 ? $"{dimension} like the encoder's others" : "at least 1")}");
        }

        if ((long)rows * columns * sizeof(float) > stream.Remaining)
        {
            throw Invalid(VectorsEntry, field, $"declares {rows} vectors of {columns} values, more than the entry holds");
        }

        dimension = columns;
        var matrix = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            matrix[r] = new float[columns];
            for (var c = 0; c < columns; c++)
            {
                var x = reader.ReadSingle();
                if (!float.IsFinite(x))
                {
                    throw Invalid(VectorsEntry, field, $"has a non-finite value ({x}) in vector {r}");
                }

                matrix[r][c] = x;
            }
        }

        return matrix;
    }

    /// <summary>
    /// An entry that is itself an ML.NET model zip, in memory, with every inner entry inflated once through a bound
    /// so that ML.NET never inflates more than <see cref="NestedModelBytes"/> in all.
    /// </summary>
    private static MemoryStream ReadNestedModel(ZipArchive zip, string name)
    {
        var copy = ReadEntry(zip, name);
        try
        {
            using (var nested = new ZipArchive(copy, ZipArchiveMode.Read, leaveOpen: true))
            {
                var total = nested.Entries.Sum(e => e.Length);
                if (total > NestedModelBytes)
                {
                    throw Invalid(name, "size", $"inflates to {total:N0} bytes, more than the {NestedModelBytes:N0} a model's part may");
                }

                foreach (var inner in nested.Entries)
                {
                    using var bounded = new BoundedStream(inner.Open(), inner.Length, $"{name}/{inner.FullName}");
                    bounded.CopyTo(Stream.Null);
                    bounded.EnsureComplete();
                }
            }

            copy.Position = 0;
            return copy;
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidModelException($"The model file is invalid: '{name}' is not a readable ML.NET model ({ex.Message}).", ex);
        }
    }

    /// <summary>An entry opened for reading, bounded by its declared size, which must be within its cap.</summary>
    private static BoundedStream OpenEntry(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidModelException($"Not a ThemeClassifier model: the archive has no '{name}'.");
        var cap = EntryCaps[name];
        if (entry.Length > cap)
        {
            throw Invalid(name, "size", $"declares {entry.Length:N0} bytes, more than the {cap:N0} this entry may have");
        }

        try
        {
            return new BoundedStream(entry.Open(), entry.Length, name);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidModelException($"The model file is invalid: '{name}' cannot be read ({ex.Message}).", ex);
        }
    }

    private static MemoryStream ReadEntry(ZipArchive zip, string name)
    {
        using var source = OpenEntry(zip, name);
        var copy = new MemoryStream((int)zip.GetEntry(name)!.Length);   // declared size, already checked against the entry's cap
        try
        {
            source.CopyTo(copy);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidModelException($"The model file is invalid: '{name}' cannot be read ({ex.Message}).", ex);
        }

        source.EnsureComplete();
        copy.Position = 0;
        return copy;
    }

    private static string ReadText(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(ReadEntry(zip, name));
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
            throw new InvalidModelException($"The model file is invalid: '{name}' is not a JSON object ({ex.Message}).", ex);
        }
    }

    private static InvalidModelException Invalid(string entry, string field, string problem) =>
        new($"The model file is invalid: {entry}: field '{field}' {problem}.");

    /// <summary>A JSON value for a message: its type and, when short, its text.</summary>
    private static string Describe(JToken? token) => token switch
    {
        null => "missing",
        { Type: JTokenType.Object or JTokenType.Array } => $"an {token.Type.ToString().ToLowerInvariant()}",
        _ => $"{token.Type.ToString().ToLowerInvariant()} {Shorten(token.ToString(Formatting.None))}",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

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

    private static Stream Open(ZipArchive zip, string name) =>
        zip.CreateEntry(name, CompressionLevel.Optimal).Open();

    private static void WriteText(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(Open(zip, name));
        writer.Write(text);
    }
}
