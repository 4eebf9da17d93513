using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using ThemeClassifier.Cli.Reporting;
using ThemeClassifier.Cli.Tests.Reporting;

namespace ThemeClassifier.Cli.Tests;

[Collection("cli")]
public sealed class ExportCommandTests(CliFixture fixture)
{
    private static readonly XNamespace Qda = "urn:QDA-XML:project:1.0";

    private (string Project, string Codebook) Export(string folder)
    {
        var output = Path.Combine(folder, "chat.qdpx");
        var result = Cli.Run("export", "--model", fixture.ModelPath, "--input", HandMadeChat.Write(folder, fixture.ThemeIds), "--output", output);
        Assert.Equal(Program.ExitOk, result.ExitCode);
        return (output, Path.Combine(folder, "chat.qdc"));
    }

    private static XDocument ProjectOf(string qdpx)
    {
        using var zip = ZipFile.OpenRead(qdpx);
        using var stream = zip.GetEntry("project.qde")!.Open();
        return XDocument.Load(stream);
    }

    private static void Validate(string xsd, Func<XmlReader> open)
    {
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema };
        settings.Schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Reporting", "RefiQda", xsd));
        var errors = new List<string>();
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message}");
        using var reader = XmlReader.Create(open(), settings);
        while (reader.Read())
        {
        }

        Assert.Empty(errors);
    }

    [Fact]
    public void Export_TaggedChat_ProjectIsValidAgainstTheRefiQdaSchema()
    {
        var (qdpx, _) = Export(fixture.NewFolder("export"));

        using var zip = ZipFile.OpenRead(qdpx);
        Validate("Project.xsd", () => XmlReader.Create(zip.GetEntry("project.qde")!.Open()));
    }

    [Fact]
    public void Export_TaggedChat_CodebookIsValidAgainstTheRefiQdaSchema()
    {
        var (_, qdc) = Export(fixture.NewFolder("export"));

        Validate("Codebook.xsd", () => XmlReader.Create(qdc));
        Assert.Equal(fixture.ThemeIds.Count, XDocument.Load(qdc).Descendants(XName.Get("Code", "urn:QDA-XML:codebook:1.0")).Count());
    }

    [Fact]
    public void Export_TaggedChat_OriginalsAreSourcesAndThemesAreCodingsWithMemos()
    {
        var (qdpx, _) = Export(fixture.NewFolder("export"));

        var project = ProjectOf(qdpx);
        var sources = project.Descendants(Qda + "TextSource").Where(s => s.Parent!.Name == Qda + "Sources").ToArray();
        Assert.Equal(HandMadeChat.Originals, sources.Length);
        using var zip = ZipFile.OpenRead(qdpx);
        foreach (var source in sources)
        {
            var path = "sources/" + source.Attribute("plainTextPath")!.Value["internal://".Length..];
            using var reader = new StreamReader(zip.GetEntry(path)!.Open());
            var text = reader.ReadToEnd();
            Assert.DoesNotContain("RT @", text, StringComparison.Ordinal);
            Assert.All(source.Elements(Qda + "PlainTextSelection"), s => Assert.Equal(text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Attribute("endPosition")!.Value));
        }

        // ann's Q1 and Q2 answers, bob's two themes: four codings, each pointing at a code and a memo that gives the probability.
        var codings = project.Descendants(Qda + "Coding").ToArray();
        Assert.Equal(4, codings.Length);
        var codes = project.Descendants(Qda + "Code").Select(c => c.Attribute("guid")!.Value).ToHashSet();
        var notes = project.Descendants(Qda + "Note").ToDictionary(n => n.Attribute("guid")!.Value, n => n.Element(Qda + "PlainTextContent")!.Value);
        Assert.All(codings, c => Assert.Contains(c.Element(Qda + "CodeRef")!.Attribute("targetGUID")!.Value, codes));
        var memos = codings.Select(c => notes[c.Element(Qda + "NoteRef")!.Attribute("targetGUID")!.Value]).ToArray();
        Assert.Contains(memos, m => m.Contains("'Psychological safety' (psychological-safety) with probability 0.91", StringComparison.Ordinal));
    }

    [Fact]
    public void Export_SameInputTwice_IdenticalFiles()
    {
        var first = Export(fixture.NewFolder("export-a"));
        var second = Export(fixture.NewFolder("export-b"));

        Assert.Equal(File.ReadAllBytes(first.Project), File.ReadAllBytes(second.Project));
        Assert.Equal(File.ReadAllBytes(first.Codebook), File.ReadAllBytes(second.Codebook));
    }

    [Fact]
    public void Uuid_SameName_SameVersion5Guid()
    {
        var a = RefiQda.Uuid("code:psychological-safety");

        Assert.Equal(a, RefiQda.Uuid("code:psychological-safety"));
        Assert.NotEqual(a, RefiQda.Uuid("code:co-creation"));
        Assert.Equal('5', a.ToString()[14]);
    }

    [Fact]
    public void Export_UnknownFormat_IsUsageError()
    {
        var result = Cli.Run("export", "--input", "x.jsonl", "--format", "nvivo");

        Assert.Equal(Program.ExitUsage, result.ExitCode);
    }
}
