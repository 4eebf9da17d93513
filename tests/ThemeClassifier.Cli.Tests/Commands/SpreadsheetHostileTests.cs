using MiniExcelLibs;
using ThemeClassifier.Cli;

namespace ThemeClassifier.Cli.Tests.Commands;

/// <summary>The spreadsheet paths keep the data-safety rules: inputs never overwritten, bad input named, nothing half-written.</summary>
[Collection("cli")]
public sealed class SpreadsheetHostileTests(CliFixture fixture)
{
    private string Workbook(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        MiniExcel.SaveAs(path, new[] { new Dictionary<string, object> { ["id"] = "1", ["text"] = "Staff feel safe to speak up" } });
        return path;
    }

    [Fact]
    public void Tag_XlsxOutputIsTheXlsxInput_RefusedAndUntouched()
    {
        var folder = fixture.NewFolder("xlsx-self");
        var input = Workbook(folder, "chat.xlsx");
        var before = File.ReadAllBytes(input);

        var result = Cli.Run("tag", "--model", fixture.ModelPath, input, "-o", Path.Combine(folder, ".", "chat.xlsx"));

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains("same file", result.Err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void Suggest_OutputIsACodedDataFile_Refused()
    {
        var folder = fixture.NewFolder("suggest-data-self");
        var coded = Workbook(folder, "coded.xlsx");
        var chat = Path.Combine(folder, "chat.txt");
        File.WriteAllText(chat, "Leaders on the wards\n");

        var result = Cli.Run("suggest", chat, "--model", fixture.ModelPath, "--data", coded, "-o", coded, "--force");

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains("same file", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_CorruptWorkbook_ExitsOneNamingTheFileAndWritesNothing()
    {
        var folder = fixture.NewFolder("xlsx-corrupt");
        var input = Path.Combine(folder, "chat.xlsx");
        File.WriteAllBytes(input, [(byte)'P', (byte)'K', 3, 4, 1, 2, 3]);
        var output = Path.Combine(folder, "tagged.xlsx");

        var result = Cli.Run("tag", "--model", fixture.ModelPath, input, "-o", output);

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains("chat.xlsx", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Equal([input], Directory.GetFiles(folder));
    }

    [Fact]
    public void Train_WorkbookWithoutThemesColumn_NamesTheMissingColumn()
    {
        var folder = fixture.NewFolder("xlsx-no-themes");
        var coded = Workbook(folder, "coded.xlsx");

        var result = Cli.Run("train", "--data", fixture.TrainingDir, "--data", coded, "-o", Path.Combine(folder, "m.zip"), "--fast");

        Assert.Equal(Program.ExitBadInput, result.ExitCode);
        Assert.Contains($"{coded}:1: missing column(s) themes", result.Err, StringComparison.Ordinal);
    }
}
