namespace GateExperiments;

/// <summary>The decision designs compared (named sets, so a run can pick some).</summary>
public static class Catalogue
{
    public static Design[] Select(string which)
    {
        Design[] baseline =
        [
            new("none", "balanced"),
            new("current", "balanced"),
        ];
        Design[] gates =
        [
            new("top", "balanced"),
            new("probs", "balanced"),
            new("scalefree", "balanced"),
            new("probs+scalefree", "balanced"),
            new("both", "balanced"),
        ];
        Design[] rules =
        [
            new("current", "cost:2"),
            new("current", "cost:3"),
            new("current", "recall:0.95"),
            new("scalefree", "cost:2"),
            new("scalefree", "cost:3"),
            new("scalefree", "recall:0.95"),
            new("probs+scalefree", "cost:2"),
            new("probs+scalefree", "recall:0.95"),
        ];
        Design[] extras =
        [
            new("current", "balanced", Extras: "relative:0.5"),
            new("current", "balanced", Extras: "relative:0.7"),
            new("current", "balanced", Extras: "learnt"),
            new("current", "balanced", Extras: "either:0.7"),
            new("current", "balanced", Shrink: 20),
            new("current", "balanced", Shrink: 1000),
            new("current", "balanced", Floor: 0.2),
        ];
        return which switch
        {
            "baseline" => baseline,
            "gates" => [.. baseline, .. gates],
            "rules" => rules,
            "extras" => extras,
            "sweep" => [.. new[] { "current", "scalefree", "both" }.SelectMany(g => new float[] { 0.01f, 0.02f, 0.05f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f }.Select(t => new Design(g, $"fixed:{t}", t)))],
            "cost" => [.. new[] { "current", "both", "scalefree" }.SelectMany(g => new[] { "balanced", "cost:2", "cost:2.5", "cost:3", "cost:5" }.Select(r => new Design(g, r)))],
            "l2" => [new("current", "balanced", GateL2: 10), new("current", "cost:2.5", GateL2: 10), new("current", "balanced", GateL2: 0.1f), new("current", "cost:2.5", GateL2: 0.1f)],
            "shifted" => [.. new[] { "current", "both", "scalefree" }.SelectMany(g => new[] { "standard", "shifted", "pooled" }.Select(c => new Design(g, "balanced", Calibrate: c)))],
            "final" =>
            [
                new("none", "balanced"),
                new("current", "balanced"),
                new("top", "balanced"),
                new("scalefree", "balanced"),
                new("probs+scalefree", "balanced"),
                new("both", "balanced"),
                new("current", "cost:2.5"),
                new("current", "cost:3"),
                new("scalefree", "cost:3"),
                new("both", "cost:3"),
                new("current", "recall:0.95"),
                new("current", "balanced", GateL2: 10),
                new("current", "balanced", GateL2: 0.1f),
                new("current", "balanced", Calibrate: "shifted"),
                new("current", "balanced", Calibrate: "pooled"),
                new("both", "balanced", Calibrate: "shifted"),
                .. extras,
            ],
            "vector" => [new("current", "balanced"), new("vector", "balanced"), new("current+vector", "balanced"), new("vector", "balanced", GateL2: 10), new("current+vector", "balanced", GateL2: 10)],
            "count" => [new("current", "balanced"), new("current", "balanced", Extras: "model"), new("oracle", "balanced", Extras: "model")],
            "oracle" => [new("oracle", "balanced"), new("oracle-count", "balanced")],
            "all" => [.. baseline, .. gates, .. rules, .. extras],
            _ => throw new ArgumentException(which),
        };
    }
}
