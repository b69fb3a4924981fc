namespace Matchcut.Contracts;

/// <summary>The asset's shot vectors are searchable across titles: the pipeline's last event.</summary>
public record ShotsIndexed(string AssetId, string TitleId, int VectorCount) : IAssetMessage;
