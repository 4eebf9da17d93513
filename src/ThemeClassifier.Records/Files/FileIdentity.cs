using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ThemeClassifier.Records;

/// <summary>
/// Which file a path names, so that two paths to the same file (the same path written differently, a symlink, a hard
/// link) compare equal: device and inode on Linux (<c>stat</c>, which follows symlinks), volume and file index on
/// Windows; elsewhere the full path with symlinks resolved.
/// </summary>
public static partial class FileIdentity
{
    /// <summary>Whether both paths name the same existing file.</summary>
    public static bool SameFile(string a, string b) => Of(a) is { } id && id == Of(b);

    /// <summary>A key that is equal for every path to the same file; null when the path names no existing file.</summary>
    public static string? Of(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        if (OperatingSystem.IsLinux())
        {
            // struct stat starts with st_dev and st_ino (64-bit each) on x86_64 and arm64; 256 bytes hold all of it.
            var buffer = new byte[256];
            if (StatLinux(path, buffer) == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{BitConverter.ToUInt64(buffer, 0)}:{BitConverter.ToUInt64(buffer, 8)}");
            }
        }
        else if (OperatingSystem.IsWindows())
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (GetFileInformationByHandle(handle, out var info))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{info.VolumeSerialNumber}:{info.FileIndexHigh}:{info.FileIndexLow}");
            }
        }

        var full = Path.GetFullPath(path);
        return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
    }

    /// <summary><c>stat</c>; before glibc 2.33 (RHEL 8) only <c>__xstat</c>, with its struct version (1 on x86_64, 0 on arm64).</summary>
    private static int StatLinux(string path, byte[] buffer)
    {
        try
        {
            return Stat(path, buffer);
        }
        catch (EntryPointNotFoundException)
        {
            return XStat(RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 1 : 0, path, buffer);
        }
    }

    [LibraryImport("libc", EntryPoint = "__xstat", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int XStat(int version, string path, [Out] byte[] buffer);

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Stat(string path, [Out] byte[] buffer);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetFileInformationByHandle(SafeFileHandle handle, out ByHandleFileInformation information);

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct ByHandleFileInformation
    {
        public uint FileAttributes;
        public ulong CreationTime;
        public ulong LastAccessTime;
        public ulong LastWriteTime;
        public uint VolumeSerialNumber;
        public uint FileSizeHigh;
        public uint FileSizeLow;
        public uint NumberOfLinks;
        public uint FileIndexHigh;
        public uint FileIndexLow;
    }
}
