using Matchcut.Storage;

namespace Matchcut.Pipeline;

/// <summary>Asset records, title associations and stage statuses, kept in the object store so every process sees them.</summary>
/// <remarks>Each fact is its own object (no read-modify-write), so concurrent services never lose each other's writes.</remarks>
public sealed class AssetCatalog(IObjectStore store)
{
    public Task<AssetRecord?> GetAssetAsync(string assetId, CancellationToken ct = default) =>
        store.TryGetJsonAsync<AssetRecord>(AssetKeys.Asset(assetId), ct);

    public Task PutAssetAsync(AssetRecord asset, CancellationToken ct = default) =>
        store.PutJsonAsync(AssetKeys.Asset(asset.Id), asset, ct);

    public async Task AssociateAsync(TitleAssociation association, CancellationToken ct = default)
    {
        await store.PutJsonAsync(AssetKeys.TitleOfAsset(association.AssetId, association.TitleId), association, ct);
        await store.PutJsonAsync(AssetKeys.AssetOfTitle(association.TitleId, association.AssetId), association, ct);
    }

    /// <summary>Assets landed under the title, oldest landing first.</summary>
    public async Task<IReadOnlyList<TitleAssociation>> AssetsOfTitleAsync(string titleId, CancellationToken ct = default)
    {
        var result = new List<TitleAssociation>();
        await foreach (var key in store.ListAsync(AssetKeys.TitlePrefix(titleId), ct))
        {
            if (await store.TryGetJsonAsync<TitleAssociation>(key, ct) is { } a) result.Add(a);
        }
        return result.OrderBy(a => a.LandedAt).ToList();
    }

    /// <summary>Titles the asset landed under.</summary>
    public async Task<IReadOnlyList<TitleAssociation>> TitlesOfAssetAsync(string assetId, CancellationToken ct = default)
    {
        var result = new List<TitleAssociation>();
        await foreach (var key in store.ListAsync(AssetKeys.TitlesOfAssetPrefix(assetId), ct))
        {
            if (await store.TryGetJsonAsync<TitleAssociation>(key, ct) is { } a) result.Add(a);
        }
        return result.OrderBy(a => a.LandedAt).ToList();
    }

    /// <summary>The manifest of the asset's features as Index completed it; null before the asset was first indexed.</summary>
    public Task<FeatureManifest?> GetFeaturesAsync(string assetId, CancellationToken ct = default) =>
        store.TryGetJsonAsync<FeatureManifest>(AssetKeys.Features(assetId), ct);

    /// <summary>The asset's features, or a clear error when the pipeline has not completed the asset.</summary>
    public async Task<FeatureManifest> RequireFeaturesAsync(string assetId, CancellationToken ct = default) =>
        await GetFeaturesAsync(assetId, ct) ?? throw new ObjectNotFoundException(AssetKeys.Features(assetId));

    public Task PutFeaturesAsync(string assetId, FeatureManifest features, CancellationToken ct = default) =>
        store.PutJsonAsync(AssetKeys.Features(assetId), features, ct);

    public Task SetStatusAsync(string assetId, StageStatus status, CancellationToken ct = default) =>
        store.PutJsonAsync(AssetKeys.Status(assetId, status.Stage), status, ct);

    public async Task<IReadOnlyDictionary<string, StageStatus>> GetStatusesAsync(string assetId, CancellationToken ct = default)
    {
        var result = new Dictionary<string, StageStatus>(StringComparer.Ordinal);
        foreach (var stage in Contracts.PipelineStages.All)
        {
            if (await store.TryGetJsonAsync<StageStatus>(AssetKeys.Status(assetId, stage), ct) is { } s) result[stage] = s;
        }
        return result;
    }
}
