namespace Matchcut.Contracts;

/// <summary>The standardized encode exists: the video and its timeline (mapping back to source frames).</summary>
public record AssetStandardized(string AssetId, string TitleId, string Profile, string VideoKey, string TimelineKey)
    : IAssetMessage;
