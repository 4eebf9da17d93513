using System.Reflection;
using PublicApiGenerator;

namespace ThemeClassifier.Tests.PublicApi;

/// <summary>
/// The public API of every package against its reviewed baseline (<c>*.approved.txt</c> beside this file), and every
/// public method's parameters and return value documented. Accepting a change: see tests/README.md.
/// </summary>
public sealed class PublicApiTests
{
    /// <summary>Set to 1 to overwrite the approved files with the current API instead of comparing.</summary>
    private const string AcceptVariable = "THEMES_ACCEPT_API";

    /// <summary>Assembly attributes carry the commit; state-machine attributes name compiler-numbered types.</summary>
    private static readonly ApiGeneratorOptions Options = new()
    {
        IncludeAssemblyAttributes = false,
        ExcludeAttributes = ["System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute", "System.Runtime.CompilerServices.AsyncStateMachineAttribute", "System.Runtime.CompilerServices.IteratorStateMachineAttribute"],
    };

    public static TheoryData<string> Packages { get; } =
    [
        "ThemeClassifier",
        "ThemeClassifier.Records",
        "ThemeClassifier.Encoders.ArcticXs",
        "ThemeClassifier.Extensions.DependencyInjection",
    ];

    [Theory]
    [MemberData(nameof(Packages))]
    public void GeneratePublicApi_Package_MatchesApproved(string package)
    {
        var api = Assembly.Load(package).GeneratePublicApi(Options).ReplaceLineEndings("\n");
        var folder = Path.Combine(Repo.Root, "tests", "ThemeClassifier.Tests", "PublicApi");
        var approved = Path.Combine(folder, package + ".approved.txt");
        var received = Path.Combine(folder, package + ".received.txt");
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(approved, api);
            File.Delete(received);
            return;
        }

        if (File.Exists(approved) && File.ReadAllText(approved).ReplaceLineEndings("\n") == api)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, api);
        Assert.Fail(
            $"The public API of {package} changed: compare {received} with {approved}. If the change is intended, after review " +
            $"copy the received file over the approved one, or accept all with '{AcceptVariable}=1 dotnet test tests/ThemeClassifier.Tests -c Release --filter PublicApi' (tests/README.md).");
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void DocumentationCheck_Package_EveryParameterAndReturnDocumented(string package)
    {
        var undocumented = DocumentationCheck.Undocumented(Assembly.Load(package));

        Assert.True(undocumented.Count == 0, "Public members without <param> for every parameter or without <returns>:\n" + string.Join('\n', undocumented));
    }
}
