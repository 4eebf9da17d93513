using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Newtonsoft.Json.Linq;
using ThemeClassifier.Cli;

namespace ThemeClassifier.Cli.Tests;

/// <summary>Records in = records out, in order, for arbitrary mixes of valid and malformed records of every line format.</summary>
[Collection("cli")]
public sealed class RecordsPropertyTests(CliFixture fixture)
{
    /// <summary>One generated input record: valid, one of two kinds of malformed, or a blank line (not a record).</summary>
    public sealed record Item(Kind Kind, string[] Words, bool Comma, bool Quote, bool TwoLines, string Number);

    public enum Kind
    {
        Valid,
        Broken,
        OtherBroken,
        Blank,
    }

    private static readonly string[] Vocabulary = ["staff", "speak", "up", "safe", "leaders", "wards", "co-design", "patients", "café", "naïve", "#QIHour", "@nhs", "😀", "time", "learning", "failure"];

    private static readonly string[] Numbers = ["1e400", "1e5", "-0", "12345678901234567890123", "0.10", "-1.5E-7", "42"];

    private static Gen<Item> ItemGen(bool canBreak) =>
        from kind in canBreak ? Gen.Frequency((5, Gen.Constant(Kind.Valid)), (1, Gen.Constant(Kind.Broken)), (1, Gen.Constant(Kind.OtherBroken)), (1, Gen.Constant(Kind.Blank)))
            : Gen.Frequency((6, Gen.Constant(Kind.Valid)), (1, Gen.Constant(Kind.Blank)))
        from words in Gen.Elements(Vocabulary).ArrayOf().Select(w => w.Length == 0 ? ["post"] : w.Take(8).ToArray())
        from comma in Gen.Elements(true, false)
        from quote in Gen.Elements(true, false)
        from twoLines in Gen.Elements(true, false)
        from number in Gen.Elements(Numbers)
        select new Item(kind, words, comma, quote, twoLines, number);

    private static Arbitrary<Item[]> Items(bool canBreak) => ItemGen(canBreak).ArrayOf().Select(a => a.Take(20).ToArray()).ToArbitrary();

    /// <summary>What the output must say about a record: its id and text when valid, else the line it starts on.</summary>
    private sealed record Expected(bool Valid, string Id, string Text, int Line, string Number);

    [Property(MaxTest = 40)]
    public Property Tag_JsonLines_RecordsInEqualRecordsOut() => Prop.ForAll(Items(canBreak: true), items =>
    {
        var input = new StringBuilder();
        var expected = new List<Expected>();
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            var text = string.Join(' ', item.Words) + (item.Quote ? " \"quoted\"" : string.Empty) + (item.TwoLines ? "\nsecond line" : string.Empty);
            var id = $"r{i}";
            input.Append(item.Kind switch
            {
                Kind.Valid => $$"""{"id":"{{id}}","text":{{JsonString(text)}},"n":{{item.Number}}}""",
                Kind.Broken => $$"""{"id":"{{id}}","text": """,
                Kind.OtherBroken => $$"""{"id":"{{id}}","n":{{item.Number}}}""",
                _ => "   ",
            }).Append('\n');
            if (item.Kind != Kind.Blank)
            {
                expected.Add(new Expected(item.Kind == Kind.Valid, id, text, i + 1, item.Number));
            }
        }

        var result = Cli.RunWithInput(input.ToString(), "tag", "--model", fixture.ModelPath, "--format", "jsonl");

        Check(result, expected);
        for (var k = 0; k < expected.Count; k++)
        {
            if (expected[k].Valid)
            {
                Assert.Contains($"\"n\":{expected[k].Number},", result.OutLines[k], StringComparison.Ordinal);
            }
        }
    });

    [Property(MaxTest = 40)]
    public Property Tag_Csv_RecordsInEqualRecordsOut() => Prop.ForAll(Items(canBreak: true), items =>
    {
        var input = new StringBuilder("id,text,n\n");
        var expected = new List<Expected>();
        var line = 2;
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            var text = string.Join(item.Comma ? ", " : " ", item.Words) + (item.Quote ? " \"quoted\"" : string.Empty) + (item.TwoLines ? "\nsecond line" : string.Empty);
            var id = $"r{i}";
            input.Append(item.Kind switch
            {
                Kind.Valid => $"{id},\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{i}",
                Kind.Broken => $"{id},\"{string.Join(' ', item.Words)} never closed,{i}",
                Kind.OtherBroken => $"{id},{string.Join(' ', item.Words)},{i},one too many",
                _ => string.Empty,
            }).Append('\n');
            if (item.Kind != Kind.Blank)
            {
                expected.Add(new Expected(item.Kind == Kind.Valid, id, text, line, item.Number));
            }

            line += item.Kind == Kind.Valid && item.TwoLines ? 2 : 1;
        }

        Check(Cli.RunWithInput(input.ToString(), "tag", "--model", fixture.ModelPath, "--format", "csv"), expected);
    });

    [Property(MaxTest = 30)]
    public Property Tag_PlainText_EveryNonEmptyLineIsOneRecord() => Prop.ForAll(Items(canBreak: false), items =>
    {
        var input = new StringBuilder();
        var expected = new List<Expected>();
        for (var i = 0; i < items.Length; i++)
        {
            var text = items[i].Kind == Kind.Valid ? string.Join(' ', items[i].Words) : " \t";
            input.Append(text).Append(i % 2 == 0 ? "\n" : "\r\n");
            if (items[i].Kind == Kind.Valid)
            {
                expected.Add(new Expected(true, string.Empty, text, i + 1, string.Empty));
            }
        }

        Check(Cli.RunWithInput(input.ToString(), "tag", "--model", fixture.ModelPath, "--format", "text"), expected);
    });

    /// <summary>One output line per record, in order: a valid one tagged with its own id and text, a malformed one an error with its line.</summary>
    private static void Check(CliResult result, List<Expected> expected)
    {
        Assert.Equal(Program.ExitOk, result.ExitCode);
        var lines = result.OutLines.Select(Cli.Json).ToArray();
        Assert.Equal(expected.Count, lines.Length);
        for (var k = 0; k < lines.Length; k++)
        {
            var (e, o) = (expected[k], lines[k]);
            if (e.Valid)
            {
                Assert.Null(o["error"]);
                Assert.NotNull(o["themes"]);
                Assert.Equal(e.Text, (string?)o["text"]);
                if (e.Id.Length > 0)
                {
                    Assert.Equal(e.Id, (string?)o["id"]);
                }
                else
                {
                    Assert.Equal(e.Line, (int)o["line"]!);
                }
            }
            else
            {
                Assert.NotNull(o["error"]);
                Assert.Null(o["themes"]);
                Assert.Equal(e.Line, (int)o["line"]!);
            }
        }
    }

    private static string JsonString(string text) => new JValue(text).ToString(Newtonsoft.Json.Formatting.None);
}
