namespace Matchcut.Pipeline;

/// <summary>ShotSegment's result: the shots of an asset in source frames and times, with their stored pictures and clip.</summary>
public sealed record ShotList(string AssetId, int FrameCount, double DurationSec, IReadOnlyList<ShotRecord> Shots, IReadOnlyList<BoundaryRecord> Boundaries);
