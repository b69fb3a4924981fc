namespace Matchcut.Pipeline;

/// <summary>The asset's shot vectors are searchable across titles: the pipeline's last event, with the asset's complete manifest.</summary>
public record ShotsIndexed(string AssetId, string TitleId, int VectorCount, FeatureManifest Features) : IFeatureMessage;
