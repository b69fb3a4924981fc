using Amazon.S3.Model;

namespace Matchcut.Storage.S3;

/// <summary>The body of a GET, read straight off the connection; disposing it releases the whole response.</summary>
internal sealed class S3ResponseStream(GetObjectResponse response) : Stream
{
    private readonly Stream _body = response.ResponseStream;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => response.ContentLength;
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => _body.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => _body.Read(buffer);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => _body.ReadAsync(buffer, offset, count, ct);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => _body.ReadAsync(buffer, ct);
    public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken ct) => _body.CopyToAsync(destination, bufferSize, ct);

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) response.Dispose();
        base.Dispose(disposing);
    }
}
