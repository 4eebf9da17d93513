namespace ThemeClassifier.Training;

/// <summary>The ML.NET binary trainer that scores (post, theme) pairs.</summary>
public enum TrainerKind
{
    /// <summary>Compare the others by cross-validation and keep the best (lowest log-loss).</summary>
    Auto = 0,

    /// <summary>L-BFGS logistic regression, L1 = 0, L2 chosen by cross-validation.</summary>
    LogisticRegression = 1,

    /// <summary>SDCA logistic regression.</summary>
    Sdca = 2,

    /// <summary>FastTree boosted trees (small: few leaves, strong minimum leaf size), Platt-calibrated.</summary>
    FastTree = 3,

    /// <summary>FastTree generalised additive model: one shape function per feature.</summary>
    Gam = 4,
}
