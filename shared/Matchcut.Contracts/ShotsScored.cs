namespace Matchcut.Contracts;

/// <summary>All pairs of kept shots were scored per flavour and the top K stored.</summary>
public record ShotsScored(string AssetId, string TitleId, string MatchesKey) : IAssetMessage;
