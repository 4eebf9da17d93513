using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using ThemeClassifier.Data;
using ThemeClassifier.Reporting;

namespace ThemeClassifier.Cli.Reporting;

/// <summary>
/// The REFI-QDA exchange format (QDA-XML 1.0, REFI-QDA standard 1.5), which NVivo, ATLAS.ti, MAXQDA and QualCoder
/// import: a codebook (<c>.qdc</c>) of the model's themes, and a project (<c>.qdpx</c>, a zip of <c>project.qde</c>
/// and <c>sources/*.txt</c>) with each original post as a text source and each theme the model gave it as a coding of
/// the whole post, its probability in a memo (note). Every GUID is derived from an id (UUID version 5), so the same
/// input gives the same files.
/// </summary>
internal static class RefiQda
{
    /// <summary>The project namespace.</summary>
    public static readonly XNamespace ProjectNs = "urn:QDA-XML:project:1.0";

    /// <summary>The codebook namespace.</summary>
    public static readonly XNamespace CodebookNs = "urn:QDA-XML:codebook:1.0";

    private const string Origin = "ThemeClassifier (themes export)";

    /// <summary>The namespace the GUIDs are derived in (UUID v5); fixed forever, or exports stop being comparable.</summary>
    private static readonly Guid IdNamespace = new("6f1d8c52-4b0e-4f5c-9a57-2f3e9a1c7d40");

    /// <summary>Fixed entry times: the same input gives the same bytes.</summary>
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Colours =
    [
        "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F",
        "#BCBD22", "#17BECF", "#393B79", "#637939", "#8C6D31", "#843C39", "#7B4173",
    ];

    /// <summary>The codebook document (<c>.qdc</c>).</summary>
    public static XDocument Codebook(Codebook codebook) =>
        new(new XDeclaration("1.0", "utf-8", null), new XElement(CodebookNs + "CodeBook", new XAttribute("origin", Origin), Codes(CodebookNs, codebook)));

    /// <summary>The project document (<c>project.qde</c>) and each source's file name and text.</summary>
    /// <param name="name">The project's name.</param>
    /// <param name="posts">The chat's posts; retweets are left out (they repeat an original).</param>
    /// <param name="codebook">The themes.</param>
    /// <param name="thresholds">Each theme's threshold, quoted in the memos.</param>
    /// <param name="model">What tagged the posts, for the memos.</param>
    public static (XDocument Project, IReadOnlyList<(string File, string Text)> Sources) Project(
        string name, IReadOnlyList<ChatPost> posts, Codebook codebook, IReadOnlyDictionary<string, float> thresholds, string model)
    {
        var ns = ProjectNs;
        var user = Uuid("user:themes");
        var variables = new[] { "author", "time", "question" }.ToDictionary(v => v, v => Uuid("variable:" + v));
        var sources = new List<(string, string)>();
        var sourceElements = new List<XElement>();
        var notes = new List<XElement>();
        for (var i = 0; i < posts.Count; i++)
        {
            var post = posts[i];
            if (ChatStructure.Classify(post.Text).IsRetweet)
            {
                continue;
            }

            var key = "post:" + (post.Id ?? $"{i}:{post.Text}");
            var guid = Uuid(key);
            var file = $"{guid}.txt";
            sources.Add((file, post.Text));
            var length = post.Text.EnumerateRunes().Count();
            var selections = post.Themes.Select(themeId =>
            {
                var theme = codebook.Themes[codebook.IndexOf(themeId)];
                var probability = post.Scores.TryGetValue(themeId, out var p) ? p.ToString("0.00", CultureInfo.InvariantCulture) : "unknown";
                var threshold = thresholds.TryGetValue(themeId, out var t) ? t.ToString("0.00", CultureInfo.InvariantCulture) : "unknown";
                var memo = $"Suggested by {model}: '{theme.Name}' ({themeId}) with probability {probability} (threshold {threshold}). A suggestion to check, not a human coding.";
                var note = Uuid($"{key}:note:{themeId}");
                notes.Add(new XElement(ns + "Note",
                    new XAttribute("guid", note),
                    new XAttribute("name", $"themes: {theme.Name} {probability}"),
                    new XAttribute("creatingUser", user),
                    new XElement(ns + "PlainTextContent", memo)));
                return new XElement(ns + "PlainTextSelection",
                    new XAttribute("guid", Uuid($"{key}:selection:{themeId}")),
                    new XAttribute("name", theme.Name),
                    new XAttribute("startPosition", 0),
                    new XAttribute("endPosition", length),
                    new XAttribute("creatingUser", user),
                    new XElement(ns + "Description", $"probability {probability}"),
                    new XElement(ns + "Coding",
                        new XAttribute("guid", Uuid($"{key}:coding:{themeId}")),
                        new XAttribute("creatingUser", user),
                        new XElement(ns + "CodeRef", new XAttribute("targetGUID", Uuid("code:" + themeId))),
                        new XElement(ns + "NoteRef", new XAttribute("targetGUID", note))));
            });
            var values = new (string Variable, string? Value)[]
            {
                ("author", post.Author),
                ("time", post.Time?.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)),
                ("question", ChatStructure.Classify(post.Text, post.Question).QuestionLabel),
            };
            sourceElements.Add(new XElement(ns + "TextSource",
                new XAttribute("guid", guid),
                new XAttribute("name", string.Join(' ', new[] { post.Id, post.Author }.Where(s => s is not null).DefaultIfEmpty($"post {i + 1}"))),
                new XAttribute("plainTextPath", "internal://" + file),
                new XAttribute("creatingUser", user),
                selections,
                values.Where(v => v.Value is not null).Select(v => new XElement(ns + "VariableValue",
                    new XElement(ns + "VariableRef", new XAttribute("targetGUID", variables[v.Variable])),
                    new XElement(ns + "TextValue", v.Value)))));
        }

