using Matchcut.Vectors.InProcess;

namespace Matchcut.Vectors;

/// <summary>The embedded default: exact cosine search in memory, kept for callers that want no options.</summary>
public sealed class InMemoryVectorIndex : IVectorIndex
{
    private readonly InProcessVectorIndex _index = new(new InProcessVectorIndexOptions { Mode = VectorSearchMode.Exact });

    public Task EnsureFlavoursAsync(IReadOnlyDictionary<string, int> dimensions, CancellationToken ct = default) =>
        _index.EnsureFlavoursAsync(dimensions, ct);

    public Task UpsertAsync(IReadOnlyList<ShotPoint> points, CancellationToken ct = default) => _index.UpsertAsync(points, ct);

    public Task<IReadOnlyList<VectorHit>> SearchAsync(VectorQuery query, CancellationToken ct = default) => _index.SearchAsync(query, ct);

    public Task<ShotListing> ListAsync(ShotFilter filter, int skip, int take, CancellationToken ct = default) => _index.ListAsync(filter, skip, take, ct);

    public Task<ShotScroll> ScrollAsync(ShotFilter filter, string? cursor, int take, CancellationToken ct = default) => _index.ScrollAsync(filter, cursor, take, ct);

    public Task<ShotPoint?> GetAsync(string shotId, CancellationToken ct = default) => _index.GetAsync(shotId, ct);

    public Task<int> DeleteAssetAsync(string assetId, CancellationToken ct = default) => _index.DeleteAssetAsync(assetId, ct);
}
