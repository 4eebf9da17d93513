namespace ThemeClassifier.Records.Tests;

/// <summary>A temporary folder, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => System.IO.Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "records-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, byte[] bytes)
    {
        System.IO.File.WriteAllBytes(File(name), bytes);
        return File(name);
    }

    public void Dispose() => System.IO.Directory.Delete(Path, recursive: true);
}

public static class Read
{
    public static List<Record> All(string path, List<string>? warnings = null, string? textColumn = null)
    {
        using var reader = RecordReader.Open(path, TextReader.Null, RecordFormat.Auto, textColumn, warnings is null ? null : warnings.Add);
        return reader.ReadAsync().ToBlockingEnumerable().ToList();
    }
}
