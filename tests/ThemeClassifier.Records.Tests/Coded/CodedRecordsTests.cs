using MiniExcelLibs;
using ThemeClassifier.Data;

namespace ThemeClassifier.Records.Tests.Coded;

public sealed class CodedRecordsTests
{
    private static readonly Codebook Codebook = Codebook.Load(Path.Combine(Root(), "training-data", TrainingData.CodebookFileName));

    [Fact]
    public void Read_EuropeanExcelCsvWithBom_ReadsLikeTag()
    {
        using var folder = new TempFolder();
        var path = folder.Write("coded.csv", [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("id;text;themes;author\r\nx1;Staff feel safe to speak up;psychological-safety;@a\r\nx2;Lovely day;;\r\n;;;\r\n")]);
        var errors = new List<DataError>();

        var posts = CodedRecords.Read(path, Codebook, errors);

        Assert.Empty(errors);
        Assert.Equal(["x1", "x2"], posts.Select(p => p.Id));
        Assert.Equal(["psychological-safety"], posts[0].Themes);
        Assert.Equal("@a", posts[0].Author);
        Assert.Empty(posts[1].Themes);
    }

    [Fact]
    public void Read_IdExcelMadeANumber_ExplainsTheFix()
    {
        using var folder = new TempFolder();
        var path = folder.Write("coded.csv", System.Text.Encoding.UTF8.GetBytes("id,text,themes\n1.86E+18,a post,\n1.86E+18,another post,\n"));
        var errors = new List<DataError>();

        CodedRecords.Read(path, Codebook, errors);

        Assert.Equal(2, errors.Count);
        Assert.Equal($"{path}:2: field 'id': '1.86E+18': {CodedRecords.MangledIdHelp}", errors[0].ToString());
        Assert.DoesNotContain(errors, e => e.Message.Contains("duplicate", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ThemeTypo_SuggestsTheTheme()
    {
        using var folder = new TempFolder();
        var path = folder.Write("coded.csv", System.Text.Encoding.UTF8.GetBytes("id,text,themes\n1,a post,psycological-safety\n"));
        var errors = new List<DataError>();

        CodedRecords.Read(path, Codebook, errors);

        Assert.Contains("did you mean 'psychological-safety'?", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_IdWrittenForExcel_Unwrapped()
    {
        using var folder = new TempFolder();
        var path = folder.Write("coded.csv", System.Text.Encoding.UTF8.GetBytes("id,text,themes\n\"=\"\"1860000000000000001\"\"\",a post,commitment\n"));
        var errors = new List<DataError>();

        var post = Assert.Single(CodedRecords.Read(path, Codebook, errors));

        Assert.Equal("1860000000000000001", post.Id);
    }

    [Fact]
    public void Read_MissingColumns_NamesThemAndWhatWasFound()
    {
        using var folder = new TempFolder();
        var path = folder.Write("coded.csv", System.Text.Encoding.UTF8.GetBytes("Tweet text,likes\nhello,3\n"));
        var errors = new List<DataError>();

        CodedRecords.Read(path, Codebook, errors);

        Assert.Contains("missing column(s) id, themes", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_XlsxAndCsvInAFolder_BothRead()
    {
        using var folder = new TempFolder();
        MiniExcel.SaveAs(folder.File("a.xlsx"), new[] { new Dictionary<string, object> { ["id"] = "a1", ["text"] = "Board walks the wards", ["themes"] = "visible-leadership" } });
        folder.Write("b.csv", System.Text.Encoding.UTF8.GetBytes("id,text,themes\nb1,Protected time for QI,time-and-space\n"));

        var data = CodedRecords.Load([folder.Path], Codebook);

        Assert.Equal(["a1", "b1"], data.Posts.Select(p => p.Id));
    }

    [Theory]
    [InlineData("1860000000000000001", "=\"1860000000000000001\"")]
    [InlineData("123456789012345", "123456789012345")]
    [InlineData("suggest-0001", "suggest-0001")]
    public void ForSpreadsheet_LongDigitIds_WrittenAsTextFormula(string id, string expected)
    {
        Assert.Equal(expected, CodedRecords.ForSpreadsheet(id));
        Assert.Equal(id, CodedRecords.Unwrap(CodedRecords.ForSpreadsheet(id)));
    }

    [Theory]
    [InlineData("1.86E+18", true)]
    [InlineData("1,86E+18", true)]
    [InlineData("2E5", true)]
    [InlineData("1860000000000000001", false)]
    [InlineData("2023-01-31/q2-01", false)]
    public void IsMangled_ScientificNotation_Detected(string id, bool mangled) => Assert.Equal(mangled, CodedRecords.IsMangled(id));

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "training-data", TrainingData.CodebookFileName)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("training-data not found");
    }
}
