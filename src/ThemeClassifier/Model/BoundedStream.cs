namespace ThemeClassifier.Model;

/// <summary>
/// Reads a model entry (or file) and refuses, with an <see cref="InvalidModelException"/> naming it, to yield more
/// than <c>limit</c> bytes: a zip's declared sizes can lie, so what is inflated is bounded while it is read.
/// </summary>
internal sealed class BoundedStream(Stream inner, long limit, string entry) : Stream
{
    private long _read;

    /// <summary>Bytes still allowed.</summary>
    public long Remaining => limit - _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Ask for one byte more than allowed, so an entry that goes on past its limit is caught, not cut.
        var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, Remaining + 1)]);
        _read += n;
        if (_read > limit)
        {
            throw new InvalidModelException($"The model file is invalid: '{entry}' holds more than {limit:N0} bytes (its declared size, or the most it may have).");
        }

        return n;
    }

    /// <summary>Throws unless every declared byte was read.</summary>
    public void EnsureComplete()
    {
        if (_read != limit || Read(new byte[1]) != 0)
        {
            throw new InvalidModelException($"The model file is invalid: '{entry}' holds {_read:N0} bytes, not the {limit:N0} it declares.");
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
