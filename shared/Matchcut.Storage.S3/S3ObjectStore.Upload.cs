using System.Buffers;
using Amazon.S3.Model;

namespace Matchcut.Storage.S3;

// Uploads never hold more than one part in memory: small seekable streams go in one PUT, everything else in parts.
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
            await PutInPartsAsync(key, content, contentType, ct);
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

    private async Task PutInPartsAsync(string key, Stream content, string contentType, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_options.PartSizeBytes);
        try
        {
            var length = await FillAsync(content, buffer, _options.PartSizeBytes, ct);
            if (length < _options.PartSizeBytes)
            {
                // The whole stream fit in one part: a multipart upload would only add round trips.
                await CallAsync(null, t => _s3.PutObjectAsync(NewPut(key, contentType, new MemoryStream(buffer, 0, length, writable: false)), t), ct);
                return;
            }
            await PutMultipartAsync(key, content, contentType, buffer, length, ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task PutMultipartAsync(string key, Stream content, string contentType, byte[] buffer, int length, CancellationToken ct)
    {
        var start = new InitiateMultipartUploadRequest { BucketName = _options.Bucket, Key = key, ContentType = contentType };
        var uploadId = (await CallAsync(null, t => _s3.InitiateMultipartUploadAsync(start, t), ct)).UploadId;
        try
        {
            var parts = new List<PartETag>();
            while (length > 0)
            {
                var part = new PartETag(parts.Count + 1, null);
                var partLength = length;
                var response = await CallAsync(null, t => _s3.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _options.Bucket, Key = key, UploadId = uploadId,
                    PartNumber = part.PartNumber, PartSize = partLength,
                    InputStream = new MemoryStream(buffer, 0, partLength, writable: false),
                    UseChunkEncoding = !_options.UnchunkedPayloads,
                }, t), ct);
                part.ETag = response.ETag;
                parts.Add(part);
                length = await FillAsync(content, buffer, _options.PartSizeBytes, ct);
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
