using System.Globalization;
using System.Text;
using ThemeClassifier.Data;
using ThemeClassifier.Evaluation;
using ThemeClassifier.Features;

namespace ThemeClassifier.Cli.Reports;

/// <summary>Writes a model's card as Markdown, for the analyst's report and for whoever uses the model next.</summary>
internal static class ModelCardWriter
{
    public static string Write(ThemeTagger tagger, TrainingData data, IReadOnlyList<string> dataPaths, string codebookPath, EvaluationReport? evaluation, string? evaluationPath)
    {
        var card = tagger.Card;
        var cv = card.CrossValidation;
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');
        string F(double v) => Tables.F(v);
        string P(double v) => Tables.Pct(v);

        Line("# Model card");
        Line();
        Line($"Trained {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC in {card.TrainingSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s (cross-validation included), seed {card.Seed}. Profile: **{card.Profile}**.");
        Line();
        Line("## Data");
        Line();
        Line($"- {card.ExampleCount} hand-coded posts from {string.Join(", ", dataPaths.Select(p => $"`{p}`"))}; codebook `{codebookPath}` ({data.Codebook.Themes.Count} themes).");
        Line($"- Posts with no theme: {data.Posts.Count(p => p.Themes.Count == 0)}.");
        Line($"- Data fingerprint (SHA-256 of codebook and posts): `{card.DataFingerprint}`.");
        Line();
        Line("| Theme | Name | Examples | Threshold |");
        Line("|---|---|---:|---:|");
        for (var t = 0; t < data.Codebook.Themes.Count; t++)
        {
            var theme = data.Codebook.Themes[t];
            Line($"| `{theme.Id}` | {Escape(theme.Name)} | {card.ExamplesPerTheme[t]} | {F(tagger.Thresholds[theme.Id])} |");
        }

        Line();
        Line("## Model");
        Line();
        Line($"- Encoder: {(card.Encoders.Count == 0 ? "none (fast profile: ML.NET n-grams and keywords only)" : string.Join(", ", card.Encoders.Select(Describe)))}.");

        Line($"- Features: {card.Features} ({card.FeatureNames.Count}: {string.Join(", ", card.FeatureNames.Select(n => $"`{n}`"))}).");
        Line($"- Trainer: **{Escape(card.Trainer)}**. Each (post, theme) pair is scored by one ML.NET binary model; probabilities are calibrated and each theme's threshold comes from cross-validation. At most {tagger.MaxThemes} themes per post.");
        Line(string.Create(CultureInfo.InvariantCulture, $"- No-theme decision: a relevance gate (ML.NET logistic regression over the post's best, second-best and mean pair probabilities and the best and mean of each pair feature) trained on held-out cross-validation scores of themed and theme-less posts{(card.Options.MissedThemeCost == 1 ? string.Empty : $", its threshold chosen with a themed post left untagged costing {card.Options.MissedThemeCost} times a theme-less post tagged")}; a post with relevance ≥ {tagger.RelevanceThreshold:0.00} gets its best theme plus any other that passes its threshold, a post below it gets none."));
        var o = card.Options;
        Line(string.Create(CultureInfo.InvariantCulture, $"- Options: seed {o.Seed}, trainer setting {o.Trainer}, {o.Folds} folds × {o.Repeats} repeats{(o.GroupByQuestion ? " (whole questions held out)" : string.Empty)}, {(o.LeaveHeadingOut ? "examples under a post's own report heading left out of its features" : "all other examples in a post's features")}, threshold shrinkage {o.ThresholdShrinkage}, minimum threshold {o.MinimumThreshold}, at most {o.MaxThemes} themes; `themes train` with these options on the same data gives the same model."));
        Line($"- Why this trainer: of the trainers compared below by {cv.Folds}-fold cross-validation repeated {cv.Repeats} time(s), it had the lowest held-out log-loss.");
        if (!card.Trainer.StartsWith("FastTree", StringComparison.Ordinal))
        {
            var fastTree = cv.Trainers.FirstOrDefault(t => t.Trainer.StartsWith("FastTree", StringComparison.Ordinal));
            if (fastTree is not null)
            {
                Line(string.Create(CultureInfo.InvariantCulture, $"- FastTree was compared and not kept: held-out log-loss {fastTree.LogLoss:F3} against {cv.Trainers[0].LogLoss:F3}; with about a dozen dense pair features a linear model is as good and is scored directly from its weights, without an ML.NET data view."));
            }
        }
        Line();
        Line("| Trainer | Log-loss | Top-1 | Top-3 | Macro-F1 | ± sd | |");
        Line("|---|---:|---:|---:|---:|---:|---|");
        foreach (var t in cv.Trainers)
        {
            Line($"| {Escape(t.Trainer)} | {F(t.LogLoss)} | {P(t.Top1)} | {P(t.Top3)} | {F(t.MacroF1)} | {F(t.MacroF1StdDev)} | {(t.Trainer == cv.Chosen ? "chosen" : string.Empty)} |");
        }

        Line();
        Line("## Cross-validation (held-out predictions of every repeat pooled)");
        Line();
        Line($"Every post is predicted once per repeat by a model that did not see it, so \"Posts\" counts {card.ExampleCount} posts × {cv.Repeats} repeat(s).");
        Line();
        WriteFigures(sb, cv.Pooled);
        Line();
        Line($"Macro-F1 per repeat: {string.Join(", ", cv.MacroF1PerRepeat.Select(F))}.");
        Line();
        if (evaluation is not null)
        {
            Line($"## External evaluation: `{evaluationPath}`");
            Line();
            Line("Posts the model was not trained on, against their human coding.");
            Line();
            WriteFigures(sb, evaluation);
            Line();
        }

        Line("## Known limits");
        Line();
        foreach (var warning in data.Warnings.Concat(cv.Warnings).Distinct())
        {
            Line($"- {Escape(warning)}.");
        }

        var rare = data.Codebook.Themes.Where((_, t) => card.ExamplesPerTheme[t] < TrainingData.MinimumExamplesPerTheme).Select(t => $"`{t.Id}`").ToArray();
        if (rare.Length > 0)
        {
            Line($"- Themes with fewer than {TrainingData.MinimumExamplesPerTheme} examples: {string.Join(", ", rare)}: hand-code more (`themes suggest`) before trusting them.");
        }

        Line($"- Trained on {card.ExampleCount} short English posts from QI tweet chats; longer or other-domain texts are tagged less reliably.");
        Line("- Figures above are estimates from small samples: a few posts more or less right move them by several points.");
        Line("- The relevance gate and the thresholds are learnt from held-out scores of the training posts; passages from other sources score lower, so more of their themed passages are judged to be about no theme than cross-validation suggests (compare \"Themed posts given no theme\" above).");
        Line("- Cross-validation figures are optimistic: the codebook's definitions and keywords were written from the same report the training posts come from, so a held-out training post still matches its theme's wording. Judge the model by the external evaluation, on passages from other sources.");
        Line("- Retweets and repeated posts get the same themes (the text is normalised: RT prefix, links and handles removed).");
        return sb.ToString();
    }

