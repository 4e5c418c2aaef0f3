namespace Pipeline.Reports;

/// <summary>
/// Another stream, written forward only: the zip is then written the same way (sizes after each entry's data, not
/// patched into its header) whether or not the stream given can seek, so the same workbook is the same bytes anywhere.
/// </summary>
internal sealed class ForwardOnlyStream(Stream inner) : Stream
{
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        _written += buffer.Length;
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>
/// Bytes written forward only into chunks small enough for the young generation (a growing MemoryStream allocates about
/// twice what it ends with, in the large object heap), then copied once into an array of the exact size.
/// </summary>
internal sealed class ChunkedBuffer : Stream
{
    private const int ChunkSize = 64 * 1024;
    private readonly List<byte[]> _chunks = [];
    private int _used = ChunkSize;
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            if (_used == ChunkSize)
            {
                _chunks.Add(new byte[ChunkSize]);
                _used = 0;
            }

            var count = Math.Min(buffer.Length, ChunkSize - _used);
            buffer[..count].CopyTo(_chunks[^1].AsSpan(_used));
            _used += count;
            _length += count;
            buffer = buffer[count..];
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Everything written, as one array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[_length];
        var at = 0;
        foreach (var chunk in _chunks)
        {
            var count = (int)Math.Min(ChunkSize, _length - at);
            chunk.AsSpan(0, count).CopyTo(bytes.AsSpan(at));
            at += count;
        }

        return bytes;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
