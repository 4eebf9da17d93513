using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace ThemeClassifier.Encoding;

/// <summary>
/// Turns off ONNX Runtime's telemetry before its environment exists. On Linux and macOS its 1DS telemetry
/// client, started when the environment is created, writes <c>~/.cache/Microsoft/DeveloperTools/.onnxruntime/</c>
/// (<c>deviceid</c>, <c>onnxruntime.db</c>) and leaves <c>mat-debug-&lt;pid&gt;.log</c> and <c>.ses</c> in the temp
/// folder; <see cref="OrtEnv.DisableTelemetryEvents"/> comes too late to stop that, only the native
/// <c>ORT_DISABLE_TELEMETRY</c> variable read at creation does. .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// does not reach native code on Unix, so it is set with libc's <c>setenv</c> (unless the process already set it).
/// </summary>
internal static class OnnxRuntimeTelemetry
{
    private static readonly Lazy<OrtEnv> Env = new(CreateEnvironment);

    /// <summary>Call before anything else of ONNX Runtime; idempotent and thread-safe.</summary>
    public static void EnsureDisabled() => _ = Env.Value;

    private static OrtEnv CreateEnvironment()
    {
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                _ = SetEnv("ORT_DISABLE_TELEMETRY", "1", overwrite: 0);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // A libc that cannot be found by this name (musl, say): telemetry stays as ONNX Runtime has it.
            }
        }

        var environment = OrtEnv.Instance();
        environment.DisableTelemetryEvents();
        return environment;
    }

    [DllImport("libc", EntryPoint = "setenv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