    private static void WriteFigures(StringBuilder sb, EvaluationReport r)
    {
        sb.Append("| Posts | Top-1 | Top-3 | Macro-F1 | Micro-F1 | Kappa | No-theme correct |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        sb.Append(CultureInfo.InvariantCulture, $"| {r.Count} | {Tables.Pct(r.Top1)} | {Tables.Pct(r.Top3)} | {Tables.F(r.MacroF1)} | {Tables.F(r.MicroF1)} | {Tables.F(r.Kappa)} | {r.NoThemeCorrect}/{r.NoThemeCount} |\n\n");
        var untagged = r.Confusion.Take(r.Confusion.Length - 1).Sum(row => row[^1]);
        var themed = r.Count - r.NoThemeCount;
        sb.Append(CultureInfo.InvariantCulture, $"Themed posts given no theme: {untagged}/{themed}.\n\n");
        var a = r.Agreement;
        sb.Append("| Theme | Precision | Recall | F1 | Support | Predicted | κ | α |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var t = 0; t < r.PerTheme.Count; t++)
        {
            var m = r.PerTheme[t];
            var agreement = a is null ? "| – | – " : $"| {Tables.F(a.PerTheme[t].Kappa)} | {Tables.F(a.PerTheme[t].Alpha)} ";
            sb.Append(CultureInfo.InvariantCulture, $"| `{m.ThemeId}` | {Tables.F(m.Precision)} | {Tables.F(m.Recall)} | {Tables.F(m.F1)} | {m.Support} | {m.Predicted} {agreement}|\n");
        }

        if (a is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nAgreement with the human coding, read as a second coder: most central theme (no theme counts as a label) {Tables.Pct(a.PrimaryAgreement)} agreement, Cohen's κ {Tables.F(a.PrimaryKappa)}, Krippendorff's α (nominal) {Tables.F(a.PrimaryAlpha)}; per theme (κ, α above, present/absent) mean κ {Tables.F(a.MeanThemeKappa)}, mean α {Tables.F(a.MeanThemeAlpha)}.\n");
        }
    }

    /// <summary>An encoder as the card names it: its kind, and what a reader needs to know of it beyond the name.</summary>
    private static string Describe(Encoding.EncoderKind kind) => kind switch
    {
        Encoding.EncoderKind.MiniLmInt8 => "MiniLmInt8 (MiniLM with its weight matrices quantised to int8 when the model loads: about twice as fast, its vectors close to MiniLM's but not equal; README: \"Twice the speed for a model trained with minilm-int8\")",
        _ => kind.ToString(),
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
