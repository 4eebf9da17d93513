using System.Buffers.Binary;
using System.IO.Compression;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ThemeClassifier.Tests.Model;

/// <summary>Hostile model files built in code from the committed default model, one entry or field changed.</summary>
internal static class HostileModel
{
    private static readonly Lazy<Dictionary<string, byte[]>> DefaultEntries = new(() =>
    {
        using var zip = ZipFile.OpenRead(Repo.DefaultModel);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    });

    public static IReadOnlyDictionary<string, byte[]> Entries => DefaultEntries.Value;

    /// <summary>The default model with entries replaced (null removes one).</summary>
    public static byte[] With(params (string Name, byte[]? Bytes)[] changes)
    {
        var entries = DefaultEntries.Value.ToDictionary(e => e.Key, e => (byte[]?)e.Value);
        foreach (var (name, bytes) in changes)
        {
            entries[name] = bytes;
        }

        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                if (bytes is not null)
                {
                    using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                    entry.Write(bytes);
                }
            }
        }

        return output.ToArray();
    }

    /// <summary>The default model with one JSON entry edited, then (optionally) its text.</summary>
    public static byte[] WithJson(string name, Action<JObject> edit, Func<string, string>? rewrite = null)
    {
        var json = JObject.Parse(System.Text.Encoding.UTF8.GetString(Entries[name]));
        edit(json);
        var text = json.ToString(Formatting.Indented);
        return With((name, System.Text.Encoding.UTF8.GetBytes(rewrite is null ? text : rewrite(text))));
    }

    /// <summary>The default model with its <c>vectors.bin</c> matrices edited (encoder count first, then each matrix).</summary>
    public static byte[] WithVectors(Action<List<float[][]>> edit, int? encoders = null, int trailingBytes = 0)
    {
        using var reader = new BinaryReader(new MemoryStream(Entries["vectors.bin"]));
        var stored = reader.ReadInt32();
        var matrices = new List<float[][]>();
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            var rows = reader.ReadInt32();
            var columns = reader.ReadInt32();
            matrices.Add(Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, columns).Select(_ => reader.ReadSingle()).ToArray()).ToArray());
        }

        edit(matrices);
        using var output = new MemoryStream();
        using (var writer = new BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(encoders ?? stored);
            foreach (var matrix in matrices)
            {
                writer.Write(matrix.Length);
                writer.Write(matrix.Length == 0 ? 0 : matrix[0].Length);
                foreach (var x in matrix.SelectMany(row => row))
                {
                    writer.Write(x);
                }
            }

            writer.Write(new byte[trailingBytes]);
        }

        return With(("vectors.bin", output.ToArray()));
    }

    /// <summary>A zip whose <paramref name="name"/> entry is <paramref name="size"/> zeros: large inflated, tiny compressed.</summary>
    public static byte[] WithZeros(string name, int size) => With((name, new byte[size]));

    /// <summary>Sets the uncompressed size a zip declares for an entry, in its local and central headers: a lie.</summary>
    public static byte[] DeclaringLength(byte[] zip, string name, uint length)
    {
        var bytes = (byte[])zip.Clone();
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        var patched = 0;
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            var (sizeAt, nameAt) = signature switch
            {
                0x04034b50 => (22, 30), // local file header
                0x02014b50 => (24, 46), // central directory header
                _ => (-1, -1),
            };
            if (sizeAt > 0 && bytes.AsSpan(i + nameAt).StartsWith(nameBytes))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + sizeAt), length);
                patched++;
            }
        }

        Assert.Equal(2, patched);
        return bytes;
    }
}
