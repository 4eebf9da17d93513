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
        var (stored, matrices) = ReadVectors();
        edit(matrices);
        return With(("vectors.bin", WriteVectors(encoders ?? stored, matrices, trailingBytes)));
    }

    /// <summary>
    /// The default model in the layout of format version 1, as analysts' models trained before the relevance gate
    /// are: <c>formatVersion</c> 1, no <c>gate</c> block, no <c>gate.zip</c>, and no exclusion vectors (the last 15
    /// matrices of the one encoder in <c>vectors.bin</c>); then <paramref name="editVectors"/> and
    /// <paramref name="edit"/> (the manifest) applied.
    /// </summary>
    public static byte[] AsVersion1(Action<List<float[][]>>? editVectors = null, bool keepExclusions = false, Action<JObject>? edit = null)
    {
        var manifest = JObject.Parse(System.Text.Encoding.UTF8.GetString(Entries["manifest.json"]));
        manifest["formatVersion"] = 1;
        manifest.Remove("gate");
        var options = (JObject)manifest["card"]!["Options"]!;
        options.Remove("GroupByQuestion"); // training options added with version 2 (defaults when absent)
        options.Remove("LeaveHeadingOut");
        edit?.Invoke(manifest);
        var (encoders, matrices) = ReadVectors();
        Assert.Equal(1, encoders);
        Assert.Equal(1 + 15 + 1 + 15, matrices.Count); // definitions, anchors per theme, examples, exclusions per theme
        if (!keepExclusions)
        {
            matrices.RemoveRange(17, 15);
        }

        editVectors?.Invoke(matrices);
        return With(
            ("manifest.json", System.Text.Encoding.UTF8.GetBytes(manifest.ToString(Formatting.Indented))),
            ("vectors.bin", WriteVectors(encoders, matrices, 0)),
            ("gate.zip", null));
    }

    private static (int Encoders, List<float[][]> Matrices) ReadVectors()
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

        return (stored, matrices);
    }

    private static byte[] WriteVectors(int encoders, List<float[][]> matrices, int trailingBytes)
    {
        using var output = new MemoryStream();
        using (var writer = new BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(encoders);
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

        return output.ToArray();
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
