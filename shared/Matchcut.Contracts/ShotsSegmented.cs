namespace Matchcut.Contracts;

/// <summary>Shots were detected and each materialized as a clip and a keyframe.</summary>
public record ShotsSegmented(string AssetId, string TitleId, string ShotsKey, int ShotCount) : IAssetMessage;
