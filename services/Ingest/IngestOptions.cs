namespace Matchcut.Ingest;

/// <summary>Which sources Ingest accepts; bound from the "Ingest" configuration section.</summary>
public sealed class IngestOptions
{
    /// <summary>Folders whose files may be ingested; anything outside them is rejected.</summary>
    public List<string> AllowedRoots { get; set; } = [];

    /// <summary>The bucket that s3:// sources must name (the object store's own bucket).</summary>
    public string SourceBucket { get; set; } = "matchcut";

    /// <summary>
    /// Key prefixes of the source bucket that s3:// landings may name (default uploads/): where other teams upload. The
    /// pipeline's own objects (assets/, titles/, landings/, incoming/, reviews/) can never be landed, so no landing can
    /// take another asset's stored source under a new title.
    /// </summary>
    public List<string> UploadPrefixes { get; set; } = ["uploads/"];

    /// <summary>Key prefixes the pipeline writes; an upload prefix inside one is refused at start-up.</summary>
    internal static readonly string[] ReservedPrefixes = ["assets/", "titles/", "landings/", "incoming/", "reviews/"];

    /// <summary>Larger sources are rejected up front (default 200 GiB; at most S3's 5 TiB object limit).</summary>
    public long MaxBytes { get; set; } = 200L << 30;

    /// <summary>
    /// Sources larger than this are hashed in a first pass and then uploaded straight to their final key, so nothing
    /// is ever copied above S3's single CopyObject limit (5 GB, the most allowed here); smaller ones stream once and are moved.
    /// </summary>
    public long HashFirstAboveBytes { get; set; } = Storage.S3.S3StorageOptions.MaxSingleCopyBytes;

    /// <summary>Larger pictures (width x height as stored) are rejected; default 8K (8192 x 4320).</summary>
    public long MaxPixels { get; set; } = 8192L * 4320;

    /// <summary>Longer sources are rejected; default 6 hours.</summary>
    public double MaxDurationSec { get; set; } = 6 * 3600;

    /// <summary>Checked at start-up: limits S3 cannot honour stop the service, naming the setting.</summary>
    internal sealed class Validation : Microsoft.Extensions.Options.IValidateOptions<IngestOptions>
    {
        public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, IngestOptions options) => Problem(options) is { } problem
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problem)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
    }

    private static string? Problem(IngestOptions o) =>
        o.MaxBytes <= 0 || o.MaxBytes > Storage.S3.S3PartSize.MaxObjectBytes ? $"Ingest:MaxBytes must be within 1..{Storage.S3.S3PartSize.MaxObjectBytes} (S3's largest object); got {o.MaxBytes}."
        : o.HashFirstAboveBytes is < 0 or > Storage.S3.S3StorageOptions.MaxSingleCopyBytes ? $"Ingest:HashFirstAboveBytes must be within 0..{Storage.S3.S3StorageOptions.MaxSingleCopyBytes} (S3's single-copy limit); got {o.HashFirstAboveBytes}."
        : o.UploadPrefixes.FirstOrDefault(p => !IsUploadPrefix(p)) is { } bad
            ? $"Ingest:UploadPrefixes: '{bad}' is not an upload prefix: a key prefix ending in '/', outside the pipeline's own {string.Join(", ", ReservedPrefixes)}."
        : o.MaxPixels <= 0 ? "Ingest:MaxPixels must be positive."
        : o.MaxDurationSec <= 0 ? "Ingest:MaxDurationSec must be positive."
        : null;

    private static bool IsUploadPrefix(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix) || !prefix.EndsWith('/') || ReservedPrefixes.Any(r => prefix.StartsWith(r, StringComparison.Ordinal) || r.StartsWith(prefix, StringComparison.Ordinal)))
            return false;
        try
        {
            Storage.ObjectKey.Validate(prefix + "x");
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
