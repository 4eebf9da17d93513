using System.Text;

namespace ThemeClassifier.Records;

/// <summary>
/// A reader that remembers the text it has handed out since a line the caller still needs, so that reading can start
/// again at a later line (<see cref="Rewind"/>): how a CSV record that swallowed the lines after it is re-read.
/// Lines are counted as CsvHelper counts them: CR, LF and CR LF each end one.
/// </summary>
internal sealed class ReplayReader(TextReader inner) : TextReader
{
    private const int CompactAbove = 1 << 20;
    private readonly StringBuilder _kept = new();
    private readonly List<int> _lineStarts = [0];
    private long _firstLine = 1;
    private long _neededLine = 1;
    private string _pending = string.Empty;
    private int _pendingPosition;

    /// <summary>Text before <paramref name="line"/> will not be asked for again.</summary>
    public void Release(long line) => _neededLine = Math.Max(_neededLine, line);

    /// <summary>
    /// Hands out the text from the start of <paramref name="line"/>: again if it was handed out (it must not be
    /// released), else after skipping the rest of the line before it.
    /// </summary>
    public void Rewind(long line)
    {
        var index = (int)(line - _firstLine);
        if (index < 0)
        {
            throw new InvalidOperationException($"line {line} was released");
        }

        if (index < _lineStarts.Count)
        {
            var start = _lineStarts[index];
            _pending = _kept.ToString(start, _kept.Length - start) + _pending[_pendingPosition..];
            _pendingPosition = 0;
        }
        else
        {
            // The line before has not been handed out whole (it is longer than the reader's buffer): skip the rest of it.
            int c;
            while ((c = ReadUnkept()) >= 0 && c is not ('\n' or '\r'))
            {
            }

            if (c == '\r' && PeekUnkept() == '\n')
            {
                ReadUnkept();
            }
        }

        _kept.Clear();
        _lineStarts.Clear();
        _lineStarts.Add(0);
        _firstLine = line;
        _neededLine = line;
    }

    public override int Read(Span<char> buffer)
    {
        int n;
        if (_pendingPosition < _pending.Length)
        {
            n = Math.Min(buffer.Length, _pending.Length - _pendingPosition);
            _pending.AsSpan(_pendingPosition, n).CopyTo(buffer);
            _pendingPosition += n;
        }
        else
        {
            n = inner.Read(buffer);
        }

        Keep(buffer[..n]);
        return n;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override int Peek() => PeekUnkept();

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    private int PeekUnkept() => _pendingPosition < _pending.Length ? _pending[_pendingPosition] : inner.Peek();

    private int ReadUnkept() => _pendingPosition < _pending.Length ? _pending[_pendingPosition++] : inner.Read();

    private void Keep(ReadOnlySpan<char> text)
    {
        if (_kept.Length > CompactAbove && _neededLine - _firstLine < _lineStarts.Count && _neededLine > _firstLine)
        {
            var drop = (int)(_neededLine - _firstLine);
            var offset = _lineStarts[drop];
            _kept.Remove(0, offset);
            _lineStarts.RemoveRange(0, drop);
            for (var i = 0; i < _lineStarts.Count; i++)
            {
                _lineStarts[i] -= offset;
            }

            _firstLine = _neededLine;
        }

        var at = _kept.Length;
        var afterCr = at > 0 && _kept[at - 1] == '\r';
        _kept.Append(text);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' && afterCr)
            {
                _lineStarts[^1] = at + i + 1;
            }
            else if (text[i] is '\n' or '\r')
            {
                _lineStarts.Add(at + i + 1);
            }

            afterCr = text[i] == '\r';
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
