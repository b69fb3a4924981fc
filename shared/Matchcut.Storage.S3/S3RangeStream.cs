using Amazon.S3.Model;

namespace Matchcut.Storage.S3;

/// <summary>
/// A read-only, seekable view of one S3 object: each read past the current window opens a ranged GET of at most
/// <see cref="ChunkBytes"/> from the current position, so answering "bytes=N-M" reads about M-N bytes from the store,
/// not the whole object, and a seek costs nothing until the next read.
/// </summary>
internal sealed class S3RangeStream(long length, Func<long, long, CancellationToken, Task<GetObjectResponse>> get) : Stream
{
    public const long ChunkBytes = 4 << 20;

    private GetObjectResponse? _response;
    private long _windowEnd; // exclusive end of the open response's range
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            if (value != _position) Close(ref _response);
            _position = value;
        }
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_position >= length || buffer.Length == 0) return 0;
        if (_response is null)
        {
            _windowEnd = Math.Min(length, _position + ChunkBytes);
            _response = await get(_position, _windowEnd - 1, ct);
        }
        var wanted = (int)Math.Min(buffer.Length, _windowEnd - _position);
        var read = await _response.ResponseStream.ReadAsync(buffer[..wanted], ct);
        if (read == 0) throw new IOException($"The object ended at byte {_position} of {length} while it was read.");
        _position += read;
        if (_position == _windowEnd) Close(ref _response);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close(ref _response);
        base.Dispose(disposing);
    }

    private static void Close(ref GetObjectResponse? response)
    {
        response?.Dispose();
        response = null;
    }
}
