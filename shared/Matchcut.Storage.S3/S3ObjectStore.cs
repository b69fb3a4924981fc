using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using Polly;

namespace Matchcut.Storage.S3;

/// <summary>Objects in one bucket of an S3-compatible service (MinIO in deployment), with streaming transfers and retries.</summary>
public sealed partial class S3ObjectStore : IObjectStore, IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly S3StorageOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly SemaphoreSlim _bucketGate = new(1, 1);
    private readonly LocalFileCache _cache;
    private volatile bool _bucketReady;

    public S3ObjectStore(S3StorageOptions options)
    {
        options.Validate();
        _options = options;
        _s3 = S3ClientFactory.Create(options);
        _pipeline = S3ResiliencePipeline.Create(options);
        _bucketReady = !options.CreateBucketIfMissing;
        _cache = new LocalFileCache(CacheFolder, options.LocalCacheMaxBytes);
    }

    /// <summary>The bucket holding the objects.</summary>
    public string Bucket => _options.Bucket;

    private string Endpoint => string.IsNullOrWhiteSpace(_options.ServiceUrl) ? $"AWS {_options.Region}" : _options.ServiceUrl;

    public async Task<bool> ExistsAsync(string key, CancellationToken ct = default)
    {
        ObjectKey.Validate(key);
        await EnsureBucketAsync(ct);
        try
        {
            await CallAsync(key, t => _s3.GetObjectMetadataAsync(_options.Bucket, key, t), ct);
            return true;
        }
        catch (ObjectNotFoundException)
        {
            return false;
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken ct = default)
    {
        ObjectKey.Validate(key);
        await EnsureBucketAsync(ct);
        var response = await CallAsync(key, t => _s3.GetObjectAsync(_options.Bucket, key, t), ct);
        return new S3ResponseStream(response);
    }

    /// <summary>The object's length from a HEAD, then ranged GETs of at most <see cref="S3RangeStream.ChunkBytes"/> from wherever it is read.</summary>
    public async Task<Stream> OpenSeekableAsync(string key, CancellationToken ct = default)
    {
        ObjectKey.Validate(key);
        await EnsureBucketAsync(ct);
        var head = await CallAsync(key, t => _s3.GetObjectMetadataAsync(_options.Bucket, key, t), ct);
        return new S3RangeStream(head.ContentLength, (first, last, t) => CallAsync(key,
            c => _s3.GetObjectAsync(new GetObjectRequest { BucketName = _options.Bucket, Key = key, ByteRange = new ByteRange(first, last) }, c), t));
    }

    public async Task DeleteAsync(string key, CancellationToken ct = default)
    {
        ObjectKey.Validate(key);
        await EnsureBucketAsync(ct);
        await CallAsync(null, t => _s3.DeleteObjectAsync(_options.Bucket, key, t), ct);
    }

    public async Task MoveAsync(string fromKey, string toKey, CancellationToken ct = default)
    {
        ObjectKey.Validate(fromKey);
        ObjectKey.Validate(toKey);
        if (fromKey == toKey)
        {
            // S3 refuses to copy an object onto itself; a rename to the same key only has to find the object.
            if (!await ExistsAsync(fromKey, ct)) throw new ObjectNotFoundException(fromKey);
            return;
        }
        await EnsureBucketAsync(ct);
        var head = await CallAsync(fromKey, t => _s3.GetObjectMetadataAsync(_options.Bucket, fromKey, t), ct);
        if (head.ContentLength > _options.SingleCopyLimitBytes)
        {
            await CopyInPartsAsync(fromKey, toKey, head.Headers.ContentType, ct);
        }
        else
        {
            var copy = new CopyObjectRequest
            {
                SourceBucket = _options.Bucket, SourceKey = fromKey,
                DestinationBucket = _options.Bucket, DestinationKey = toKey,
            };
            await CallAsync(fromKey, t => _s3.CopyObjectAsync(copy, t), ct);
        }
        await CallAsync(null, t => _s3.DeleteObjectAsync(_options.Bucket, fromKey, t), ct);
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await EnsureBucketAsync(ct);
        // S3 and MinIO list in UTF-8 byte order, which is ordinal order for valid (ASCII) keys: no sorting needed here.
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request
            {
                BucketName = _options.Bucket,
                Prefix = prefix.Length == 0 ? null : prefix,
                MaxKeys = _options.ListPageSize,
                ContinuationToken = token,
            };
            var page = await CallAsync(null, t => _s3.ListObjectsV2Async(request, t), ct);
            foreach (var entry in page.S3Objects ?? [])
                yield return entry.Key;
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null);
    }

    public void Dispose()
    {
        _s3.Dispose();
        _bucketGate.Dispose();
    }

    private async Task EnsureBucketAsync(CancellationToken ct)
    {
        if (_bucketReady) return;
        await _bucketGate.WaitAsync(ct);
        try
        {
            if (_bucketReady) return;
            await CallAsync(null, CreateBucketUnlessPresentAsync, ct);
            _bucketReady = true;
        }
        finally
        {
            _bucketGate.Release();
        }
    }

    private async Task<bool> CreateBucketUnlessPresentAsync(CancellationToken ct)
    {
        try
        {
            await _s3.HeadBucketAsync(new HeadBucketRequest { BucketName = _options.Bucket }, ct);
            return false;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
        try
        {
            await _s3.PutBucketAsync(new PutBucketRequest { BucketName = _options.Bucket }, ct);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "BucketAlreadyOwnedByYou")
        {
            // Another instance created it between our HEAD and PUT.
        }
        return true;
    }

    /// <summary>Runs one S3 call under the retry pipeline, turning 404s on <paramref name="notFoundKey"/> and exhausted retries into store exceptions.</summary>
    private async Task<T> CallAsync<T>(string? notFoundKey, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async t => await call(t), ct);
        }
        catch (AmazonS3Exception e) when (notFoundKey is not null && IsMissingObject(e))
        {
            throw new ObjectNotFoundException(notFoundKey);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && S3TransientErrors.IsTransient(e))
        {
            throw new ObjectStoreUnavailableException(
                $"S3 at {Endpoint} (bucket '{_options.Bucket}') kept failing after {_options.MaxRetryAttempts + 1} attempts: {e.Message}", e);
        }
    }

    // HEAD responses carry no error body, so a missing object shows only as a bare 404.
    private static bool IsMissingObject(AmazonS3Exception e)
        => e.ErrorCode == "NoSuchKey" || (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is null or "" or "NotFound");
}
