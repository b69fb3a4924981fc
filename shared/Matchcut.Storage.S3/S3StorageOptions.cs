namespace Matchcut.Storage.S3;

/// <summary>Where and how <see cref="S3ObjectStore"/> talks to an S3-compatible service; bound from <see cref="SectionName"/>.</summary>
public sealed class S3StorageOptions
{
    /// <summary>Configuration section, e.g. <c>Storage:S3:Bucket</c> or the environment variable <c>Storage__S3__Bucket</c>.</summary>
    public const string SectionName = "Storage:S3";

    /// <summary>S3 never accepts smaller parts except the last one.</summary>
    public const int MinPartSizeBytes = 5 * 1024 * 1024;

    /// <summary>The most S3 accepts in one CopyObject (5 GB); larger objects are copied in parts.</summary>
    public const long MaxSingleCopyBytes = 5_000_000_000;

    /// <summary>Endpoint such as <c>http://minio:9000</c>; empty means AWS itself, addressed by <see cref="Region"/>.</summary>
    public string ServiceUrl { get; set; } = "";

    /// <summary>Signing region (MinIO accepts any).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Empty means the SDK's default credential chain (environment, profile, instance role).</summary>
    public string AccessKey { get; set; } = "";

    /// <summary>Secret of <see cref="AccessKey"/> (a secret in deployment).</summary>
    public string SecretKey { get; set; } = "";

    /// <summary>Bucket holding every stored object.</summary>
    public string Bucket { get; set; } = "matchcut";

    /// <summary>MinIO and most self-hosted services serve buckets under the path, not as subdomains.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Send plain bodies instead of aws-chunked framing, which some S3 look-alikes store verbatim.</summary>
    public bool UnchunkedPayloads { get; set; } = true;

    /// <summary>Seekable streams up to this size go in one PUT; anything larger, or of unknown length, goes multipart.</summary>
    public long MultipartThresholdBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Smallest multipart part size; parts grow with the object (<see cref="S3PartSize"/>) so 10,000 parts always suffice. An upload holds one part in memory.</summary>
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Objects up to this size are moved with one CopyObject; larger ones are streamed into a multipart upload.</summary>
    public long SingleCopyLimitBytes { get; set; } = MaxSingleCopyBytes;

    /// <summary>Keys requested per list call; S3 caps it at 1000.</summary>
    public int ListPageSize { get; set; } = 1000;

    /// <summary>Where <see cref="IObjectStore.OpenLocalFileAsync"/> keeps downloaded copies.</summary>
    public string LocalCacheFolder { get; set; } = Path.Combine(Path.GetTempPath(), "matchcut-s3-cache");

    /// <summary>Bytes the local copies may take; least recently used copies no one holds are deleted to make room.</summary>
    public long LocalCacheMaxBytes { get; set; } = 32L << 30;

    /// <summary>Create the bucket on first use; handy for development, usually off where buckets are provisioned.</summary>
    public bool CreateBucketIfMissing { get; set; }

    /// <summary>Retries after the first attempt for transient failures (5xx, throttling, timeouts, refused connections).</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between retries.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Per request, up to the response headers; streamed bodies are not cut off by it.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Time to open a connection to the endpoint.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Bucket)) throw new ArgumentException("S3 storage needs a bucket name.", nameof(Bucket));
        if (PartSizeBytes < MinPartSizeBytes) throw new ArgumentException($"PartSizeBytes must be at least {MinPartSizeBytes}.", nameof(PartSizeBytes));
        if (MultipartThresholdBytes < 0) throw new ArgumentException("MultipartThresholdBytes must not be negative.", nameof(MultipartThresholdBytes));
        if (ListPageSize is < 1 or > 1000) throw new ArgumentException("ListPageSize must be within 1..1000.", nameof(ListPageSize));
        if (MaxRetryAttempts < 0) throw new ArgumentException("MaxRetryAttempts must not be negative.", nameof(MaxRetryAttempts));
        if (SingleCopyLimitBytes is < 0 or > MaxSingleCopyBytes)
            throw new ArgumentException($"SingleCopyLimitBytes must be within 0..{MaxSingleCopyBytes} (S3's CopyObject limit).", nameof(SingleCopyLimitBytes));
        if (LocalCacheMaxBytes <= 0) throw new ArgumentException("LocalCacheMaxBytes must be positive.", nameof(LocalCacheMaxBytes));
        if (string.IsNullOrWhiteSpace(LocalCacheFolder)) throw new ArgumentException("S3 storage needs a local cache folder.", nameof(LocalCacheFolder));
    }
}
