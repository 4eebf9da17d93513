using ThemeClassifier.Cli;

namespace ThemeClassifier.Cli.Tests.Commands;

/// <summary>Item 6 of issue 9: one vocabulary for every verb.</summary>
[Collection("cli")]
public sealed class VocabularyTests(CliFixture fixture)
{
    [Fact]
    public void Run_NoVerb_PrintsHelpAndExitsTwo()
    {
        var result = Cli.Run();

        Assert.Equal(Program.ExitUsage, result.ExitCode);
        Assert.Contains("COMMANDS:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsEveryExitCodeIncludingThree()
    {
        var result = Cli.Run("tag", "--help");

        Assert.Equal(Program.ExitOk, result.ExitCode);
        Assert.Contains("3    internal error", result.Out, StringComparison.Ordinal);
        Assert.Contains("130", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_EveryListedVerb_RunsItsOwnHelp()
    {
        var help = Cli.Run("--help").Out;
        var verbs = help[(help.IndexOf("COMMANDS:", StringComparison.Ordinal) + "COMMANDS:".Length)..help.IndexOf("EXIT CODES:", StringComparison.Ordinal)]
            .Split('\n')
            .Where(line => line.StartsWith("    ", StringComparison.Ordinal) && !line.StartsWith("     ", StringComparison.Ordinal))
            .Select(line => line.Trim().Split(' ')[0])
            .ToArray();

        Assert.Contains("report", verbs);
        foreach (var verb in verbs)
        {
            var result = Cli.Run(verb, "--help");
            Assert.True(result.ExitCode == Program.ExitOk, $"themes {verb} --help exited {result.ExitCode}: {result.Err}");
        }
    }

    [Theory]
    [InlineData("tga", "did you mean 'tag'?")]
    [InlineData("sugest", "did you mean 'suggest'?")]
    [InlineData("chat.csv", "the verbs are tag, train")]
    public void Run_UnknownVerb_DidYouMean(string verb, string expected)
    {
        var result = Cli.Run(verb, "x");

        Assert.Equal(Program.ExitUsage, result.ExitCode);
        Assert.Contains(expected, result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tag", "--outptu", "--output")]
    [InlineData("suggest", "--ouput", "--output")]
    [InlineData("train", "--dta", "--data")]
    public void Run_UnknownOption_DidYouMean(string verb, string option, string expected)
    {
        var result = Cli.Run(verb, option, "x");

        Assert.Equal(Program.ExitUsage, result.ExitCode);
        Assert.Contains($"did you mean '{expected}'?", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_InputAsArgument_SameAsInputOption()
    {
        var folder = fixture.NewFolder("positional");
        var input = Path.Combine(folder, "chat.txt");
        File.WriteAllText(input, "Staff feel safe to speak up\nLeaders on the wards\n");

        var positional = Cli.Run("tag", input, "--model", fixture.ModelPath);
        var option = Cli.Run("tag", "--input", input, "--model", fixture.ModelPath);

        Assert.Equal(Program.ExitOk, positional.ExitCode);
        Assert.Equal(option.Out, positional.Out);
    }

    [Fact]
    public void Tag_InputGivenTwiceDifferently_UsageError()
    {
        var result = Cli.Run("tag", "a.csv", "--input", "b.csv");

        Assert.Equal(Program.ExitUsage, result.ExitCode);
        Assert.Contains("given twice", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggest_OutAndOutput_BothName_TheFile()
    {
        var folder = fixture.NewFolder("out-alias");
        var input = Path.Combine(folder, "chat.txt");
        File.WriteAllText(input, "Staff feel safe to speak up\nLeaders on the wards\n");

        var viaOut = Cli.Run("suggest", input, "--model", fixture.ModelPath, "--out", Path.Combine(folder, "a.csv"));
        var viaO = Cli.Run("suggest", input, "--model", fixture.ModelPath, "-o", Path.Combine(folder, "b.csv"));

        Assert.Equal(Program.ExitOk, viaOut.ExitCode);
        Assert.Equal(Program.ExitOk, viaO.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(folder, "a.csv")), File.ReadAllText(Path.Combine(folder, "b.csv")));
    }
}
