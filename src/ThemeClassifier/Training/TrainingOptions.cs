using ThemeClassifier.Encoding;
using ThemeClassifier.Features;

namespace ThemeClassifier.Training;

/// <summary>How <see cref="ThemeTagger.Train"/> builds a model. Plain settings; <see cref="Validate"/> checks them once.</summary>
public sealed class TrainingOptions
{
    /// <summary>Gets or sets the random seed of every trainer and of the cross-validation folds.</summary>
    /// <value>The default is 42. Same data, options and seed give the same model.</value>
    public int Seed { get; set; } = 42;

    /// <summary>Gets or sets the sentence encoders whose vectors feed the model; empty for the fast profile.</summary>
    /// <value>The default is <see cref="EncoderKind.MiniLm"/> alone.</value>
    public IReadOnlyList<EncoderKind> Encoders { get; set; } = [EncoderKind.MiniLm];

    /// <summary>Gets or sets the evidence a (post, theme) pair is scored by.</summary>
    /// <value>
    /// The default is <see cref="FeatureSet.All"/> without <see cref="FeatureSet.Exclusions"/>: the codebook's
    /// exclusion criteria and counter-examples as features measured neutral over repeated cross-validation and on
    /// the external set, so they are opt-in (the inclusion criteria are always used, as anchors).
    /// </value>
    public FeatureSet Features { get; set; } = FeatureSet.All & ~FeatureSet.Exclusions;

    /// <summary>
    /// Gets or sets whether the ML.NET n-gram features include character 3-grams besides word 1–2-grams. They make
    /// the n-gram evidence robust to spelling and word forms but cost most of the featurisation time.
    /// </summary>
    /// <value>The default is <see langword="true"/>; <see cref="Fast"/> turns them off.</value>
    public bool CharacterNGrams { get; set; } = true;

    /// <summary>Gets or sets the ML.NET trainer; <see cref="TrainerKind.Auto"/> compares them by cross-validation.</summary>
    /// <value>The default is <see cref="TrainerKind.Auto"/>.</value>
    public TrainerKind Trainer { get; set; } = TrainerKind.Auto;

    /// <summary>
    /// Gets or sets the L2 regularisation of the linear trainers; <see langword="null"/> lets cross-validation
    /// choose it from 0.001, 0.01, 0.1, 1, 10 and 100.
    /// </summary>
    /// <value>The default is <see langword="null"/>. Positive when set.</value>
    public double? L2Regularization { get; set; }

    /// <summary>
    /// Gets or sets the number of cross-validation folds (stratified by the most central theme). Training and
    /// <see cref="ThemeTagger.CrossValidate"/> refuse data too small for them with a
    /// <see cref="Data.TrainingDataException"/> (never a fallback): fewer than
    /// <see cref="Data.TrainingData.MinimumPostsToTrain"/> posts, more folds than posts, or a fold whose training
    /// part has fewer than 2 theme-coded posts.
    /// </summary>
    /// <value>The default is 5. At least 2; the number of posts for leave-one-out.</value>
    public int Folds { get; set; } = 5;

    /// <summary>
    /// Gets or sets whether cross-validation holds out whole chat questions: all posts with the same
    /// <c>question</c> fall in the same fold (posts without one are dealt stratified, as usual). Posts answering
    /// one question share its report heading and wording, so this estimate is less optimistic than plain folds.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool GroupByQuestion { get; set; }

    /// <summary>
    /// Gets or sets whether a training post is compared only with examples from other report headings (posts with
    /// the same <c>heading</c> are left out of its example and neighbour features, in training and in
    /// cross-validation). Posts under one heading answer the same prompt in the same words, which a new post from
    /// another source never does; leaving them out trains the model on the evidence it will really see.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool LeaveHeadingOut { get; set; } = true;

    /// <summary>Gets or sets how often cross-validation is repeated with reshuffled folds.</summary>
    /// <value>The default is 3. At least 1.</value>
    public int Repeats { get; set; } = 3;

    /// <summary>
    /// Gets or sets the pseudo-count that shrinks each theme's threshold toward the shared one: a theme with n
    /// examples gets (n × its own + this × shared) / (n + this).
    /// </summary>
    /// <value>The default is 5. At least 0.</value>
    public double ThresholdShrinkage { get; set; } = 5;

    /// <summary>Gets or sets the lowest threshold any theme may get, so that off-topic posts get no theme.</summary>
    /// <value>The default is 0.3. Between 0 and 1.</value>
    public double MinimumThreshold { get; set; } = 0.3;

    /// <summary>Gets or sets the most themes a post is given; a model keeps at most its codebook's number of themes.</summary>
    /// <value>The default is 3. At least 1.</value>
    public int MaxThemes { get; set; } = 3;

    /// <summary>
    /// The fast profile: no sentence encoder and no character n-grams; ML.NET word n-grams, keywords and the
    /// examples only. Several times faster to tag with, less accurate (see the README's accuracy table).
    /// </summary>
    /// <returns>New options with the fast profile's settings.</returns>
    public static TrainingOptions Fast() => new() { Encoders = [], CharacterNGrams = false };

    /// <summary>A copy of these options with another number of cross-validation repeats.</summary>
    internal TrainingOptions WithRepeats(int repeats)
    {
        var copy = (TrainingOptions)MemberwiseClone();
        copy.Repeats = repeats;
        return copy;
    }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Encoders, nameof(Encoders));
        if (Encoders.Any(e => e == EncoderKind.None || !Enum.IsDefined(e)) || Encoders.Distinct().Count() != Encoders.Count)
        {
            throw new ArgumentException("Encoders must be distinct EncoderKinds other than None (use an empty list for the fast profile).", nameof(Encoders));
        }

        if (Encoders.FirstOrDefault(e => !SentenceEncoders.IsAvailable(e)) is var missing && missing != EncoderKind.None)
        {
            throw new ArgumentException(SentenceEncoders.MissingMessage(missing), nameof(Encoders));
        }

        if (Features == 0 || (Features & ~FeatureSet.All) != 0)
        {
            throw new ArgumentException("Features must be a non-empty combination of FeatureSet flags.", nameof(Features));
        }

        if (Encoders.Count == 0 && (Features & (FeatureSet.NGrams | FeatureSet.Keywords)) == 0)
        {
            throw new ArgumentException("Without an encoder, Features must include NGrams or Keywords.", nameof(Features));
        }

        Check(L2Regularization is null or > 0, nameof(L2Regularization), "positive");
        Check(Folds >= 2, nameof(Folds), "at least 2");
        Check(Repeats >= 1, nameof(Repeats), "at least 1");
        Check(ThresholdShrinkage >= 0, nameof(ThresholdShrinkage), "at least 0");
        Check(MinimumThreshold is >= 0 and <= 1, nameof(MinimumThreshold), "between 0 and 1");
        Check(MaxThemes >= 1, nameof(MaxThemes), "at least 1");
        Check(Enum.IsDefined(Trainer), nameof(Trainer), "a TrainerKind");
    }

    private static void Check(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"{name} must be {rule}.", name);
        }
    }
}
