using System.Text;

namespace ThemeClassifier.Records;

/// <summary>
/// The text encoding of a file, in one place: a byte order mark (UTF-8, UTF-16 LE/BE) wins; else UTF-8 when every byte
/// of the file decodes as UTF-8; else Windows-1252 (what Excel saves "CSV" in on Western Windows), with a warning,
/// since that is a guess.
/// </summary>
public static class TextEncodings
{
    private static readonly Lazy<System.Text.Encoding> Windows1252 = new(() =>
    {
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return System.Text.Encoding.GetEncoding(1252);
    });

    /// <summary>A reader of <paramref name="stream"/> (seekable, at its start) in its detected encoding.</summary>
    /// <param name="stream">The file's bytes.</param>
    /// <param name="name">The file's name, for the warning.</param>
    /// <param name="warn">Told when the encoding is a guess (a legacy code page).</param>
    public static TextReader OpenText(Stream stream, string name, Action<string>? warn)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var encoding = Detect(stream);
        if (encoding.CodePage == 1252)
        {
            warn?.Invoke($"{name} is not UTF-8: read it as Windows-1252 (Excel's legacy 'CSV'), a guess; if accents or dashes look wrong, save it as 'CSV UTF-8' and run again");
        }

        return new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, 1 << 16);
    }

    /// <summary>The encoding of a seekable stream's content (BOM, else UTF-8 if valid, else Windows-1252); the stream is left at its start.</summary>
    public static System.Text.Encoding Detect(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> bom = stackalloc byte[3];
        var n = stream.ReadAtLeast(bom, 3, throwOnEndOfStream: false);
        stream.Position = 0;
        if ((n >= 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF) || (n >= 2 && bom[0] == 0xFF && bom[1] == 0xFE) || (n >= 2 && bom[0] == 0xFE && bom[1] == 0xFF))
        {
            return new UTF8Encoding(false); // the reader follows the byte order mark
        }

        if (!stream.CanSeek || IsUtf8(stream))
        {
            return new UTF8Encoding(false);
        }

        return Windows1252.Value;
    }

    /// <summary>Whether a stream starts with the zip signature (an .xlsx workbook); the stream is left at its start.</summary>
    public static bool IsZip(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> head = stackalloc byte[4];
        var n = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        stream.Position = 0;
        return n == 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4;
    }

    /// <summary>Whether the whole stream decodes as UTF-8 (read once, in blocks); the stream is left at its start.</summary>
    private static bool IsUtf8(Stream stream)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[(1 << 16) + 4];
        try
        {
            int read;
            while ((read = stream.Read(bytes, 0, bytes.Length)) > 0)
            {
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }

            decoder.GetChars([], 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            stream.Position = 0;
        }
    }
}
