using System.Text.Json.Nodes;

namespace Matchcut.Vectors.Qdrant;

/// <summary>Shot vectors in a Qdrant collection over its REST API: one named vector per flavour, cosine distance, HNSW and int8 quantization.</summary>
public sealed class QdrantVectorIndex : IVectorIndex
{
    private readonly QdrantOptions _options;
    private readonly QdrantRestClient _client;
    private readonly SemaphoreSlim _dimensionsGate = new(1, 1);
    private IReadOnlyDictionary<string, int>? _dimensions;

    /// <summary>Uses <paramref name="http"/> as given (its own timeout and handlers stay in force) against <see cref="QdrantOptions.Url"/>.</summary>
    public QdrantVectorIndex(HttpClient http, QdrantOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.UpsertBatchSize);
        _options = options;
        _client = new QdrantRestClient(http, options);
    }

    private string Collection => _client.CollectionPath;

    public async Task EnsureFlavoursAsync(IReadOnlyDictionary<string, int> dimensions, CancellationToken ct = default)
    {
        await _dimensionsGate.WaitAsync(ct);
        try
        {
            var existing = await ReadDimensionsAsync(ct);
            if (existing is not null && dimensions.All(d => existing.TryGetValue(d.Key, out var size) && size == d.Value))
            {
                _dimensions = existing;
                return;
            }
            // Qdrant cannot resize or add a named vector in place: the collection is dropped and made anew, so shots are indexed again.
            var wanted = new Dictionary<string, int>(existing ?? new Dictionary<string, int>(), StringComparer.Ordinal);
            foreach (var (name, size) in dimensions) wanted[name] = size;
            var collectionQuery = $"?timeout={(int)_options.CollectionTimeout.TotalSeconds}";
            if (existing is not null)
                await _client.SendAsync(HttpMethod.Delete, Collection + collectionQuery, null, ct, timeout: _options.CollectionTimeout);
            await _client.SendAsync(HttpMethod.Put, Collection + collectionQuery, QdrantRequests.CreateCollection(wanted, _options), ct, timeout: _options.CollectionTimeout);
            foreach (var field in new[] { QdrantPayload.TitleId, QdrantPayload.AssetId })
                await _client.SendAsync(HttpMethod.Put, $"{Collection}/index?wait=true", QdrantRequests.KeywordIndex(field), ct);
            _dimensions = wanted;
        }
        finally
        {
            _dimensionsGate.Release();
        }
    }

    public async Task UpsertAsync(IReadOnlyList<ShotPoint> points, CancellationToken ct = default)
    {
        var dimensions = await DimensionsAsync(ct);
        foreach (var point in points)
            foreach (var (name, vector) in point.Vectors)
            {
                if (!dimensions.TryGetValue(name, out var size))
                    throw new InvalidOperationException($"Flavour '{name}' is not in collection '{_options.Collection}'; call EnsureFlavoursAsync first.");
                if (vector.Length != size)
                    throw new ArgumentException($"Shot {point.ShotId}: '{name}' vector has {vector.Length} dimensions, the collection {size}.");
            }
        // wait=true: Qdrant answers once the points are applied, so a search right after sees them.
        foreach (var batch in points.Chunk(_options.UpsertBatchSize))
            await _client.SendAsync(HttpMethod.Put, $"{Collection}/points?wait=true", QdrantRequests.Upsert(batch), ct);
    }

    public async Task<IReadOnlyList<VectorHit>> SearchAsync(VectorQuery query, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.K);
        var result = await _client.SendAsync(HttpMethod.Post, $"{Collection}/points/search", QdrantRequests.Search(query, _options), ct);
        return result!.AsArray().Select(hit =>
        {
            var (shotId, payload) = QdrantPayload.FromJson(hit!["payload"]!);
            return new VectorHit(shotId, hit["score"]!.GetValue<float>(), payload);
        }).ToList();
    }

    public async Task<ShotPoint?> GetAsync(string shotId, CancellationToken ct = default)
    {
        var result = await _client.SendAsync(HttpMethod.Post, $"{Collection}/points", QdrantRequests.Retrieve(shotId), ct);
        if (result!.AsArray() is not [{ } record, ..]) return null;
        var (id, payload) = QdrantPayload.FromJson(record["payload"]!);
        var vectors = record["vector"]!.AsObject().ToDictionary(
            v => v.Key, v => v.Value!.AsArray().Select(x => x!.GetValue<float>()).ToArray(), StringComparer.Ordinal);
        return new ShotPoint(id, vectors, payload);
    }

    public async Task<int> DeleteAssetAsync(string assetId, CancellationToken ct = default)
    {
        // Qdrant's delete does not say how many points went; counting first is exact unless the asset is written meanwhile.
        var counted = await _client.SendAsync(HttpMethod.Post, $"{Collection}/points/count", QdrantRequests.Count(assetId), ct);
        await _client.SendAsync(HttpMethod.Post, $"{Collection}/points/delete?wait=true", QdrantRequests.DeleteByFilter(assetId), ct);
        return counted?["count"]?.GetValue<int>() ?? -1;
    }

    private async Task<IReadOnlyDictionary<string, int>> DimensionsAsync(CancellationToken ct)
    {
        if (_dimensions is { } known) return known;
        return _dimensions = await ReadDimensionsAsync(ct)
            ?? throw new InvalidOperationException($"Collection '{_options.Collection}' does not exist; call EnsureFlavoursAsync first.");
    }

    /// <summary>The collection's named vectors and sizes, or null when it does not exist; an unnamed single vector reads as no flavours.</summary>
    private async Task<Dictionary<string, int>?> ReadDimensionsAsync(CancellationToken ct)
    {
        var info = await _client.SendAsync(HttpMethod.Get, Collection, null, ct, notFoundIsNull: true);
        if (info is null) return null;
        var vectors = info["config"]?["params"]?["vectors"] as JsonObject;
        var dimensions = new Dictionary<string, int>(StringComparer.Ordinal);
        if (vectors is null || vectors.ContainsKey("size")) return dimensions;
        foreach (var (name, config) in vectors)
            if (config?["size"] is { } size) dimensions[name] = size.GetValue<int>();
        return dimensions;
    }
}