        var project = new XElement(ns + "Project",
            new XAttribute("name", name),
            new XAttribute("origin", Origin),
            new XAttribute("creatingUserGUID", user),
            new XElement(ns + "Users", new XElement(ns + "User", new XAttribute("guid", user), new XAttribute("name", "ThemeClassifier model"), new XAttribute("id", "themes"))),
            new XElement(ns + "CodeBook", Codes(ns, codebook)),
            new XElement(ns + "Variables", variables.Select(v => new XElement(ns + "Variable",
                new XAttribute("guid", v.Value),
                new XAttribute("name", v.Key),
                new XAttribute("typeOfVariable", "Text")))),
            sourceElements.Count == 0 ? null : new XElement(ns + "Sources", sourceElements),
            notes.Count == 0 ? null : new XElement(ns + "Notes", notes),
            new XElement(ns + "Description", $"Posts of a chat export with the themes {model} suggested (retweets left out). Codings are the model's suggestions, each with its probability in a note: check them before use."));
        return (new XDocument(new XDeclaration("1.0", "utf-8", null), project), sources);
    }

    /// <summary>Writes the <c>.qdpx</c> zip: <c>project.qde</c> and <c>sources/</c>, with fixed entry times.</summary>
    public static void WriteProject(Stream stream, XDocument project, IReadOnlyList<(string File, string Text)> sources)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        void Entry(string path, Action<Stream> write)
        {
            var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
            entry.LastWriteTime = EntryTime;
            using var s = entry.Open();
            write(s);
        }

        Entry("project.qde", s => Save(project, s));
        foreach (var (file, text) in sources)
        {
            Entry("sources/" + file, s => s.Write(new UTF8Encoding(false).GetBytes(text)));
        }
    }

    /// <summary>Saves a document as UTF-8 without a BOM, indented.</summary>
    public static void Save(XDocument document, Stream stream)
    {
        using var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true });
        document.Save(writer);
    }

    /// <summary>A name-based GUID (UUID version 5, SHA-1) in this exporter's namespace.</summary>
    public static Guid Uuid(string name)
    {
        Span<byte> ns = stackalloc byte[16];
        IdNamespace.TryWriteBytes(ns, bigEndian: true, out _);
        var hash = SHA1.HashData([.. ns, .. System.Text.Encoding.UTF8.GetBytes(name)]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static XElement Codes(XNamespace ns, Codebook codebook) =>
        new(ns + "Codes", codebook.Themes.Select((theme, i) => new XElement(ns + "Code",
            new XAttribute("guid", Uuid("code:" + theme.Id)),
            new XAttribute("name", theme.Name),
            new XAttribute("isCodable", "true"),
            new XAttribute("color", Colours[i % Colours.Length]),
            new XElement(ns + "Description", $"{theme.Description} (ThemeClassifier theme id: {theme.Id})"))));
}
