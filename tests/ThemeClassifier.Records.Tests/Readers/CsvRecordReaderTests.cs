
namespace ThemeClassifier.Records.Tests.Readers;

public sealed class CsvRecordReaderTests
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadAsync_SemicolonsFromEuropeanExcel_ReadsColumns(bool bom)
    {
        using var folder = new TempFolder();
        var text = "id;text;themes\r\n1;Staff feel safe – to speak up;psychological-safety\r\n2;\"Co-design; with patients\";\r\n";
        var path = folder.Write("coded.csv", [.. bom ? Utf8Bom : [], .. System.Text.Encoding.UTF8.GetBytes(text)]);

        var records = Read.All(path);

        Assert.Equal(2, records.Count);
        Assert.Equal("Staff feel safe – to speak up", records[0].Text);
        Assert.Equal("1", records[0].Id);
        Assert.Equal(["id", "text", "themes"], records[0].Fields.Select(f => f.Key));
        Assert.Equal("Co-design; with patients", records[1].Text);
    }

    [Fact]
    public void ReadAsync_Windows1252_DecodesAndWarns()
    {
        using var folder = new TempFolder();
        var warnings = new List<string>();
        var path = folder.Write("legacy.csv", [.. System.Text.Encoding.ASCII.GetBytes("id,text\n1,Caf"), 0xE9, .. System.Text.Encoding.ASCII.GetBytes(" "), 0x96, .. System.Text.Encoding.ASCII.GetBytes(" huddle\n")]);

        var records = Read.All(path, warnings);

        Assert.Equal("Café – huddle", records.Single().Text);
        Assert.Contains(warnings, w => w.Contains("Windows-1252", StringComparison.Ordinal) && w.Contains("legacy.csv", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    public void ReadAsync_Utf16WithBom_Decodes(string encoding)
    {
        using var folder = new TempFolder();
        var e = System.Text.Encoding.GetEncoding(encoding);
        var path = folder.Write("u16.csv", [.. e.GetPreamble(), .. e.GetBytes("id\ttext\n7\tLeaders at the gemba – weekly\n")]);
        var warnings = new List<string>();

        var records = Read.All(path, warnings);

        Assert.Equal("Leaders at the gemba – weekly", records.Single().Text);
        Assert.Empty(warnings);
    }

    [Fact]
    public void ReadAsync_TrailingRowsOfSeparators_Skipped()
    {
        using var folder = new TempFolder();
        var path = folder.Write("trailing.csv", System.Text.Encoding.UTF8.GetBytes("id,text,themes,author\n1,hello,,\n,,,\n,,,\n2,world,,\n,,,\n"));

        var records = Read.All(path);

        Assert.Equal(["hello", "world"], records.Select(r => r.Text));
        Assert.Equal([2, 5], records.Select(r => r.Line));
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void ReadAsync_Utf8WithoutBom_NoWarning()
    {
        using var folder = new TempFolder();
        var warnings = new List<string>();
        var path = folder.Write("plain.csv", System.Text.Encoding.UTF8.GetBytes("text\nnaïve – 😀\n"));

        Assert.Equal("naïve – 😀", Read.All(path, warnings).Single().Text);
        Assert.Empty(warnings);
    }
}
