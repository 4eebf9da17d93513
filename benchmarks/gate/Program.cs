using System.Globalization;
using GateExperiments;
using ThemeClassifier.Data;
using ThemeClassifier.Training;

// Compares no-theme / how-many-themes decision designs on held-out pair scores computed once per profile:
// standard repeated 5-fold CV, a shift CV (the held-out fold is a whole genre: report tweets vs report prose), and
// external-dev (decision learnt as training learns it, model fitted on all training posts; dev is never trained on).
//
// dotnet run -c Release --project benchmarks/gate -- --data training-data --dev ../shared/eval/external-dev.jsonl
//     [--profile default|fast] [--repeats 3] [--l2 10] [--cache /tmp/gate-PROFILE-REPEATS.json] [--designs SET] [--diag 1]
//     [--product-check COST,...]
// SET: final (the committed table), gates, rules, extras, cost, shifted, vector, count, sweep (fixed gate thresholds), oracle
// (diagnostics: the gold decides whether / how many). The cache holds the held-out scores; delete it when the data,
// the features or the harness change. See benchmarks/README.md, section 4.
var a = args.Select((x, i) => (x, i)).Where(p => p.x.StartsWith("--", StringComparison.Ordinal)).ToDictionary(p => p.x[2..], p => args[p.i + 1]);
var data = TrainingData.LoadDirectory(a["data"]);
var dev = CodedPostReader.ReadFile(a["dev"], data.Codebook);
var profile = a.GetValueOrDefault("profile", "default");
var options = profile == "fast" ? TrainingOptions.Fast() : new TrainingOptions();
var repeats = int.Parse(a.GetValueOrDefault("repeats", "3"), CultureInfo.InvariantCulture);
var l2 = float.Parse(a.GetValueOrDefault("l2", "10"), CultureInfo.InvariantCulture);
var cache = a.GetValueOrDefault("cache", $"/tmp/gate-{profile}-{repeats}.json");
if (a.TryGetValue("product-check", out var costs))
{
    // The shipped training procedure (trainer chosen by CV) with MissedThemeCost values, scored on dev.
    foreach (var cost in costs.Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)))
    {
        var o = profile == "fast" ? TrainingOptions.Fast() : new TrainingOptions();
        o.MissedThemeCost = cost;
        using var tagger = ThemeClassifier.ThemeTagger.Train(data, o);
        var report = tagger.Evaluate(dev);
        var cv = tagger.Card.CrossValidation!.Pooled;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{profile} MissedThemeCost={cost}: trainer {tagger.Card.Trainer}, gate threshold {tagger.RelevanceThreshold:0.00}; CV top-1 {cv.Top1:0.000} macro-F1 {cv.MacroF1:0.000} no-theme {cv.NoThemeCorrect}/{cv.NoThemeCount}; dev top-1 {report.Top1:0.000} top-3 {report.Top3:0.000} macro-F1 {report.MacroF1:0.000} no-theme {report.NoThemeCorrect}/{report.NoThemeCount} themed untagged {tagger.PredictBatch(dev.Where(p => p.Themes.Count > 0).Select(p => p.Text).ToArray()).Count(p => p.Themes.Count == 0)}/{dev.Count(p => p.Themes.Count > 0)}"));
    }

    return;
}

var sets = Scoring.Compute(data, dev, options, l2, repeats, cache);

if (a.ContainsKey("diag"))
{
    Diag("std", sets.Standard.SelectMany(r => r).ToArray());
    Diag("shift", sets.Shift.SelectMany(r => r).ToArray());
    Diag("byq", sets.Question.SelectMany(r => r).ToArray());
    Diag("dev", [sets.Dev]);
}

Design[] designs = Catalogue.Select(a.GetValueOrDefault("designs", "all"));
Console.WriteLine($"profile {profile}, LR L2={l2}, {repeats} repeats; CV figures mean ± sd over repeats; untagged = no-theme left untagged / themed left untagged");
Console.WriteLine("| Design | Std top-1 | Std macro-F1 | Std no-theme untagged | Std themed untagged | Shift top-1 | Shift macro-F1 | Shift no-theme untagged | Shift themed untagged | ByQ top-1 | ByQ macro-F1 | ByQ no-theme untagged | ByQ themed untagged | Dev top-1 | Dev top-3 | Dev macro-F1 | Dev no-theme untagged | Dev themed untagged |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var design in designs)
{
    var std = PerRepeat(design, sets.Standard, options.Seed);
    var shift = PerRepeat(design, sets.Shift, options.Seed);
    var byq = PerRepeat(design, sets.Question, options.Seed);
    var d = Figures.Of(Decide(design, sets.Dev, options.Seed)!);
    Console.WriteLine($"| {design} | {Figures.Ms(std, f => f.Top1)} | {Figures.Ms(std, f => f.MacroF1)} | {Figures.Ms(std, f => f.NoThemeUntagged)} | {Figures.Ms(std, f => f.ThemedUntagged)} | {Figures.Ms(shift, f => f.Top1)} | {Figures.Ms(shift, f => f.MacroF1)} | {Figures.Ms(shift, f => f.NoThemeUntagged)} | {Figures.Ms(shift, f => f.ThemedUntagged)} | {Figures.Ms(byq, f => f.Top1)} | {Figures.Ms(byq, f => f.MacroF1)} | {Figures.Ms(byq, f => f.NoThemeUntagged)} | {Figures.Ms(byq, f => f.ThemedUntagged)} | {d.Top1:0.000} | {d.Top3:0.000} | {d.MacroF1:0.000} | {d.NoThemeUntaggedCount} | {d.ThemedUntaggedCount} |");
}

static (Scored Post, int[] Given)[]? Decide(Design design, Split split, int seed)
{
    var decide = design.Fit(split, seed);
    return decide is null ? null : split.Test.Select(s => (s, decide(s))).ToArray();
}

static Figures[]? PerRepeat(Design design, Split[][] repeats, int seed)
{
    var decided = repeats.Select(repeat => repeat.Select(split => Decide(design, split, seed)).ToArray()).ToArray();
    return decided.Any(r => r.Any(x => x is null)) ? null : decided.Select(r => Figures.Of(r.SelectMany(x => x!).ToArray())).ToArray();
}

static void Diag(string name, Split[] splits)
{
    var test = splits.SelectMany(s => s.Test).ToArray();
    var calibration = splits.SelectMany(s => s.Calibration).ToArray();
    foreach (var (label, set) in new[] { ("test", test), ("calibration", calibration) })
    {
        foreach (var themed in new[] { true, false })
        {
            var tops = set.Where(s => (s.Gold.Length > 0) == themed).Select(s => s.P.Max()).Order().ToArray();
            var gaps = set.Where(s => (s.Gold.Length > 0) == themed).Select(s => Design.ScaleFree(s)[0]).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {label} {(themed ? "themed" : "none  ")} n={tops.Length}: top prob q25 {Q(tops, 0.25):0.00} median {Q(tops, 0.5):0.00} q75 {Q(tops, 0.75):0.00}; logit gap q25 {Q(gaps, 0.25):0.00} median {Q(gaps, 0.5):0.00} q75 {Q(gaps, 0.75):0.00}"));
        }
    }
}

static float Q(float[] sorted, double q) => sorted.Length == 0 ? float.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))];
