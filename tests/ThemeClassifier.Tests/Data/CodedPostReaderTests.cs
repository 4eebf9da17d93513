using ThemeClassifier.Data;

namespace ThemeClassifier.Tests.Data;

public sealed class CodedPostReaderTests
{
    private static readonly Codebook Codebook = Codebook.Load(Path.Combine(Repo.TrainingData, TrainingData.CodebookFileName));

    [Fact]
    public void Load_ValidFiles_ReadsEveryRecord()
    {
        using var dir = new TempDir();
        File.Copy(Path.Combine(Repo.TrainingData, TrainingData.CodebookFileName), dir.File("codebook.json"));
        File.WriteAllLines(dir.File("a.jsonl"), [Line("a/1", "Feeling safe to speak up", "psychological-safety"), string.Empty, Line("a/2", "Thanks all!")]);
        var data = TrainingData.LoadDirectory(dir.Path);
        Assert.Equal(["a/1", "a/2"], data.Posts.Select(p => p.Id));
        Assert.Equal(new SourceLocation(dir.File("a.jsonl"), 3), data.Posts[1].Source);
        Assert.Empty(data.Posts[1].Themes);
    }

    [Fact]
    public void Load_MalformedLine_ReportsFileAndLineAndKeepsCheckingOthers()
    {
        using var dir = DataDir(Line("a/1", "ok", "commitment"), "{not json", Line("a/3", "ok too", "nonsense-theme"));
        var ex = Assert.Throws<TrainingDataException>(() => TrainingData.LoadDirectory(dir.Path));
        Assert.Equal(2, ex.Errors.Count);
        Assert.Equal(2, ex.Errors[0].Location.Line);
        Assert.Contains("not a valid JSON object", ex.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(3, ex.Errors[1].Location.Line);
        Assert.Equal("themes", ex.Errors[1].Field);
        Assert.Contains("nonsense-theme", ex.Message, StringComparison.Ordinal);
        Assert.Contains("a.jsonl:2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateIdAcrossLines_ReportsBothLocations()
    {
        using var dir = DataDir(Line("a/1", "one", "commitment"), Line("a/1", "two", "commitment"));
        var ex = Assert.Throws<TrainingDataException>(() => TrainingData.LoadDirectory(dir.Path));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("id", error.Field);
        Assert.Equal(2, error.Location.Line);
        Assert.Contains("a.jsonl:1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"id\":\"x\",\"text\":\"   \",\"themes\":[]}", "text")]
    [InlineData("{\"id\":\"x\",\"themes\":[]}", "text")]
    [InlineData("{\"text\":\"hello\",\"themes\":[]}", "id")]
    [InlineData("{\"id\":\"x\",\"text\":\"hello\"}", "themes")]
    [InlineData("{\"id\":\"x\",\"text\":\"hello\",\"themes\":\"commitment\"}", "themes")]
    [InlineData("{\"id\":\"x\",\"text\":\"hello\",\"themes\":[\"commitment\",\"commitment\"]}", "themes")]
    [InlineData("{\"id\":\"x\",\"text\":42,\"themes\":[]}", "text")]
    public void ParseLine_InvalidRecord_NamesTheField(string line, string field)
    {
        var errors = new List<DataError>();
        var post = CodedPostReader.ParseLine(line, new SourceLocation("f.jsonl", 7), Codebook, errors);
        Assert.Null(post);
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(7, error.Location.Line);
    }

    [Fact]
    public void Load_MissingFolder_Throws()
    {
        var ex = Assert.Throws<TrainingDataException>(() => TrainingData.LoadDirectory("/no/such/folder"));
        Assert.Contains("not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Codebook_Parse_MissingDescription_NamesThemeAndField()
    {
        var ex = Assert.Throws<TrainingDataException>(() => Codebook.Parse("{\"themes\":[{\"id\":\"a\",\"name\":\"A\"}]}", "cb.json"));
        Assert.Equal("description", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void Codebook_Parse_DuplicateId_Throws()
    {
        const string Json = "{\"themes\":[{\"id\":\"a\",\"description\":\"x\"},{\"id\":\"a\",\"description\":\"y\"}]}";
        var ex = Assert.Throws<TrainingDataException>(() => Codebook.Parse(Json));
        Assert.Contains("appears twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Codebook_ToJson_RoundTrips()
    {
        var again = Codebook.Parse(Codebook.ToJson());
        Assert.Equal(Codebook.Themes, again.Themes, (a, b) => a.Id == b.Id && a.Description == b.Description && a.Keywords.SequenceEqual(b.Keywords));
    }

    private static TempDir DataDir(params string[] lines)
    {
        var dir = new TempDir();
        File.Copy(Path.Combine(Repo.TrainingData, TrainingData.CodebookFileName), dir.File("codebook.json"));
        File.WriteAllLines(dir.File("a.jsonl"), lines);
        return dir;
    }

    private static string Line(string id, string text, params string[] themes) =>
        Newtonsoft.Json.JsonConvert.SerializeObject(new { id, text, themes });
}
