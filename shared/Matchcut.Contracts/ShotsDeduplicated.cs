namespace Matchcut.Contracts;

/// <summary>Near-duplicate, blank and too-short shots were marked dropped; the rest are kept.</summary>
public record ShotsDeduplicated(string AssetId, string TitleId, string DedupKey, int KeptCount) : IAssetMessage;
