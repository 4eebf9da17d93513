using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ThemeClassifier.Prediction;

namespace ThemeClassifier.Cli.IO;

/// <summary>Builds the output line of a tagged record.</summary>
internal static class JsonLines
{
    /// <summary>The record's fields plus <c>themes</c> and <c>scores</c> (codebook order, 4 decimals), or <c>line</c> and <c>error</c>.</summary>
    public static string Format(InputRecord record, ThemePrediction? prediction, IReadOnlyList<string> themeIds)
    {
        var o = new JObject(record.Fields.Properties().Select(p => new JProperty(p.Name, p.Value)));
        if (record.Error is not null || prediction is null)
        {
            o["line"] = record.Line;
            o["error"] = record.Error ?? "no text";
        }
        else
        {
            o["themes"] = new JArray(prediction.Themes);
            var scores = new JObject();
            foreach (var id in themeIds)
            {
                scores[id] = Math.Round((double)prediction.ProbabilityOf(id), 4);
            }

            o["scores"] = scores;
        }

        return o.ToString(Formatting.None);
    }
}
