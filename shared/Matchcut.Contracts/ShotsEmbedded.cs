namespace Matchcut.Contracts;

/// <summary>Shot representations were computed, one vector set per match-cut flavour.</summary>
public record ShotsEmbedded(string AssetId, string TitleId, string EmbeddingsKey, IReadOnlyList<string> Flavours) : IAssetMessage;
