using System.Diagnostics;

namespace ThemeClassifier.Tests.Encoding;

/// <summary>A process that runs the ONNX encoder writes nothing outside its outputs, not even in temp.</summary>
public sealed class OnnxRuntimeTelemetryTests
{
    [Fact]
    public async Task Tagging_InChildProcessWithEmptyHomeAndTemp_LeavesBothEmpty()
    {
        using var home = new TempDir();
        using var temp = new TempDir();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(EncoderProbe).Assembly.Location);
        start.ArgumentList.Add("tag");
        start.Environment["HOME"] = home.Path;
        start.Environment["TMPDIR"] = temp.Path;
        start.Environment["XDG_CACHE_HOME"] = null;
        start.Environment["ORT_DISABLE_TELEMETRY"] = null;

        using var process = Process.Start(start)!;
        process.StandardInput.Write("Staff must feel safe to speak up without blame\nWe need protected time for improvement work\n");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        Assert.Equal(["psychological-safety", "time-and-space"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(Directory.GetFileSystemEntries(home.Path, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path, "*", SearchOption.AllDirectories));
    }
}
