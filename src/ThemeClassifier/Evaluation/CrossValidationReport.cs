using Newtonsoft.Json;

namespace ThemeClassifier.Evaluation;

/// <summary>Cross-validated figures of one trainer.</summary>
/// <param name="Trainer">The trainer and its settings.</param>
/// <param name="LogLoss">Mean log-loss of the (post, theme) probabilities on held-out folds.</param>
/// <param name="Top1">Held-out top-1.</param>
/// <param name="Top3">Held-out top-3 hit.</param>
/// <param name="MacroF1">Mean held-out macro-F1 over repeats.</param>
/// <param name="MacroF1StdDev">Standard deviation of macro-F1 over repeats.</param>
public sealed record TrainerResult(string Trainer, double LogLoss, double Top1, double Top3, double MacroF1, double MacroF1StdDev);

/// <summary>
/// Repeated stratified k-fold cross-validation on training data: every figure comes from posts the model of that
/// fold was not trained on (thresholds too are chosen without the fold's labels).
/// </summary>
public sealed class CrossValidationReport
{
    /// <summary>Folds per repeat.</summary>
    public required int Folds { get; init; }

    /// <summary>Repeats with reshuffled folds.</summary>
    public required int Repeats { get; init; }

    /// <summary>Every trainer compared, best first.</summary>
    public required IReadOnlyList<TrainerResult> Trainers { get; init; }

    /// <summary>The trainer kept (lowest log-loss).</summary>
    public required string Chosen { get; init; }

    /// <summary>The chosen trainer's held-out predictions of all repeats pooled.</summary>
    public required EvaluationReport Pooled { get; init; }

    /// <summary>The chosen trainer's macro-F1 in each repeat.</summary>
    public required IReadOnlyList<double> MacroF1PerRepeat { get; init; }

    /// <summary>Warnings about the data, such as themes with fewer than 3 examples.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>The report as indented JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonConvert.SerializeObject(this, Formatting.Indented);
}
