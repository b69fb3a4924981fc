namespace Matchcut.Contracts;

/// <summary>Stage names as they appear in AssetFailed, statuses and timings.</summary>
public static class PipelineStages
{
    public const string Ingest = "ingest";
    public const string StandardizedEncode = "standardized-encode";
    public const string ShotSegment = "shot-segment";
    public const string Dedup = "dedup";
    public const string EmbedGpu = "embed";
    public const string Score = "score";
    public const string Index = "index";

    /// <summary>All stages in pipeline order.</summary>
    public static readonly IReadOnlyList<string> All = [Ingest, StandardizedEncode, ShotSegment, Dedup, EmbedGpu, Score, Index];
}
