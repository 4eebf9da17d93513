using MiniExcelLibs;

namespace ThemeClassifier.Records.Tests.Readers;

public sealed class XlsxRecordReaderTests
{
    [Fact]
    public void ReadAsync_Workbook_ReadsRowsWithSheetLineNumbers()
    {
        using var folder = new TempFolder();
        var path = folder.File("chat.xlsx");
        MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object> { ["Tweet id"] = "1860000000000000001", ["Tweet text"] = "Staff feel safe – to speak up", ["likes"] = 3 },
            new Dictionary<string, object> { ["Tweet id"] = string.Empty, ["Tweet text"] = string.Empty, ["likes"] = string.Empty },
            new Dictionary<string, object> { ["Tweet id"] = "2", ["Tweet text"] = "Protected time", ["likes"] = 0.5 },
        });

        var records = Read.All(path);

        Assert.Equal(2, records.Count);
        Assert.Equal("1860000000000000001", records[0].Id);
        Assert.Equal("Staff feel safe – to speak up", records[0].Text);
        Assert.Equal("3", (string?)records[0].Fields["likes"]);
        Assert.Equal([2, 4], records.Select(r => r.Line));
        Assert.Equal(RecordFormat.Xlsx, RecordReader.Open(path, TextReader.Null, RecordFormat.Auto, null).Format);
    }

    [Fact]
    public void ReadAsync_IdExcelMadeANumber_ComesBackInScientificNotation()
    {
        using var folder = new TempFolder();
        var path = folder.File("mangled.xlsx");
        MiniExcel.SaveAs(path, new[] { new Dictionary<string, object> { ["id"] = 1.86e18, ["text"] = "x" } });

        Assert.Equal("1.86E+18", Read.All(path).Single().Id);
    }

    [Fact]
    public void Open_WorkbookWithoutTextColumn_NamesTheHeader()
    {
        using var folder = new TempFolder();
        var path = folder.File("notext.xlsx");
        MiniExcel.SaveAs(path, new[] { new Dictionary<string, object> { ["id"] = "1", ["words"] = "x" } });

        var ex = Assert.Throws<RecordsException>(() => RecordReader.Open(path, TextReader.Null, RecordFormat.Auto, null));

        Assert.Contains("[id, words]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CorruptWorkbook_ClearError()
    {
        using var folder = new TempFolder();
        var path = folder.Write("broken.xlsx", "PK\u0003\u0004not a zip at all"u8.ToArray());

        var ex = Assert.Throws<RecordsException>(() => RecordReader.Open(path, TextReader.Null, RecordFormat.Auto, null));

        Assert.Contains("broken.xlsx", ex.Message, StringComparison.Ordinal);
    }
}
