namespace Matchcut.Pipeline;

/// <summary>Shot representations were computed, one vector set per match-cut flavour; <paramref name="Features"/> adds embeddings, annotations and (with models) vision.</summary>
public record ShotsEmbedded(string AssetId, string TitleId, IReadOnlyList<string> Flavours, FeatureManifest Features) : IFeatureMessage;
