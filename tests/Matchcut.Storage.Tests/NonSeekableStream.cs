namespace Matchcut.Storage.Tests;

/// <summary>Deterministic pseudo-random bytes of a given length that can only be read forward, like a pipe or a network body.</summary>
public sealed class NonSeekableStream(long length, int seed) : Stream
{
    private readonly Random _random = new(seed);
    private long _remaining = length;

    /// <summary>The same bytes the stream yields, all at once, for comparison.</summary>
    public static byte[] Expected(long length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Odd-sized short reads, as pipes give, so that the uploader must fill its parts itself.
        var count = (int)Math.Min(Math.Min(buffer.Length, 100_003), _remaining);
        _random.NextBytes(buffer[..count]);
        _remaining -= count;
        return count;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
