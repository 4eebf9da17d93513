using System.Text;

namespace ThemeClassifier.Records;

/// <summary>
/// A file the tool writes, which appears whole or not at all: the content goes to a temporary file beside the target
/// (<c>.NAME.XXXXXXXX.tmp</c>), renamed over the target by <see cref="Commit"/>. Until then the previous file is
/// untouched, whatever happens to the process; an interrupted write can be kept as <c>NAME.partial</c>.
/// A symlink is written through (its target is replaced), and the target keeps its Unix permissions.
/// </summary>
public sealed class OutputFile : IDisposable
{
    private bool _done;

    private OutputFile(string path, string target)
    {
        Path = path;
        Target = target;
        TempPath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(target)!, $".{System.IO.Path.GetFileName(target)}.{Guid.NewGuid().ToString("N")[..8]}.tmp{System.IO.Path.GetExtension(target)}");
    }

    /// <summary>The path as the user gave it.</summary>
    public string Path { get; }

    /// <summary>Where the content is written until it is complete.</summary>
    public string TempPath { get; }

    /// <summary>The file replaced on commit: <see cref="Path"/>, or the final target of a symlink there.</summary>
    private string Target { get; }

    /// <summary>Starts writing <paramref name="path"/>; nothing is created until <see cref="Open"/>.</summary>
    /// <exception cref="RecordsException">The path is a folder, or its folder does not exist.</exception>
    public static OutputFile Begin(string path)
    {
        Check(path);
        var full = System.IO.Path.GetFullPath(path);
        var target = new FileInfo(full).LinkTarget is null ? full : File.ResolveLinkTarget(full, returnFinalTarget: true)!.FullName;
        return new OutputFile(path, target);
    }

    /// <summary>Checks that <paramref name="path"/> can be written: not a folder, in a folder that exists.</summary>
    /// <exception cref="RecordsException">It cannot.</exception>
    public static void Check(string path)
    {
        if (Directory.Exists(path))
        {
            throw new RecordsException($"the output {path} is a folder; name a file");
        }

        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new RecordsException($"the folder of the output {path} does not exist: {folder}");
        }
    }

    /// <summary>Refuses, before anything is read or written, an output that is the same file as an input (symlinks and hard links included).</summary>
    /// <param name="outputs">The files to be written, each with the option that names it.</param>
    /// <param name="inputs">The files to be read (a folder stands for every file in it), each with its option.</param>
    /// <exception cref="RecordsException">An output is an input.</exception>
    public static void EnsureNotInput(IEnumerable<(string Option, string? Path)> outputs, IEnumerable<(string Option, string? Path)> inputs)
    {
        var files = inputs
            .Where(i => i.Path is not null and not "-")
            .SelectMany(i => Directory.Exists(i.Path) ? Directory.EnumerateFiles(i.Path, "*", SearchOption.AllDirectories).Select(f => (i.Option, Path: f)) : [(i.Option, Path: i.Path!)])
            .Select(i => (i.Option, i.Path, Id: FileIdentity.Of(i.Path)))
            .Where(i => i.Id is not null)
            .ToArray();
        foreach (var (option, path) in outputs)
        {
            if (path is null or "-" || FileIdentity.Of(path) is not { } id)
            {
                continue;
            }

            foreach (var input in files.Where(i => i.Id == id))
            {
                throw new RecordsException($"{option} {path} is the same file as {input.Option} {input.Path}; refusing to overwrite an input");
            }
        }
    }

    /// <summary>Writes the file from a stream, whole or not at all.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        using var file = Begin(path);
        using (var stream = file.Open())
        {
            write(stream);
        }

        file.Commit();
    }

    /// <summary>Writes the file through a library that takes a path (it is given the temporary path), whole or not at all.</summary>
    public static void WriteTo(string path, Action<string> write)
    {
        using var file = Begin(path);
        write(file.TempPath);
        file.Commit();
    }

    /// <summary>Writes UTF-8 text (no byte order mark), whole or not at all.</summary>
    public static void WriteText(string path, string text) => Write(path, s => s.Write(new UTF8Encoding(false).GetBytes(text)));

    /// <summary>Creates the temporary file (readable too: a workbook is a zip, written with seeks back).</summary>
    public FileStream Open() => new(TempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 16);

    /// <summary>Replaces the target with the complete temporary file.</summary>
    public void Commit()
    {
        if (!OperatingSystem.IsWindows() && File.Exists(Target))
        {
            File.SetUnixFileMode(TempPath, File.GetUnixFileMode(Target));
        }

        File.Move(TempPath, Target, overwrite: true);
        _done = true;
    }

    /// <summary>Keeps what was written as <c>PATH.partial</c> (replacing an older one); the target is untouched.</summary>
    /// <returns>The path of the partial file.</returns>
    public string KeepPartial()
    {
        var partial = Path + ".partial";
        File.Move(TempPath, partial, overwrite: true);
        _done = true;
        return partial;
    }

    /// <summary>Removes the temporary file unless it was committed or kept.</summary>
    public void Dispose()
    {
        if (!_done)
        {
            File.Delete(TempPath);
        }
    }
}
