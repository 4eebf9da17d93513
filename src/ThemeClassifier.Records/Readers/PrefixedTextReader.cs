namespace ThemeClassifier.Records;

/// <summary>A reader that first replays a prefix already read from <paramref name="inner"/> (for format sniffing).</summary>
internal sealed class PrefixedTextReader(string prefix, TextReader inner) : TextReader
{
    private int _position;

    public override int Peek() => _position < prefix.Length ? prefix[_position] : inner.Peek();

    public override int Read() => _position < prefix.Length ? prefix[_position++] : inner.Read();

    public override int Read(char[] buffer, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (_position >= prefix.Length)
        {
            return inner.Read(buffer, index, count);
        }

        var n = Math.Min(count, prefix.Length - _position);
        prefix.CopyTo(_position, buffer, index, n);
        _position += n;
        return n;
    }

    public override string? ReadLine()
    {
        if (_position >= prefix.Length)
        {
            return inner.ReadLine();
        }

        var newline = prefix.IndexOf('\n', _position);
        if (newline >= 0)
        {
            var line = prefix[_position..newline].TrimEnd('\r');
            _position = newline + 1;
            return line;
        }

        var head = prefix[_position..];
        _position = prefix.Length;
        if (head.EndsWith('\r') && inner.Peek() == '\n')
        {
            inner.Read();
            return head.TrimEnd('\r');
        }

        var rest = inner.ReadLine();
        return rest is null ? head : head + rest;
    }

    public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        _position < prefix.Length ? ValueTask.FromResult(ReadLine()) : inner.ReadLineAsync(cancellationToken);

    public override Task<string?> ReadLineAsync() => ReadLineAsync(CancellationToken.None).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
