using System.Buffers;
using Amazon.S3.Model;

namespace Matchcut.Storage.S3;

// Uploads never hold more than one part in memory: small seekable streams go in one PUT, everything else in parts
// sized from the stream's length (S3PartSize) so that 10,000 parts always hold it.
public sealed partial class S3ObjectStore
{
    public async Task PutAsync(string key, Stream content, string? contentType = null, CancellationToken ct = default)
    {
        ObjectKey.Validate(key);
        ArgumentNullException.ThrowIfNull(content);
        await EnsureBucketAsync(ct);
        contentType ??= "application/octet-stream";
        if (content.CanSeek && content.Length - content.Position <= _options.MultipartThresholdBytes)
            await PutSeekableAsync(key, content, contentType, ct);
        else
            await PutInPartsAsync(key, content, RemainingLength(content), contentType, ct);
    }

    /// <summary>Streams an object into a multipart upload under another key: how objects above S3's single-copy limit are moved.</summary>
    private async Task CopyInPartsAsync(string fromKey, string toKey, string? contentType, CancellationToken ct)
    {
        await using var source = await OpenReadAsync(fromKey, ct);
        await PutInPartsAsync(toKey, source, source.Length, contentType ?? "application/octet-stream", ct);
    }

    /// <summary>Bytes left in the stream when it says (seekable streams, S3 bodies, streams wrapping them); null when it cannot.</summary>
    private static long? RemainingLength(Stream content)
    {
        try
        {
            return content.CanSeek ? content.Length - content.Position : content.Length;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private async Task PutSeekableAsync(string key, Stream content, string contentType, CancellationToken ct)
    {
        var start = content.Position;
        await CallAsync(null, t =>
        {
            content.Position = start; // a retry resends from where the caller's stream began
            return _s3.PutObjectAsync(NewPut(key, contentType, content), t);
        }, ct);
    }

    private async Task PutInPartsAsync(string key, Stream content, long? length, string contentType, CancellationToken ct)
    {
        var sizes = new PartSizes(length, _options.PartSizeBytes);
        using var buffer = new PartBuffer();
        var filled = await FillAsync(content, buffer.Ensure(sizes.Next(1)), sizes.Next(1), ct);
        if (filled < sizes.Next(1))
        {
            // The whole stream fit in one part: a multipart upload would only add round trips.
            await CallAsync(null, t => _s3.PutObjectAsync(NewPut(key, contentType, new MemoryStream(buffer.Bytes, 0, filled, writable: false)), t), ct);
            return;
        }
        await PutMultipartAsync(key, content, contentType, sizes, buffer, filled, ct);
    }

    private async Task PutMultipartAsync(string key, Stream content, string contentType, PartSizes sizes, PartBuffer buffer, int length, CancellationToken ct)
    {
        var start = new InitiateMultipartUploadRequest { BucketName = _options.Bucket, Key = key, ContentType = contentType };
        var uploadId = (await CallAsync(null, t => _s3.InitiateMultipartUploadAsync(start, t), ct)).UploadId;
        try
        {
            var parts = new List<PartETag>();
            while (length > 0)
            {
                if (parts.Count == S3PartSize.MaxParts)
                    throw new InvalidOperationException($"'{key}' needs more than {S3PartSize.MaxParts} parts: the stream is longer than it said.");
                var part = new PartETag(parts.Count + 1, null);
                var partLength = length;
                var response = await CallAsync(null, t => _s3.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _options.Bucket, Key = key, UploadId = uploadId,
                    PartNumber = part.PartNumber, PartSize = partLength,
                    InputStream = new MemoryStream(buffer.Bytes, 0, partLength, writable: false),
                    UseChunkEncoding = !_options.UnchunkedPayloads,
                }, t), ct);
                part.ETag = response.ETag;
                parts.Add(part);
                var next = sizes.Next(parts.Count + 1);
                length = await FillAsync(content, buffer.Ensure(next), next, ct);
            }
            var complete = new CompleteMultipartUploadRequest { BucketName = _options.Bucket, Key = key, UploadId = uploadId, PartETags = parts };
            await CallAsync(null, t => _s3.CompleteMultipartUploadAsync(complete, t), ct);
        }
        catch
        {
            await AbortQuietlyAsync(key, uploadId);
            throw;
        }
    }

    /// <summary>One pooled part buffer, replaced by a larger one when parts grow.</summary>
    private sealed class PartBuffer : IDisposable
    {
        public byte[] Bytes { get; private set; } = [];

        public byte[] Ensure(int size)
        {
            if (Bytes.Length >= size) return Bytes;
            Dispose();
            return Bytes = ArrayPool<byte>.Shared.Rent(size);
        }

        public void Dispose()
        {
            if (Bytes.Length > 0) ArrayPool<byte>.Shared.Return(Bytes);
            Bytes = [];
        }
    }

    /// <summary>Part sizes of one upload: fixed from a known length, growing when the length is unknown.</summary>
    private readonly struct PartSizes(long? length, int minimum)
    {
        private readonly int _fixed = length is { } l ? checked((int)S3PartSize.For(l, minimum)) : 0;

        public int Next(int partNumber) => _fixed > 0 ? _fixed : checked((int)S3PartSize.ForUnknownLength(partNumber, minimum));
    }

    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            // Not the caller's token: a cancelled upload still has to release its stored parts.
            await _s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _options.Bucket, Key = key, UploadId = uploadId }, CancellationToken.None);
        }
        catch (Exception)
        {
            // The original failure matters more; parts left behind are reclaimed by the bucket's lifecycle rule.
        }
    }

    private PutObjectRequest NewPut(string key, string contentType, Stream body) => new()
    {
        BucketName = _options.Bucket,
        Key = key,
        ContentType = contentType,
        InputStream = body,
        AutoCloseStream = false,
        AutoResetStreamPosition = false,
        UseChunkEncoding = !_options.UnchunkedPayloads,
    };

    /// <summary>Reads until the buffer holds <paramref name="count"/> bytes or the stream ends; streams may return short reads.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, int count, CancellationToken ct)
        => await content.ReadAtLeastAsync(buffer.AsMemory(0, count), count, throwOnEndOfStream: false, ct);
}
