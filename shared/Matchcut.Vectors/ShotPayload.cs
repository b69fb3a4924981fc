namespace Matchcut.Vectors;

/// <summary>What a search hit tells about its shot without another lookup.</summary>
public sealed record ShotPayload(
    string TitleId,
    string AssetId,
    int ShotIndex,
    double StartSec,
    double EndSec,
    string KeyframeKey,
    string ClipKey);
