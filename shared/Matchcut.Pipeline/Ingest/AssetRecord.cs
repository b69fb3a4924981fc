using Matchcut.Media;

namespace Matchcut.Pipeline;

/// <summary>What is known about an asset once ingested: its content identity and what ffprobe said.</summary>
public sealed record AssetRecord(
    string Id,
    string ContentHash,
    string SourceUri,
    string SourceKey,
    long SizeBytes,
    VideoProbe Probe,
    DateTimeOffset IngestedAt);
