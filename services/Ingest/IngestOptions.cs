namespace Matchcut.Ingest;

/// <summary>Which sources Ingest accepts; bound from the "Ingest" configuration section.</summary>
public sealed class IngestOptions
{
    /// <summary>Folders whose files may be ingested; anything outside them is rejected.</summary>
    public List<string> AllowedRoots { get; set; } = [];

    /// <summary>The bucket that s3:// sources must name (the object store's own bucket).</summary>
    public string SourceBucket { get; set; } = "matchcut";

    /// <summary>Larger sources are rejected up front (default 200 GiB).</summary>
    public long MaxBytes { get; set; } = 200L << 30;
}
