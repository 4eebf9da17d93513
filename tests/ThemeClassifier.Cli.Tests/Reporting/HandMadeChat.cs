using System.Text.Json;

namespace ThemeClassifier.Cli.Tests.Reporting;

/// <summary>
/// A small tagged chat as 'themes tag' writes it, with export columns, and the figures a report of it must show:
/// 10 lines, one an error line, so 9 posts by 5 accounts; 8 originals and 1 retweet; Q1 with 3 answers (2 original,
/// 1 retweet), Q2 with 2 (1 without a theme); 5 posts without a theme; 10 likes and 1,000 impressions. One theme is
/// listed with a probability (0.05) below any threshold, as a file tagged by another model can have.
/// </summary>
internal static class HandMadeChat
{
    public const int Posts = 9;
    public const int Accounts = 5;
    public const int Originals = 8;
    public const int Retweets = 1;
    public const int WithoutTheme = 5;

    /// <summary>Original posts quoted as evidence: Q1 psychological-safety, co-creation, patient-voice; Q2 time-and-space.</summary>
    public const int Quotes = 4;

    public static string Write(string folder, IReadOnlyList<string> themeIds)
    {
        var path = Path.Combine(folder, "chat-tagged.jsonl");
        string Line(string author, string time, string text, params (string Id, double P)[] themes)
        {
            var scores = themeIds.ToDictionary(id => id, id => themes.FirstOrDefault(t => t.Id == id).P is var p and > 0 ? p : 0.02);
            return JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["author"] = author,
                ["created_at"] = $"2023-01-31T{time}Z",
                ["text"] = text,
                ["themes"] = themes.Select(t => t.Id).ToArray(),
                ["scores"] = scores,
            });
        }

        var ann = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["author"] = "ann",
            ["created_at"] = "2023-01-31T19:02:10Z",
            ["likes"] = 10,
            ["impressions"] = 1000,
            ["permalink"] = "https://x.com/ann/status/1",
            ["text"] = "A1 Leaders who listen, and no blame culture",
            ["themes"] = new[] { "psychological-safety" },
            ["scores"] = themeIds.ToDictionary(id => id, id => id == "psychological-safety" ? 0.91 : 0.02),
        });
        File.WriteAllLines(path,
        [
            Line("@host", "19:00:00", "Welcome to tonight's #LeadingQI chat!"),
            Line("@host", "19:01:00", "Q1: What makes staff feel safe to speak up? #LeadingQI"),
            ann,
            Line("@bob", "19:03:30", "A1: we co-design every change with patients", ("co-creation", 0.8), ("patient-voice", 0.05)),
            Line("@cat", "19:04:00", "RT @ann: A1 Leaders who listen, and no blame culture", ("psychological-safety", 0.91)),
            Line("@host", "19:10:00", "Q2 - Where do you find time for improvement?"),
            Line("@ann", "19:11:00", "A2 protected time every week", ("time-and-space", 0.77)),
            Line("@dan", "19:12:00", "A2 great question!"),
            """{"line":9,"error":"not a valid JSON object"}""",
            Line("@bob", "19:20:00", "Thanks all!"),
        ]);
        return path;
    }
}
