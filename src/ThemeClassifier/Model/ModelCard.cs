using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using System.Security.Cryptography;
using ThemeClassifier.Data;
using ThemeClassifier.Encoding;
using ThemeClassifier.Evaluation;
using ThemeClassifier.Features;
using ThemeClassifier.Training;

namespace ThemeClassifier.Model;

/// <summary>What a model is: its data, encoder, features, trainer and cross-validated figures. Saved inside the model.</summary>
public sealed class ModelCard
{
    /// <summary>The card's JSON form; replaces (never appends to) collections that have defaults, such as <c>TrainingOptions.Encoders</c>.</summary>
    internal static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings { ObjectCreationHandling = ObjectCreationHandling.Replace });

    /// <summary>The options the model was trained with: training again with them on the same data gives the same model.</summary>
    public required TrainingOptions Options { get; init; }

    /// <summary>The sentence encoders; empty for the fast profile.</summary>
    [JsonIgnore]
    public IReadOnlyList<EncoderKind> Encoders => Options.Encoders;

    /// <summary>The evidence pairs are scored by.</summary>
    [JsonIgnore]
    public FeatureSet Features => Options.Features;

    /// <summary>The training seed.</summary>
    [JsonIgnore]
    public int Seed => Options.Seed;

    /// <summary>The ML.NET trainer kept, with its settings.</summary>
    public required string Trainer { get; init; }

    /// <summary>The pair features, in vector order.</summary>
    public required IReadOnlyList<string> FeatureNames { get; init; }

    /// <summary>Hand-coded posts the model was trained on.</summary>
    public required int ExampleCount { get; init; }

    /// <summary>Examples of each theme, in codebook order.</summary>
    public required IReadOnlyList<int> ExamplesPerTheme { get; init; }

    /// <summary>SHA-256 of the codebook and posts, to tell which data a model came from.</summary>
    public required string DataFingerprint { get; init; }

    /// <summary>Cross-validation on the training data: held-out figures only.</summary>
    public required CrossValidationReport CrossValidation { get; init; }

    /// <summary>Wall-clock training time, cross-validation included.</summary>
    public required double TrainingSeconds { get; init; }

    /// <summary>"default" (with a sentence encoder) or "fast" (n-grams only).</summary>
    [JsonIgnore]
    public string Profile => Encoders.Count == 0 ? "fast" : "default";

    /// <summary>SHA-256 over the codebook and every post's id, text and themes.</summary>
    public static string Fingerprint(TrainingData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var text = data.Codebook.ToJson() + string.Concat(data.Posts.Select(p => $"\n{p.Id}\t{p.Text}\t{string.Join(',', p.Themes)}"));
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The card as JSON, as the model file stores it.</summary>
    internal JObject ToJson() => JObject.FromObject(this, Serializer);

    /// <summary>A deep copy that shares nothing with this card.</summary>
    internal ModelCard Clone() => ToJson().ToObject<ModelCard>(Serializer)!;
}
